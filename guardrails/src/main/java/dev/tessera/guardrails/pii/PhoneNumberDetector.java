package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;

/**
 * Phone numbers, found by libphonenumber's own matcher ({@link PhoneNumberUtil#findNumbers}) in each of the regions
 * given (the pack's {@code regions}), so that national formats of those regions and every international number are
 * read as the library reads them, extensions included:
 * <ul>
 * <li>a number valid in one of the regions, or written with its country code ({@code +44 …}, {@code 0044 …}) and valid
 * there, is found (confidence 1.0 in the first region or with a country code, 0.9 in another);</li>
 * <li>a number of a possible length but not valid (numbering plans change, and people mistype) is found when something
 * besides its digits says it is a phone number: a country code or international prefix or an extension (0.9), or a
 * phone word within the few words before it ("call", "tel", "reach me", …) or after it ("… is my mobile", "… but
 * nobody answered") (0.7); a bare run of digits needs the phone word;</li>
 * <li>short codes (fewer than 7 digits: 112, 911) and numbers glued to letters ("RMA-100119") are not phone
 * numbers;</li>
 * <li>a number named as another identifier just before it ("order", "invoice", "account", …: {@link NumberCues}), and
 * a date, time, dotted version or amount, is skipped.</li>
 * </ul>
 * Limitations: a national number of a region not listed is found only with a country code; an identifier written like
 * a valid phone number, with no name before it, is found.
 */
final class PhoneNumberDetector implements PiiDetector {

	/** Regions tried when a pack declares none: North America, the British Isles, Australia and India, Western Europe. */
	public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "CA", "AU", "IE", "NZ", "IN", "DE", "FR",
			"IT", "ES", "NL", "BE", "CH", "AT");

	// the few words before a number that say it is a phone number
	private static final Pattern PHONE_CUE = Pattern.compile(
			"(?i)\\b(?:phones?|tel|telephone|mobile|cell|cellphone|fax|call|calls|called|calling|ring|ringing|rang|dial|text|sms|whatsapp|contact|reach|number|no\\.|hotline|landline|extension|answer|answering|registered|phoned)\\b[^\\n\\d]{0,25}$");


	// the layouts of US social security and taxpayer numbers (123-45-6789) and ZIP+4 codes (12345-6789)
	private static final Pattern OTHER_LAYOUT = Pattern.compile("\\d{3}-\\d{2}-\\d{4}|\\d{5}-\\d{4}");

	private static final Pattern INTERNATIONAL = Pattern.compile("\\(?(?:\\+|00|011)");

	private static final Pattern NORTH_AMERICAN = Pattern.compile("\\d{3}\\.\\d{3}\\.\\d{4}");

	private static final Pattern EXTENSION = Pattern.compile("(?i)(?:x|ext\\.?|extension)[ \\t]*\\d{1,6}$");

	// dates, times and dotted versions are written with the digits and separators of phone numbers
	private static final Pattern DATE_TIME_OR_VERSION = Pattern.compile(
			"\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}|\\d{1,2}:\\d{2}(?::\\d{2})?|\\d+(?:\\.\\d+){2,}"
					// amounts with thousands separators: 1,234,567.89
					+ "|\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");

	// the few words after a number that say it is a phone number ("… is my mobile", "… but nobody answered")
	private static final Pattern PHONE_CUE_AFTER = Pattern.compile(
			"(?i)^[^\\n\\d]{0,30}\\b(?:phones?|mobile|cell|cellphone|landline|tel|fax|number|answered|answering|ring|call)\\b");

	private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

	private final List<String> regions;

	PhoneNumberDetector() {
		this(DEFAULT_REGIONS);
	}

	/** @param regions ISO 3166 region codes, the most likely first */
	PhoneNumberDetector(List<String> regions) {
		if (regions.isEmpty()) {
			throw new IllegalArgumentException("a phone number detector needs at least one region");
		}
		List<String> supported = new ArrayList<>();
		for (String region : regions) {
			String code = region.strip().toUpperCase(Locale.ROOT);
			if (!this.phones.getSupportedRegions().contains(code)) {
				throw new IllegalArgumentException("unknown region '" + region + "': use ISO 3166 codes (US, GB, DE, …)");
			}
			supported.add(code);
		}
		this.regions = List.copyOf(supported);
	}

	/**
	 * Whether the digits are written as people of the region write a national number: its national format's digits,
	 * with or without the region's trunk prefix ("1" in North America). A US number's ten digits are valid in Britain
	 * too as a number without its leading 0, but nobody there writes it so.
	 */
	private boolean writtenAsNational(Match match, String region) {
		String raw = EXTENSION.matcher(match.rawString()).replaceFirst("").replaceAll("\\D", "");
		com.google.i18n.phonenumbers.Phonenumber.PhoneNumber number = new com.google.i18n.phonenumbers.Phonenumber.PhoneNumber()
			.mergeFrom(match.number())
			.clearExtension();
		String national = this.phones.format(number, PhoneNumberFormat.NATIONAL).replaceAll("\\D", "");
		String trunk = this.phones.getNddPrefixForRegion(region, true);
		return raw.equals(national) || trunk != null && (raw.equals(trunk + national)
				|| national.startsWith(trunk) && raw.equals(national.substring(trunk.length())) && "1".equals(trunk));
	}

	/** Whether letters stand right before the match ("RMA-100119", "AB1234567"): it is part of a code. */
	private static boolean partOfCode(String text, int start) {
		int before = start - 1;
		if (before >= 0 && text.charAt(before) == '-') {
			before--;
		}
		return before >= 0 && Character.isLetter(text.charAt(before));
	}

	/**
	 * Whether a match is the tail of a longer group of digits ("order 4111 1111 1111 1112" read from its second
	 * group): the whole is something else, and its name stands before its first digit.
	 */
	private static boolean partOfLongerNumber(String text, int start) {
		int before = start - 1;
		if (before >= 0 && (text.charAt(before) == ' ' || text.charAt(before) == '-' || text.charAt(before) == '.')) {
			before--;
		}
		return before >= 0 && Character.isDigit(text.charAt(before));
	}

	/** Whether the run of digits and separators around a match is a date, a time or a dotted version. */
	private static boolean dateTimeOrVersion(String text, int start, int end) {
		int from = start;
		while (from > 0 && isDigitOrSeparator(text.charAt(from - 1))) {
			from--;
		}
		int to = end;
		while (to < text.length() && isDigitOrSeparator(text.charAt(to))) {
			to++;
		}
		String run = text.substring(from, to).replaceAll("[-./:]+$", "");
		// 555.012.3456 is dotted like a version, laid out like a North American number
		return DATE_TIME_OR_VERSION.matcher(run).matches() && !NORTH_AMERICAN.matcher(run).matches();
	}

	private static boolean isDigitOrSeparator(char c) {
		return c >= '0' && c <= '9' || c == '-' || c == '.' || c == '/' || c == ':' || c == ',';
	}

	@Override
	public PiiType type() {
		return PiiType.PHONE;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> candidates = new ArrayList<>();
		for (int[] window : windows(text)) {
			collect(text, window[0], window[1], candidates);
		}
		// the same digits read in several regions: the longest reading, then the surest
		return PiiFinding.withoutOverlaps(candidates, Comparator.comparingInt(PiiFinding::length).reversed()
			.thenComparing(Comparator.comparingDouble(PiiFinding::confidence).reversed()));
	}

	/** Digits at most this many characters apart belong to one group (a number's separators are at most four). */
	private static final int DIGIT_GAP = 4;

	/** Context kept around a group of digits: the matcher's extension ("ext. 1234") and the cues read around it. */
	private static final int WINDOW_MARGIN = 48;

	/**
	 * The parts of the text libphonenumber is asked to read, in every region: each group of at least
	 * {@value #MIN_DIGITS} digits (digits at most {@value #DIGIT_GAP} characters apart), with {@value #WINDOW_MARGIN}
	 * characters around it, cut at white space, overlapping windows merged. A number the matcher can find lies in one
	 * of them, and a message of prose is read once instead of once per region.
	 */
	static List<int[]> windows(String text) {
		List<int[]> windows = new ArrayList<>();
		int i = 0;
		int n = text.length();
		while (i < n) {
			if (!Character.isDigit(text.charAt(i))) {
				i++;
				continue;
			}
			int first = i;
			int last = i;
			int digits = 0;
			int j = i;
			while (j < n && j - last <= DIGIT_GAP) {
				if (Character.isDigit(text.charAt(j))) {
					digits++;
					last = j;
				}
				j++;
			}
			i = last + 1;
			if (digits < MIN_DIGITS) {
				continue;
			}
			int from = Math.max(0, first - WINDOW_MARGIN);
			while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
				from--;
			}
			int to = Math.min(n, last + 1 + WINDOW_MARGIN);
			while (to < n && !Character.isWhitespace(text.charAt(to))) {
				to++;
			}
			if (!windows.isEmpty() && windows.getLast()[1] >= from) {
				windows.getLast()[1] = Math.max(windows.getLast()[1], to);
			}
			else {
				windows.add(new int[] { from, to });
			}
		}
		return windows;
	}

	/** Fewest digits of a phone number worth reporting (shorter ones are service codes). */
	private static final int MIN_DIGITS = 7;

	private void collect(String text, int from, int to, List<PiiFinding> candidates) {
		String window = text.substring(from, to);
		for (int i = 0; i < this.regions.size(); i++) {
			for (PhoneNumberMatch inWindow : this.phones.findNumbers(window, this.regions.get(i), Leniency.POSSIBLE,
					Long.MAX_VALUE)) {
				Match match = new Match(from + inWindow.start(), inWindow.rawString(), inWindow.number());
				String before = text.substring(Math.max(0, match.start() - 32), match.start());
				int digits = (int) EXTENSION.matcher(match.rawString()).replaceFirst("").chars()
					.filter(Character::isDigit)
					.count();
				// short codes (112, 911, 116 123) reach services, not people; codes like RMA-100119 are identifiers
				if (digits < 7 || digits > 15 || partOfCode(text, match.start())
						|| NumberCues.namedAsOtherIdentifier(text, match.start(), NumberCues.PHONE_WORDS) || partOfLongerNumber(text, match.start())
						|| dateTimeOrVersion(text, match.start(), match.end())) {
					continue;
				}
				String region = this.regions.get(i);
				// written with its country code, after a + or an international prefix (00, 011)
				boolean international = INTERNATIONAL.matcher(match.rawString()).lookingAt();
				if (!international && !writtenAsNational(match, region)) {
					continue;
				}
				// a bare run of digits is as likely an order or account number: only a valid number or a phone word
				boolean bare = match.rawString().chars().allMatch(Character::isDigit);
				String raw = match.rawString();
				boolean cued = PHONE_CUE.matcher(before).find() || PHONE_CUE_AFTER.matcher(
						text.substring(match.end(), Math.min(text.length(), match.end() + 40))).find();
				if (!cued && OTHER_LAYOUT.matcher(raw).matches()) {
					continue;
				}
				double confidence;
				if (this.phones.isValidNumber(match.number())) {
					confidence = i == 0 || international ? 1.0 : 0.9;
				}
				else if (!bare && (international || EXTENSION.matcher(raw).find())) {
					confidence = 0.9;
				}
				else if (cued) {
					confidence = 0.7;
				}
				else {
					continue;
				}
				candidates.add(new PiiFinding(match.start(), match.end(), PiiType.PHONE, confidence));
			}
		}
	}

	/** A match of the matcher, placed in the whole text. */
	private record Match(int start, String rawString, com.google.i18n.phonenumbers.Phonenumber.PhoneNumber number) {

		int end() {
			return this.start + this.rawString.length();
		}

	}

}
