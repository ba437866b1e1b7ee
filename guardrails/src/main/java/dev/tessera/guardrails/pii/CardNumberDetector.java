package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 12–19 digits, single spaces or dashes allowed between them, and the Luhn checksum must hold
 * (which rejects nine in ten order or account numbers of the same length).
 */
final class CardNumberDetector implements PiiDetector {

	private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){11,18}(?![\\d-])");

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher matcher = CARD.matcher(text);
		while (matcher.find()) {
			if (passesLuhn(matcher.group())) {
				found.add(new PiiFinding(matcher.start(), matcher.end(), PiiType.CARD, 1.0));
			}
		}
		return found;
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
