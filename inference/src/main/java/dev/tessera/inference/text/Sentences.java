package dev.tessera.inference.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The project's one sentence splitter: the JDK's {@link BreakIterator} sentence rules (an abbreviation followed by a
 * lower-case word does not end a sentence). Spans are lossless: each keeps the white space after it, so the spans of a
 * text put together give the text back. Prose ({@link #of}) keeps a single line break inside a sentence (a wrapped
 * line of a PDF); text written line by line ({@link #byLine}: replies, e-mails, lists, headers that end without a
 * full stop) also ends a sentence at every line break.
 */
public final class Sentences {

	// a finished sentence at the end of a text that is still growing: closing punctuation, then white space
	private static final Pattern FINISHED = Pattern.compile("(?s).*[.!?][\"')\\]]*\\s+");

	private Sentences() {
	}

	/**
	 * A sentence's place in its text.
	 *
	 * @param start offset of its first character
	 * @param end offset after its last character (white space after it included)
	 */
	public record Span(int start, int end) {

		public Span {
			if (start < 0 || end < start) {
				throw new IllegalArgumentException("a span needs 0 <= start <= end, got " + start + ".." + end);
			}
		}

		public String of(CharSequence text) {
			return text.subSequence(this.start, this.end).toString();
		}

		/** The same sentence without the white space around it (empty for a blank one). */
		public Span stripped(CharSequence text) {
			int s = this.start;
			int e = this.end;
			while (s < e && Character.isWhitespace(text.charAt(s))) {
				s++;
			}
			while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
				e--;
			}
			return new Span(s, e);
		}

		public boolean isEmpty() {
			return this.start == this.end;
		}

	}

	/** The sentences of prose: a line break alone does not end one. */
	public static List<Span> of(CharSequence text) {
		return of(text, 0, text.length());
	}

	/** The sentences of prose between {@code from} and {@code to}, with offsets in {@code text}. */
	public static List<Span> of(CharSequence text, int from, int to) {
		List<Span> spans = new ArrayList<>();
		if (from >= to) {
			return spans;
		}
		BreakIterator boundaries = BreakIterator.getSentenceInstance(Locale.ROOT);
		boundaries.setText(text.subSequence(from, to).toString());
		int start = boundaries.first();
		for (int end = boundaries.next(); end != BreakIterator.DONE; start = end, end = boundaries.next()) {
			spans.add(new Span(from + start, from + end));
		}
		return spans;
	}

	/** The sentences of text written line by line: every line break ends a sentence too (and stays with it). */
	public static List<Span> byLine(CharSequence text) {
		List<Span> spans = new ArrayList<>();
		int lineStart = 0;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n') {
				int end = i + 1;
				// the line break and the blank lines after it belong to the sentence they end
				while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
					end++;
				}
				spans.addAll(of(text, lineStart, end));
				lineStart = end;
				i = end - 1;
			}
		}
		spans.addAll(of(text, lineStart, text.length()));
		return spans;
	}

	/**
	 * Where the finished sentences of a text still being written end (0 when none is finished): every sentence but the
	 * last is finished, and the last one too when it ends with closing punctuation and white space, or a line break.
	 */
	public static int finishedEnd(CharSequence growing) {
		List<Span> finished = finished(growing);
		return finished.isEmpty() ? 0 : finished.getLast().end();
	}

	/** The finished sentences of a text still being written, as {@link #finishedEnd} counts them, from one split. */
	public static List<Span> finished(CharSequence growing) {
		List<Span> spans = byLine(growing);
		if (spans.isEmpty()) {
			return spans;
		}
		String tail = spans.getLast().of(growing);
		boolean lastFinished = tail.indexOf('\n') >= 0 || FINISHED.matcher(tail).matches();
		return lastFinished ? spans : spans.subList(0, spans.size() - 1);
	}

	/**
	 * The sentence (or sentences) of prose that hold the range {@code from..to} of the text, without the white space
	 * around it.
	 */
	public static Span around(CharSequence text, int from, int to) {
		int start = 0;
		int end = text.length();
		for (Span span : of(text)) {
			if (span.end() <= from) {
				start = span.end();
			}
			else if (span.start() < Math.max(to, from + 1)) {
				end = span.end();
			}
		}
		return new Span(start, Math.max(start, end)).stripped(text);
	}

}
