package dev.tessera.guardrails.pii;

import java.util.regex.Pattern;

/**
 * What the words just before a number say it is: a number named as an order, invoice, account or other identifier
 * ("cancel purchase 113542617735902") is not a phone or card number, however its digits read.
 */
final class NumberCues {

	// the identifier's name within a few words before the number ("order", "invoice no.", "my account is")
	private static final Pattern OTHER_IDENTIFIER = Pattern.compile(
			"(?i)(?:licen[cs]e|account|order|purchase|invoice|receipt|bill|reference|ref\\.|passport|policy|tracking|booking|reservation|transaction|confirmation|serial|member|customer|id|isbn|sku|item|product|case|ticket|claim|contract|loan|iban|routing|ssn|itin|tax|taxpayer|zip|postcode|postal)s?\\b[^\\n\\d]{0,20}$");

	private NumberCues() {
	}

	/** Whether the number starting at {@code start} is named as another identifier just before it. */
	static boolean namedAsOtherIdentifier(String text, int start) {
		return OTHER_IDENTIFIER.matcher(text.substring(Math.max(0, start - 32), start)).find();
	}

}
