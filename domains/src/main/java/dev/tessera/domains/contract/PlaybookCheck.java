package dev.tessera.domains.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One thing the playbook flags in a clause of a type, and how risky it is.
 * <ul>
 * <li>{@link When#PRESENT}: flagged where the pattern matches (e.g. "unlimited liability");</li>
 * <li>{@link When#ABSENT}: flagged when the pattern matches nowhere: in the clause, or, with
 * {@link Scope#TYPE}, in no clause of the type (e.g. no cap amount in any liability clause);</li>
 * <li>{@link When#NUMBER}: the pattern captures a number ({@code {number}} in the playbook, in digits or words) and
 * a value outside {@code [min, max]} is flagged (e.g. notice under 90 days).</li>
 * </ul>
 * A check with a {@code condition} applies only to clauses that match it (a notice period counts for termination
 * for convenience, not for a cure period).
 *
 * @param id names the check in findings
 * @param reason why it is flagged, shown to the reviewer; {@code {value}} is replaced by the number found
 */
record PlaybookCheck(String id, When when, Pattern pattern, @Nullable Pattern condition, @Nullable Double min,
		@Nullable Double max, Scope scope, RiskLevel risk, String reason) {

	/** When the check flags. */
	public enum When {

		PRESENT, ABSENT, NUMBER

	}

	/** What an {@link When#ABSENT} check looks at. */
	public enum Scope {

		/** each clause on its own */
		CLAUSE,
		/** all clauses of the type together: flagged once when none matches */
		TYPE

	}

	/** The placeholder a {@link When#NUMBER} pattern captures its number with. */
	public static final String NUMBER = "{number}";

	/**
	 * The k-th number group, followed by optional digits in brackets ("thirty (30)"), which are preferred. Each
	 * {@code {number}} of a pattern gets its own groups: Java refuses a group name twice, even across alternatives.
	 */
	static String numberGroup(int k) {
		return "(?<number" + k + ">" + NumberWords.PATTERN + ")(?:\\s*\\((?<digits" + k + ">\\d[\\d,]*)\\))?";
	}

	public PlaybookCheck {
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("id cannot be null or blank");
		}
		if (when == null || pattern == null || scope == null || risk == null) {
			throw new IllegalArgumentException("when, pattern, scope and risk cannot be null");
		}
		if (risk == RiskLevel.NONE) {
			throw new IllegalArgumentException("a check's risk is LOW, MEDIUM or HIGH");
		}
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("reason cannot be null or blank");
		}
		if (when == When.NUMBER && (min == null && max == null || !pattern.pattern().contains("(?<number0>"))) {
			throw new IllegalArgumentException("a number check needs min or max and " + NUMBER + " in its pattern");
		}
		if (when != When.NUMBER && (min != null || max != null)) {
			throw new IllegalArgumentException("min and max belong to number checks");
		}
		if (scope == Scope.TYPE && when != When.ABSENT) {
			throw new IllegalArgumentException("scope TYPE is for absent checks");
		}
	}

	/** Compiles a playbook pattern: case-insensitive, {@code {number}} standing for a number. */
	public static Pattern compile(String pattern) {
		StringBuilder regex = new StringBuilder();
		int k = 0;
		int from = 0;
		for (int at = pattern.indexOf(NUMBER); at >= 0; at = pattern.indexOf(NUMBER, from)) {
			regex.append(pattern, from, at).append(numberGroup(k++));
			from = at + NUMBER.length();
		}
		regex.append(pattern.substring(from));
		return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
	}

	/** Whether the check applies to the clause at all (its condition, when it has one, matches). */
	public boolean appliesTo(Clause clause) {
		return this.condition == null || this.condition.matcher(clause.text()).find();
	}

	/**
	 * What this clause-scoped check finds in a clause: for each, the span it is about (document offsets) and the
	 * value for a number check. An absent check that finds nothing returns the whole clause.
	 */
	public List<Hit> check(Clause clause) {
		List<Hit> hits = new ArrayList<>();
		if (this.scope == Scope.TYPE || !appliesTo(clause)) {
			return hits;
		}
		Matcher m = this.pattern.matcher(clause.text());
		switch (this.when) {
			case PRESENT -> {
				if (m.find()) {
					hits.add(new Hit(clause.start() + m.start(), clause.start() + m.end(), null));
				}
			}
			case ABSENT -> {
				if (!m.find()) {
					hits.add(new Hit(clause.start(), clause.end(), null));
				}
			}
			case NUMBER -> {
				while (m.find()) {
					OptionalDouble value = value(m);
					if (value.isPresent() && outside(value.getAsDouble())) {
						hits.add(new Hit(clause.start() + m.start(), clause.start() + m.end(), value.getAsDouble()));
						break; // one finding per clause is enough to send a reviewer there
					}
				}
			}
		}
		return hits;
	}

	/** Whether any clause of the type matches this type-scoped check's pattern. */
	public boolean matchesAny(List<Clause> clauses) {
		return clauses.stream().filter(this::appliesTo).anyMatch(c -> this.pattern.matcher(c.text()).find());
	}

	private boolean outside(double value) {
		return this.min != null && value < this.min || this.max != null && value > this.max;
	}

	private static OptionalDouble value(Matcher m) {
		for (int k = 0;; k++) {
			String number;
			try {
				number = m.group("number" + k);
			}
			catch (IllegalArgumentException noSuchGroup) {
				return OptionalDouble.empty();
			}
			if (number != null) {
				String digits = m.group("digits" + k);
				return NumberWords.parse(digits != null ? digits : number);
			}
		}
	}

	/** The reason with the value found put in. */
	public String reasonFor(@Nullable Double value) {
		if (value == null) {
			return this.reason;
		}
		String number = value == Math.rint(value) ? String.valueOf(value.longValue())
				: String.format(Locale.ROOT, "%.2f", value);
		return this.reason.replace("{value}", number);
	}

	/**
	 * Where a check fired.
	 * @param start document offset, inclusive
	 * @param end document offset, exclusive
	 * @param value the number found, for a number check
	 */
	public record Hit(int start, int end, @Nullable Double value) {
	}

}
