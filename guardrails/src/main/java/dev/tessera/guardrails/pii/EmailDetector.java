package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Email addresses: a local part, {@code @}, a dotted domain with a letter-only top-level label.
 */
public final class EmailDetector implements PiiDetector {

	private static final Pattern EMAIL = Pattern
		.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])");

	@Override
	public PiiType type() {
		return PiiType.EMAIL;
	}

	@Override
	public List<PiiFinding> find(String text) {
		if (text.indexOf('@') < 0) {
			return List.of();
		}
		List<PiiFinding> found = new ArrayList<>();
		Matcher matcher = EMAIL.matcher(text);
		while (matcher.find()) {
			found.add(new PiiFinding(matcher.start(), matcher.end(), PiiType.EMAIL, 1.0));
		}
		return found;
	}

}
