package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 12–19 digits, single spaces or dashes allowed between them, starting with a payment card's
 * major industry identifier (ISO/IEC 7812: 2–6 for banking and financial cards, 1 for airline cards, which have 15
 * digits), and the Luhn checksum must hold (which rejects nine in ten order or account numbers of the same length). A
 * number starting with 0 (a national phone number, "0970 104 06847") is never a card, nor one named as another
 * identifier just before it ("order 113542617735902").
 */
final class CardNumberDetector implements PiiDetector {

	private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){11,18}(?![\\d-])");

	@Override
	public PiiType type() {
		return PiiType.CARD;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher matcher = CARD.matcher(text);
		while (matcher.find()) {
			if (issuedToPay(matcher.group()) && passesLuhn(matcher.group())
					&& !NumberCues.namedAsOtherIdentifier(text, matcher.start(), NumberCues.CARD_WORDS)) {
				found.add(new PiiFinding(matcher.start(), matcher.end(), PiiType.CARD, 1.0));
			}
		}
		return found;
	}

	/** Whether the number starts as payment cards do (ISO/IEC 7812 major industry identifier). */
	static boolean issuedToPay(String candidate) {
		char first = candidate.charAt(0);
		long digits = candidate.chars().filter(Character::isDigit).count();
		return first >= '2' && first <= '6' || first == '1' && digits == 15;
	}

	// hand-written: the Luhn sum is six lines and no library on the classpath exposes it
	static boolean passesLuhn(String candidate) {
		int sum = 0;
		boolean doubleIt = false;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char c = candidate.charAt(i);
			if (c < '0' || c > '9') {
				continue;
			}
			int digit = c - '0';
			if (doubleIt) {
				digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
			}
			sum += digit;
			doubleIt = !doubleIt;
		}
		return sum % 10 == 0;
	}

}
