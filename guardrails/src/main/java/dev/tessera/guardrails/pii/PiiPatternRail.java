package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Finds structured personal data and replaces each value with a typed, numbered placeholder such as
 * {@code [EMAIL_1]}; the same value gets the same placeholder throughout a text.
 * <p>
 * Detects: email addresses; payment card numbers (13–19 digits, spaces or dashes allowed, Luhn checksum must hold,
 * which rejects order numbers and phone numbers of the same length).
 * <p>
 * Cost: two regular-expression scans, linear in the text. Limitations: no phone numbers, IBANs, national ids, names
 * or addresses.
 */
public final class PiiPatternRail implements Rail {

	public static final String NAME = "pii";

	private static final Pattern EMAIL = Pattern
		.compile("(?<![\\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])");

	private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Verdict check(String text, RailContext context) {
		List<Verdict.Span> spans = new ArrayList<>();
		collect(EMAIL.matcher(text), "EMAIL", spans, false);
		collect(CARD.matcher(text), "CARD", spans, true);
		if (spans.isEmpty()) {
			return Verdict.pass(NAME, "no email address or card number found");
		}
		spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
		StringBuilder redacted = new StringBuilder();
		Map<String, String> placeholders = new LinkedHashMap<>();
		Map<String, Integer> counters = new LinkedHashMap<>();
		int position = 0;
		for (Verdict.Span span : spans) {
			if (span.start() < position) {
				continue; // overlapping finding already replaced
			}
			String value = text.substring(span.start(), span.end());
			String placeholder = placeholders.computeIfAbsent(value,
					v -> "[" + span.label() + "_" + counters.merge(span.label(), 1, Integer::sum) + "]");
			redacted.append(text, position, span.start()).append(placeholder);
			position = span.end();
		}
		redacted.append(text.substring(position));
		return new Verdict(NAME, true, describe(spans), spans, 1.0, redacted.toString());
	}

	private static void collect(Matcher matcher, String label, List<Verdict.Span> spans, boolean luhn) {
		while (matcher.find()) {
			if (!luhn || passesLuhn(matcher.group())) {
				spans.add(new Verdict.Span(matcher.start(), matcher.end(), label));
			}
		}
	}

	static boolean passesLuhn(String candidate) {
		int sum = 0;
		boolean doubleIt = false;
		for (int i = candidate.length() - 1; i >= 0; i--) {
			char c = candidate.charAt(i);
			if (!Character.isDigit(c)) {
				continue;
			}
			int digit = c - '0';
			if (doubleIt) {
				digit *= 2;
				if (digit > 9) {
					digit -= 9;
				}
			}
			sum += digit;
			doubleIt = !doubleIt;
		}
		return sum % 10 == 0;
	}

	private static String describe(List<Verdict.Span> spans) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		spans.forEach(span -> counts.merge(span.label(), 1, Integer::sum));
		List<String> parts = new ArrayList<>();
		counts.forEach((label, count) -> parts.add(count + " " + label));
		return "found " + String.join(", ", parts);
	}

}
