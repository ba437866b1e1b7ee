package dev.tessera.server.chat;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a reply into sentences (keeping their trailing space), the unit in which replies are streamed: output rails
 * have passed every sentence sent.
 */
public final class SentenceChunks {

	private SentenceChunks() {
	}

	public static List<String> of(String text) {
		BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
		sentences.setText(text);
		List<String> chunks = new ArrayList<>();
		int start = sentences.first();
		for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
			chunks.add(text.substring(start, end));
		}
		return chunks;
	}

}
