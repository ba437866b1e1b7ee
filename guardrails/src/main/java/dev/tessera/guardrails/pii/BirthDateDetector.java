package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of birth: a calendar date (numeric {@code 12/31/1980}, {@code 1980-12-31}, or with a month name) no more than
 * {@value #WINDOW} characters after a birth cue ("born", "date of birth", "DOB", "birthday"). A date without a cue is
 * not personal data by itself and is left alone.
 */
final class BirthDateDetector implements PiiDetector {

	static final int WINDOW = 40;

	private static final Pattern CUE = Pattern
		.compile("(?i)\\b(?:born|birth\\s*date|date\\s+of\\s+birth|d\\.?o\\.?b\\.?|birthday|geboren|née?\\s+le)\\b");

	private static final String MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?";

	private static final Pattern DATE = Pattern.compile("(?i)(?<!\\d)(?:"
			+ "(\\d{1,2})[/.\\-](\\d{1,2})[/.\\-](\\d{4}|\\d{2})" // 12/31/1980, 31.12.1980
			+ "|(\\d{4})-(\\d{1,2})-(\\d{1,2})" // 1980-12-31
			+ "|" + MONTH + "\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}" // December 31, 1980
			+ "|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?" + MONTH + ",?\\s+\\d{4}" // 31 December 1980
			+ ")(?!\\d)");

	@Override
	public PiiType type() {
		return PiiType.DATE_OF_BIRTH;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher cue = CUE.matcher(text);
		int searchedTo = 0;
		while (cue.find()) {
			int from = Math.max(cue.end(), searchedTo);
			int to = Math.min(text.length(), cue.end() + WINDOW);
			if (from >= to) {
				continue;
			}
			Matcher date = DATE.matcher(text).region(from, to);
			if (date.find() && plausible(date)) {
				found.add(new PiiFinding(date.start(), date.end(), PiiType.DATE_OF_BIRTH, 0.95));
				searchedTo = date.end();
			}
		}
		return found;
	}

	private static boolean plausible(Matcher date) {
		if (date.group(1) != null) {
			int a = Integer.parseInt(date.group(1));
			int b = Integer.parseInt(date.group(2));
			// either day/month or month/day order must make sense
			return a >= 1 && b >= 1 && ((a <= 12 && b <= 31) || (a <= 31 && b <= 12));
		}
		if (date.group(4) != null) {
			int month = Integer.parseInt(date.group(5));
			int day = Integer.parseInt(date.group(6));
			return month >= 1 && month <= 12 && day >= 1 && day <= 31;
		}
		return true;
	}

}
