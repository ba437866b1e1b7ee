package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US Social Security numbers written {@code AAA-GG-SSSS} (dashes, spaces or dots), or as nine plain digits right
 * after an SSN cue. The Social Security Administration never issues area 000, 666 or 900–999, group 00 or serial
 * 0000, so those are rejected, as are runs of one repeated digit and the well-known advertising number 078-05-1120.
 */
final class SsnDetector implements PiiDetector {

	private static final Pattern GROUPED = Pattern.compile("(?<![\\d-])(\\d{3})([- .])(\\d{2})\\2(\\d{4})(?![\\d-])");

	private static final Pattern CUED = Pattern
		.compile("(?i)\\b(?:ssn|social security(?: number| no\\.?)?)\\s*(?:is|:|#)?\\s*(\\d{3})(\\d{2})(\\d{4})\\b");

	@Override
	public PiiType type() {
		return PiiType.SSN;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher grouped = GROUPED.matcher(text);
		while (grouped.find()) {
			if (valid(grouped.group(1), grouped.group(3), grouped.group(4))) {
				found.add(new PiiFinding(grouped.start(), grouped.end(), PiiType.SSN, 1.0));
			}
		}
		Matcher cued = CUED.matcher(text);
		while (cued.find()) {
			if (valid(cued.group(1), cued.group(2), cued.group(3))) {
				found.add(new PiiFinding(cued.start(1), cued.end(3), PiiType.SSN, 1.0));
			}
		}
		return found;
	}

	static boolean valid(String area, String group, String serial) {
		int a = Integer.parseInt(area);
		if (a == 0 || a == 666 || a >= 900 || group.equals("00") || serial.equals("0000")) {
			return false;
		}
		String all = area + group + serial;
		return !all.chars().allMatch(c -> c == all.charAt(0)) && !all.equals("078051120");
	}

}
