package dev.tessera.retrieval.chunk;

import java.util.List;
import java.util.regex.Pattern;

import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Counts the tokens a piece of text takes, so that chunks fit the encoder that embeds them.
 */
@FunctionalInterface
public interface TokenCounter {

	int count(String text);

	/**
	 * Exact counts from the encoder's own tokenizer, special tokens excluded. The encoder truncates at its maximum
	 * length, so a text near that length or longer counts as at least that many tokens: the chunker only asks about
	 * sentences and words, which are far shorter.
	 */
	static TokenCounter of(SentenceEncoder encoder) {
		return text -> Math.max(0, encoder.tokenLengths(List.of(text))[0] - 2);
	}

	/**
	 * An estimate for when no encoder is at hand: a WordPiece vocabulary splits English into about 1.3 tokens per
	 * word, and every punctuation mark is a token of its own.
	 */
	static TokenCounter approximate() {
		Pattern words = Pattern.compile("[\\p{L}\\p{N}]+");
		Pattern punctuation = Pattern.compile("[^\\p{L}\\p{N}\\s]");
		return text -> {
			long wordCount = words.matcher(text).results().count();
			long marks = punctuation.matcher(text).results().count();
			return (int) Math.ceil(wordCount * 1.3 + marks);
		};
	}

}
