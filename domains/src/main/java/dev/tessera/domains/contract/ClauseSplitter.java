package dev.tessera.domains.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.tessera.retrieval.chunk.DocumentStructure;
import dev.tessera.retrieval.chunk.DocumentStructure.Paragraph;
import dev.tessera.retrieval.chunk.DocumentStructure.Section;

/**
 * Splits a contract's text into clauses along its structure ({@link DocumentStructure}: numbered and named headings,
 * numbered paragraphs):
 * <ol>
 * <li>a paragraph that starts with a clause number ("7.2 The Supplier ...") starts a clause with that number;</li>
 * <li>a list item ("(a) ...", "(ii) ...", "- ...") continues the clause before it, so a clause keeps its
 * sub-paragraphs;</li>
 * <li>any other paragraph is a clause of its own, numbered after its section ("12", or "12 ¶3" when the section has
 * several), after the section's heading when it has no number, or "preamble" before the first heading.</li>
 * </ol>
 * Every clause's text is exactly the contract's text between its offsets.
 */
public final class ClauseSplitter {

	private static final Pattern LIST_ITEM = Pattern
		.compile("^(?:\\(?[a-z]{1,2}\\)|\\(?[ivx]{1,5}\\)|\\([A-Z]\\)|[-\u2022\u2013*]\\s)");

	public List<Clause> split(String content) {
		List<Clause> clauses = new ArrayList<>();
		for (Section section : DocumentStructure.sections(content)) {
			String name = DocumentStructure.nameOf(section.title());
			String base = !section.number().isEmpty() ? section.number() : !name.isEmpty() ? name : "preamble";
			int openStart = -1;
			int openEnd = -1;
			String openNumber = null;
			int ordinal = 0;
			int unnumbered = 0;
			for (Paragraph paragraph : section.paragraphs()) {
				ordinal++;
				String text = content.substring(paragraph.start(), paragraph.end());
				boolean continues = openNumber != null && !paragraph.numbered() && LIST_ITEM.matcher(text).find();
				if (continues) {
					openEnd = paragraph.end();
					continue;
				}
				if (openNumber != null) {
					clauses.add(clause(content, openNumber, name, openStart, openEnd));
				}
				openStart = paragraph.start();
				openEnd = paragraph.end();
				if (paragraph.numbered()) {
					openNumber = paragraph.number();
				}
				else {
					openNumber = unnumbered++ == 0 ? base : base + " \u00b6" + ordinal;
				}
			}
			if (openNumber != null) {
				clauses.add(clause(content, openNumber, name, openStart, openEnd));
			}
		}
		return clauses;
	}

	private static Clause clause(String content, String number, String heading, int start, int end) {
		return new Clause(number, heading, start, end, content.substring(start, end));
	}

}
