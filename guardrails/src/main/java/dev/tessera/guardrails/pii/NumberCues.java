package dev.tessera.guardrails.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the words just before a number say it is: a number named as an order, invoice, account or other identifier
 * ("cancel purchase 113542617735902") is not a phone or card number, however its digits read — unless a word naming
 * the detector's own kind stands between that name and the number ("pay for my order with card 4111 …").
 */
final class NumberCues {

	// the identifier's name within a few words before the number ("order", "invoice no.", "my account is")
	private static final Pattern OTHER_IDENTIFIER = Pattern.compile(
			"(?i)\\b(?:licen[cs]e|account|order|purchase|invoice|receipt|bill|reference|ref\\.|passport|policy|tracking|booking|reservation|transaction|confirmation|serial|member|customer|id|isbn|sku|item|product|case|ticket|claim|contract|loan|iban|routing|ssn|itin|tax|taxpayer|zip|postcode|postal)s?\\b([^\\n\\d]{0,20})$");

	/** Words naming a payment card. */
	static final Pattern CARD_WORDS = Pattern.compile("(?i)\\b(?:card|visa|mastercard|amex|maestro|credit|debit)\\b");

	/** Words naming a phone number. */
	static final Pattern PHONE_WORDS = Pattern.compile(
			"(?i)\\b(?:phones?|tel|telephone|mobile|cell|cellphone|fax|call|ring|whatsapp|landline)\\b");

	private NumberCues() {
	}

	/**
	 * Whether the number starting at {@code start} is named as another identifier just before it, with no word of
	 * the detector's own kind ({@code ownWords}) after that name.
	 */
	static boolean namedAsOtherIdentifier(String text, int start, Pattern ownWords) {
		Matcher other = OTHER_IDENTIFIER.matcher(text.substring(Math.max(0, start - 32), start));
		return other.find() && !ownWords.matcher(other.group(1)).find();
	}

}
