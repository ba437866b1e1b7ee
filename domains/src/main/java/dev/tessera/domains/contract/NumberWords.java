package dev.tessera.domains.contract;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Reads a number as contracts write it: digits ("90", "1,000,000", "2.5"), words ("ninety", "twenty-four", "one
 * hundred"), or both ("thirty (30)", where the digits win). Written by hand: the only library that parses English
 * number words (ICU4J's spell-out rules) would add 14 MB for a few dozen words.
 */
final class NumberWords {

	private static final Map<String, Integer> SMALL = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
			Map.entry("a", 1), Map.entry("an", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4),
			Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8),
			Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11), Map.entry("twelve", 12),
			Map.entry("thirteen", 13), Map.entry("fourteen", 14), Map.entry("fifteen", 15), Map.entry("sixteen", 16),
			Map.entry("seventeen", 17), Map.entry("eighteen", 18), Map.entry("nineteen", 19), Map.entry("twenty", 20),
			Map.entry("thirty", 30), Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("sixty", 60),
			Map.entry("seventy", 70), Map.entry("eighty", 80), Map.entry("ninety", 90));

	private static final Map<String, Integer> SCALES = Map.of("hundred", 100, "thousand", 1_000, "million",
			1_000_000);

	/** The regular expression of a number in digits or words, for patterns that capture one. */
	static final String PATTERN = "\\d[\\d,]*(?:\\.\\d+)?|\\b(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten"
			+ "|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty"
			+ "|sixty|seventy|eighty|ninety|hundred|thousand|million|an?(?=[\\s-]+(?:hundred|thousand|million))|and)"
			+ "(?:[\\s-]+|\\b))+";

	private NumberWords() {
	}

	/** The value, or empty when the text is not a number. */
	static OptionalDouble parse(String text) {
		String s = text.strip().toLowerCase(Locale.ROOT);
		if (s.isEmpty()) {
			return OptionalDouble.empty();
		}
		if (Character.isDigit(s.charAt(0))) {
			try {
				return OptionalDouble.of(Double.parseDouble(s.replace(",", "")));
			}
			catch (NumberFormatException ex) {
				return OptionalDouble.empty();
			}
		}
		long total = 0;
		long current = 0;
		boolean any = false;
		for (String word : s.split("[\\s-]+")) {
			if (word.equals("and")) {
				continue;
			}
			Integer small = SMALL.get(word);
			Integer scale = SCALES.get(word);
			if (small != null) {
				current += small;
			}
			else if (scale != null) {
				if (scale == 100) {
					current = Math.max(1, current) * 100;
				}
				else {
					total += Math.max(1, current) * scale;
					current = 0;
				}
			}
			else {
				return OptionalDouble.empty();
			}
			any = true;
		}
		return any ? OptionalDouble.of(total + current) : OptionalDouble.empty();
	}

}
