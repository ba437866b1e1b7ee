package dev.tessera.guardrails.pii;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs: a country code, two check digits and 11–30 letters or digits (grouped by spaces or not), accepted only when
 * the ISO 13616 mod-97 check gives 1.
 */
final class IbanDetector implements PiiDetector {

	private static final Pattern IBAN = Pattern
		.compile("(?<![\\p{L}\\d])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){11,30}(?![\\p{L}\\d])");

	@Override
	public PiiType type() {
		return PiiType.IBAN;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher matcher = IBAN.matcher(text);
		while (matcher.find()) {
			String compact = matcher.group().replace(" ", "");
			// a grouped match may run into a following word: trim whole trailing groups until the checksum holds
			int end = matcher.end();
			while (compact.length() >= 15) {
				if (valid(compact)) {
					found.add(new PiiFinding(matcher.start(), end, PiiType.IBAN, 1.0));
					break;
				}
				int lastSpace = text.lastIndexOf(' ', end - 1);
				if (lastSpace <= matcher.start()) {
					break;
				}
				compact = text.substring(matcher.start(), lastSpace).replace(" ", "");
				end = lastSpace;
			}
		}
		return found;
	}

	static boolean valid(String compact) {
		String iban = compact.toUpperCase(Locale.ROOT);
		String rearranged = iban.substring(4) + iban.substring(0, 4);
		StringBuilder digits = new StringBuilder();
		for (int i = 0; i < rearranged.length(); i++) {
			char c = rearranged.charAt(i);
			digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
		}
		return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
	}

}
