package dev.tessera.retrieval.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections and paragraphs of a document's text, with their character offsets.
 * <ul>
 * <li>Headings start sections: Markdown headings, numbered or lettered headings ("7. Limitation of Liability",
 * "ARTICLE IV", "Section 12"), and short lines in capitals ("GOVERNING LAW"). A level-1 Markdown heading is the
 * document's title, not a section.</li>
 * <li>Paragraphs are runs of non-blank lines; a paragraph that starts with a clause number ("7.2 The Supplier ...")
 * carries that number.</li>
 * </ul>
 * Shared by the {@link StructureAwareChunker} (chunks never span sections and a numbered paragraph starts a chunk)
 * and by anything that needs a document's clauses, such as contract review.
 */
public final class DocumentStructure {

	private static final Pattern MARKDOWN_HEADING = Pattern.compile("^(#{1,6})\\s+(.+?)\\s*#*$");

	private static final Pattern NAMED_HEADING = Pattern
		.compile("^(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause|SCHEDULE|Schedule|PART|Part)\\s+([0-9IVXLC]+)[.:]?(?:\\s+.*)?$");

	private static final Pattern NUMBERED_LINE = Pattern.compile("^(\\d{1,3}(?:\\.\\d{1,3})*)\\.?\\s+(\\S.*)$");

	/** A clause number at the start of a paragraph; the paragraph may run over several lines. */
	private static final Pattern PARAGRAPH_NUMBER = Pattern.compile("^(\\d{1,3}(?:\\.\\d{1,3})*)\\.?\\s+\\S");

	private static final int HEADING_MAX_CHARS = 90;

	private DocumentStructure() {
	}

	/**
	 * A section: the text under one heading.
	 * @param title the heading as written ("7. Limitation of Liability"), empty before the first heading
	 * @param number the heading's number ("7", "IV", "12"), empty when it has none
	 * @param paragraphs the section's paragraphs, in order
	 */
	public record Section(String title, String number, List<Paragraph> paragraphs) {
	}

	/**
	 * A paragraph: {@code [start, end)} of the text, from its first to its last non-blank character.
	 * @param number the clause number it starts with ("7.2"), empty when it starts with none
	 */
	public record Paragraph(int start, int end, String number) {

		public boolean numbered() {
			return !this.number.isEmpty();
		}

	}

	/** The document's sections in order; sections without paragraphs are left out. */
	public static List<Section> sections(String content) {
		List<Section> sections = new ArrayList<>();
		String title = "";
		List<Paragraph> paragraphs = new ArrayList<>();
		int paragraphStart = -1;
		int paragraphEnd = -1;
		int lineStart = 0;
		while (lineStart <= content.length()) {
			int newline = content.indexOf('\n', lineStart);
			int lineEnd = newline < 0 ? content.length() : newline;
			String line = content.substring(lineStart, lineEnd).strip();
			String heading = line.isEmpty() ? null : headingOf(line, paragraphStart < 0);
			if (line.isEmpty() || heading != null) {
				if (paragraphStart >= 0) {
					paragraphs.add(paragraph(content, paragraphStart, paragraphEnd));
					paragraphStart = -1;
				}
				if (heading != null && !line.startsWith("# ")) { // a level-1 heading is the document title
					if (!paragraphs.isEmpty()) {
						sections.add(new Section(title, numberOf(title), paragraphs));
						paragraphs = new ArrayList<>();
					}
					title = heading;
				}
			}
			else {
				int leading = content.substring(lineStart, lineEnd).indexOf(line.charAt(0));
				if (paragraphStart < 0) {
					paragraphStart = lineStart + leading;
				}
				paragraphEnd = lineStart + leading + line.length();
			}
			if (newline < 0) {
				break;
			}
			lineStart = newline + 1;
		}
		if (paragraphStart >= 0) {
			paragraphs.add(paragraph(content, paragraphStart, paragraphEnd));
		}
		if (!paragraphs.isEmpty()) {
			sections.add(new Section(title, numberOf(title), paragraphs));
		}
		return sections;
	}

	/** The number a heading starts with ("7" of "7. Limitation of Liability", "IV" of "ARTICLE IV"), or empty. */
	public static String numberOf(String heading) {
		Matcher named = NAMED_HEADING.matcher(heading);
		if (named.matches()) {
			return named.group(1);
		}
		Matcher numbered = NUMBERED_LINE.matcher(heading);
		return numbered.matches() ? numbered.group(1) : "";
	}

	/** A heading without its number and markup ("Limitation of Liability" of "7. Limitation of Liability"). */
	public static String nameOf(String heading) {
		Matcher named = NAMED_HEADING.matcher(heading);
		String name = heading;
		if (named.matches()) {
			name = heading.substring(named.end(1));
		}
		else {
			Matcher numbered = NUMBERED_LINE.matcher(heading);
			if (numbered.matches()) {
				name = numbered.group(2);
			}
		}
		return name.replaceFirst("^[\\s.:\\-\u2013\u2014]+", "").strip();
	}

	private static Paragraph paragraph(String content, int start, int end) {
		Matcher numbered = PARAGRAPH_NUMBER.matcher(content.substring(start, end));
		return new Paragraph(start, end, numbered.lookingAt() ? numbered.group(1) : "");
	}

	/**
	 * The heading a line stands for, or {@code null} when it is text. Only a line that begins a block can be a
	 * heading other than a Markdown one: inside a paragraph a short line is just a short line.
	 */
	static String headingOf(String line, boolean beginsBlock) {
		Matcher markdown = MARKDOWN_HEADING.matcher(line);
		if (markdown.matches()) {
			return markdown.group(2).strip();
		}
		if (!beginsBlock || line.length() > HEADING_MAX_CHARS || line.endsWith(".") && !isNumberOnly(line)
				|| line.endsWith(",") || line.endsWith(";")) {
			return null;
		}
		if (NAMED_HEADING.matcher(line).matches()) {
			return line;
		}
		Matcher numbered = NUMBERED_LINE.matcher(line);
		if (numbered.matches()) {
			String rest = numbered.group(2);
			// "7. Limitation of Liability" is a heading; "7.2 the Supplier shall" is the start of a clause
			return Character.isUpperCase(rest.charAt(0)) && rest.split("\\s+").length <= 8 ? line : null;
		}
		boolean letters = line.chars().anyMatch(Character::isLetter);
		return letters && line.equals(line.toUpperCase(Locale.ROOT)) && line.split("\\s+").length <= 8 ? line : null;
	}

	private static boolean isNumberOnly(String line) {
		return line.matches("\\d+(\\.\\d+)*\\.");
	}

}
