package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers, validated by libphonenumber: a number written with a {@code +} or {@code 00} prefix must have a
 * possible length for its country code; a national number must be valid in at least one of the {@linkplain #DEFAULT_REGIONS regions}
 * tried (the United States first). Digit groups that are dates or times, or that follow a name for another
 * identifier ("licence number", "order"), are skipped. Extensions ({@code x123}, {@code ext. 12}) belong to the number.
 * <p>
 * Limitations: a national number valid only in a region not in the list is missed; a 7–15 digit number that happens
 * to be a valid phone number somewhere (an order number written like a phone number) is found.
 */
final class PhoneNumberDetector implements PiiDetector {

	/** Regions tried for numbers without a country code: North America, Europe and the larger others. */
	public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "CA", "AU", "IE", "NZ", "IN", "DE", "FR",
			"IT", "ES", "PT", "NL", "BE", "LU", "CH", "AT", "DK", "SE", "NO", "FI", "IS", "PL", "CZ", "SK", "HU", "RO",
			"BG", "GR", "CY", "HR", "SI", "EE", "LV", "LT", "RU", "UA", "TR", "IL", "ZA", "BR", "MX", "AR", "JP", "CN",
			"KR", "SG");

	// a digit, then digits with single separators; optional + / 00 / ( before, optional extension after
	private static final Pattern CANDIDATE = Pattern.compile(
			"(?<![\\w@.+/-])(?:\\+|\\(\\+?)?\\d(?:[ \\t.\\-/]?\\(?\\d\\)?|\\)[ \\t]?\\d){6,20}(?:[ \\t]*(?:x|ext\\.?|extension)[ \\t]*\\d{1,6})?(?![\\w@]|[.\\-/]\\d)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern EXTENSION = Pattern.compile("(?i)[ \\t]*(?:x|ext\\.?|extension)[ \\t]*\\d{1,6}$");

	// dates and times written with digits and dashes look like numbers to the candidate pattern
	private static final Pattern DATE_OR_TIME = Pattern.compile("\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}:\\d{2}");

	// other identifiers written like phone numbers, named just before them
	private static final Pattern OTHER_NUMBER_CUE = Pattern.compile(
			"(?i)(?:licen[cs]e|account|order|invoice|reference|ref\\.|passport|policy|tracking|serial|member|customer|id)\\b[^\\n\\d]{0,20}$");

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final List<String> regions;

	public PhoneNumberDetector() {
		this(DEFAULT_REGIONS);
	}

	public PhoneNumberDetector(List<String> regions) {
		this.regions = List.copyOf(regions);
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher matcher = CANDIDATE.matcher(text);
		while (matcher.find()) {
			String candidate = EXTENSION.matcher(matcher.group()).replaceFirst("");
			int digits = (int) candidate.chars().filter(Character::isDigit).count();
			if (digits < 7 || digits > 15) {
				continue;
			}
			if (DATE_OR_TIME.matcher(candidate).find()
					|| OTHER_NUMBER_CUE.matcher(text.substring(Math.max(0, matcher.start() - 32), matcher.start())).find()) {
				continue;
			}
			double confidence = confidence(candidate);
			if (confidence > 0) {
				found.add(new PiiFinding(matcher.start(), matcher.end(), PiiType.PHONE, confidence));
			}
		}
		return found;
	}

	/** 1 for a number valid with its country code or in the first region, 0.8 for another region, 0 if invalid. */
	private double confidence(String candidate) {
		String trimmed = candidate.strip();
		if (trimmed.startsWith("+") || trimmed.startsWith("(+") || trimmed.startsWith("00")) {
			String international = trimmed.startsWith("00") ? "+" + trimmed.substring(2) : trimmed;
			// an explicit country code is strong evidence: a possible length for that country is enough
			return possible(international) ? 1.0 : 0;
		}
		for (int i = 0; i < this.regions.size(); i++) {
			if (valid(trimmed, this.regions.get(i))) {
				return i == 0 ? 1.0 : 0.8;
			}
		}
		return 0;
	}

	private boolean possible(String international) {
		try {
			return this.phones.isPossibleNumber(this.phones.parse(international, "ZZ"));
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

	private boolean valid(String candidate, String region) {
		try {
			PhoneNumber number = this.phones.parse(candidate, region);
			return this.phones.isValidNumber(number);
		}
		catch (NumberParseException ex) {
			return false;
		}
	}

}
