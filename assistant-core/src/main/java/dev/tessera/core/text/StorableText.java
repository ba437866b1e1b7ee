package dev.tessera.core.text;

import java.util.Optional;

/**
 * Whether a text can be stored as it is: PostgreSQL's text types refuse the NUL character (U+0000) and a UTF-16 half
 * that has lost its partner cannot be encoded as UTF-8. Both arrive in hostile or broken input (a JSON "\u0000"
 * escape), and must be refused as bad input before they reach the database, where they would fail as a server error.
 */
public final class StorableText {

	private StorableText() {
	}

	/** What is wrong with the text, naming the first offending position; empty when it can be stored. */
	public static Optional<String> problem(String text) {
		if (text == null) {
			return Optional.empty();
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\u0000') {
				return Optional.of("contains the NUL character (U+0000) at position " + i);
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
					continue;
				}
				return Optional.of("contains an unpaired UTF-16 surrogate at position " + i);
			}
			if (Character.isLowSurrogate(c)) {
				return Optional.of("contains an unpaired UTF-16 surrogate at position " + i);
			}
		}
		return Optional.empty();
	}

}
