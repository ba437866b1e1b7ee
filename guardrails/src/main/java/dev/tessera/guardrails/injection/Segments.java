package dev.tessera.guardrails.injection;

import java.util.ArrayList;
import java.util.List;

import dev.tessera.inference.text.Sentences;

/**
 * Splits a text into the pieces an injection classifier scores one by one: sentences, and fenced code blocks whole.
 * An instruction hidden in a long document is one sentence among many; scored alone it is not diluted by the rest.
 */
public final class Segments {

	private Segments() {
	}

	/**
	 * @param text any text
	 * @return segments in text order, each with its offsets; blank ones dropped
	 */
	public static List<Segment> of(String text) {
		return mergeFragments(text, split(text));
	}

	/** Segments of fewer than {@value #MIN_WORDS} words ("CONTENT:", "T") join the next one, or the previous. */
	static final int MIN_WORDS = 4;

	private static List<Segment> mergeFragments(String text, List<Segment> raw) {
		List<Segment> merged = new ArrayList<>();
		int pendingStart = -1;
		for (Segment segment : raw) {
			int start = pendingStart >= 0 ? pendingStart : segment.start();
			if (words(text, start, segment.end()) < MIN_WORDS) {
				pendingStart = start;
				continue;
			}
			merged.add(new Segment(start, segment.end(), text.substring(start, segment.end())));
			pendingStart = -1;
		}
		if (pendingStart >= 0) {
			int end = raw.getLast().end();
			if (merged.isEmpty()) {
				merged.add(new Segment(pendingStart, end, text.substring(pendingStart, end)));
			}
			else {
				Segment last = merged.removeLast();
				merged.add(new Segment(last.start(), end, text.substring(last.start(), end)));
			}
		}
		return merged;
	}

	private static int words(String text, int start, int end) {
		int count = 0;
		boolean inWord = false;
		for (int i = start; i < end; i++) {
			boolean letter = Character.isLetterOrDigit(text.charAt(i));
			if (letter && !inWord) {
				count++;
			}
			inWord = letter;
		}
		return count;
	}

	private static List<Segment> split(String text) {
		List<Segment> segments = new ArrayList<>();
		int position = 0;
		while (position < text.length()) {
			int fence = text.indexOf("```", position);
			int proseEnd = fence < 0 ? text.length() : fence;
			sentences(text, position, proseEnd, segments);
			if (fence < 0) {
				break;
			}
			int close = text.indexOf("```", fence + 3);
			int blockEnd = close < 0 ? text.length() : close + 3;
			add(text, fence, blockEnd, segments);
			position = blockEnd;
		}
		return segments;
	}

	private static void sentences(String text, int from, int to, List<Segment> segments) {
		// lines first: headers, list items and signatures end without a full stop
		int lineStart = from;
		for (int i = from; i <= to; i++) {
			if (i == to || text.charAt(i) == '\n' || text.charAt(i) == '|') {
				for (Sentences.Span sentence : Sentences.of(text, lineStart, i)) {
					add(text, sentence.start(), sentence.end(), segments);
				}
				lineStart = i + 1;
			}
		}
	}

	private static void add(String text, int start, int end, List<Segment> segments) {
		int s = start;
		int e = end;
		while (s < e && Character.isWhitespace(text.charAt(s))) {
			s++;
		}
		while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
			e--;
		}
		if (e > s) {
			segments.add(new Segment(s, e, text.substring(s, e)));
		}
	}

	/**
	 * @param start inclusive offset in the original text
	 * @param end exclusive offset
	 * @param text the segment's text
	 */
	public record Segment(int start, int end, String text) {
	}

}
