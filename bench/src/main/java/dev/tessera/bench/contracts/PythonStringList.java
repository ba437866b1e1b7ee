package dev.tessera.bench.contracts;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Python list of strings as {@code repr} writes it ({@code ['one', "it's"]}), the form CUAD's master CSV
 * keeps each category's excerpts in. Written by hand: it is a few lines, and no JSON or CSV reader accepts
 * single-quoted strings with Python's escapes.
 */
public final class PythonStringList {

	private PythonStringList() {
	}

	/** The strings of the list; an empty cell or {@code []} is an empty list. */
	public static List<String> parse(String cell) {
		List<String> values = new ArrayList<>();
		if (cell == null || cell.isBlank()) {
			return values;
		}
		String s = cell.strip();
		if (!s.startsWith("[") || !s.endsWith("]")) {
			throw new IllegalArgumentException("not a Python list: " + abbreviate(s));
		}
		int i = 1;
		int end = s.length() - 1;
		while (true) {
			while (i < end && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
				i++;
			}
			if (i >= end) {
				return values;
			}
			char quote = s.charAt(i);
			if (quote != '\'' && quote != '"') {
				throw new IllegalArgumentException("expected a quoted string at " + i + ": " + abbreviate(s));
			}
			StringBuilder value = new StringBuilder();
			i++;
			while (true) {
				if (i >= end) {
					throw new IllegalArgumentException("unterminated string: " + abbreviate(s));
				}
				char c = s.charAt(i);
				if (c == quote) {
					i++;
					break;
				}
				if (c == '\\') {
					i = escape(s, i + 1, value);
					continue;
				}
				value.append(c);
				i++;
			}
			values.add(value.toString());
		}
	}

	/** Appends the escaped character starting at {@code i} (after the backslash); returns the index after it. */
	private static int escape(String s, int i, StringBuilder value) {
		char c = s.charAt(i);
		switch (c) {
			case 'n' -> value.append('\n');
			case 't' -> value.append('\t');
			case 'r' -> value.append('\r');
			case 'x' -> {
				value.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
				return i + 3;
			}
			case 'u' -> {
				value.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
				return i + 5;
			}
			case 'U' -> {
				value.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16));
				return i + 9;
			}
			default -> value.append(c); // \\ \' \"
		}
		return i + 1;
	}

	private static String abbreviate(String s) {
		return s.length() <= 60 ? s : s.substring(0, 60) + "...";
	}

}
