package dev.tessera.core.text;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a pack's phrases are found in a message, the same for domain rules and tool triggers: case-insensitively and on
 * word boundaries, punctuation counting as a space. Written here rather than with a regex per phrase: phrases come
 * from operators and must match literally.
 */
public final class PhraseMatcher {

	private PhraseMatcher() {
	}

	/** The first of the phrases found in the text, if any. */
	public static Optional<String> firstMatch(List<String> phrases, String text) {
		String normalized = " " + normalize(text) + " ";
		return phrases.stream().filter(phrase -> normalized.contains(" " + normalize(phrase.strip()) + " ")).findFirst();
	}

	private static String normalize(String text) {
		return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']+", " ");
	}

}
