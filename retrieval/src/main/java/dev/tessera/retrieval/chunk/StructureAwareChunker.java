package dev.tessera.retrieval.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.chunk.DocumentStructure.Paragraph;
import dev.tessera.retrieval.chunk.DocumentStructure.Section;
import dev.tessera.inference.text.Sentences;

/**
 * Splits a document's text into chunks that follow its structure and fit the encoder.
 * <ol>
 * <li>Headings set the section a chunk belongs to ({@link DocumentStructure}): Markdown headings, numbered or
 * lettered headings ("7. Limitation of Liability", "ARTICLE IV", "Section 12"), and short lines in capitals
 * ("GOVERNING LAW"). A level-1 Markdown heading is the document's title, not a section.</li>
 * <li>A chunk never spans two sections, and a paragraph that starts with a clause number ("7.2 The Supplier ...")
 * always starts a new chunk, so a citation names one clause.</li>
 * <li>Within a section, whole paragraphs are packed up to {@code maxTokens}. A paragraph that does not fit goes to
 * the next chunk when the current one is at least half full; otherwise it is split between sentences (and an
 * over-long sentence between words), and the next chunk repeats the last sentences of the previous one, up to
 * {@code overlapTokens}, so that a passage cut in two is still found whole in one of them.</li>
 * </ol>
 * Every chunk's text is exactly the source text between its start and end offsets, so citations point at the source.
 *
 * <p>
 * Written by hand because the available splitters (LangChain4j, Spring AI) drop character offsets and know nothing
 * of clause numbering.
 */
public final class StructureAwareChunker {

	/**
	 * Limits suited to the bundled all-MiniLM-L6-v2 encoder: it was trained on sequences of up to 128 tokens, and
	 * embeds longer ones less well.
	 */
	public static final int DEFAULT_MAX_TOKENS = 128;

	public static final int DEFAULT_OVERLAP_TOKENS = 24;

	private final TokenCounter tokens;

	private final int maxTokens;

	private final int overlapTokens;

	public StructureAwareChunker(TokenCounter tokens, int maxTokens, int overlapTokens) {
		if (maxTokens < 16) {
			throw new IllegalArgumentException("maxTokens must be at least 16, got " + maxTokens);
		}
		if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
			throw new IllegalArgumentException(
					"overlapTokens must be between 0 and half of maxTokens (" + maxTokens / 2 + "), got " + overlapTokens);
		}
		this.tokens = tokens;
		this.maxTokens = maxTokens;
		this.overlapTokens = overlapTokens;
	}

	public List<KnowledgeChunk> chunk(String tenant, String collection, String documentId, String documentTitle,
			String content) {
		List<KnowledgeChunk> chunks = new ArrayList<>();
		for (Section section : sections(content)) {
			for (Span span : pack(content, section.paragraphs())) {
				chunks.add(new KnowledgeChunk(tenant, collection, documentId, documentTitle, section.title(),
						content.substring(span.start, span.end), span.start, span.end));
			}
		}
		return chunks;
	}

	// ---- structure

	private record Span(int start, int end) {
	}

	private static List<Section> sections(String content) {
		return DocumentStructure.sections(content);
	}

	// ---- packing

	/** A sentence (or piece of an over-long one), the unit that is packed. */
	private record Unit(int start, int end, int tokens, boolean startsParagraph, int paragraphTokens,
			boolean startsClause) {
	}

	private List<Span> pack(String content, List<Paragraph> paragraphs) {
		List<Unit> units = new ArrayList<>();
		for (Paragraph paragraph : paragraphs) {
			List<Unit> sentences = sentences(content, paragraph);
			int total = sentences.stream().mapToInt(Unit::tokens).sum();
			for (int i = 0; i < sentences.size(); i++) {
				Unit s = sentences.get(i);
				units.add(new Unit(s.start, s.end, s.tokens, i == 0, i == 0 ? total : 0, i == 0 && paragraph.numbered()));
			}
		}
		List<Span> spans = new ArrayList<>();
		List<Unit> current = new ArrayList<>();
		int used = 0;
		for (Unit unit : units) {
			if (!current.isEmpty()) {
				boolean structural = unit.startsClause
						|| unit.startsParagraph && used + unit.paragraphTokens > this.maxTokens && used >= this.maxTokens / 2;
				if (structural) {
					spans.add(span(current));
					current = new ArrayList<>();
					used = 0;
				}
				else if (used + unit.tokens > this.maxTokens) {
					spans.add(span(current));
					current = overlap(current);
					used = current.stream().mapToInt(Unit::tokens).sum();
					while (!current.isEmpty() && used + unit.tokens > this.maxTokens) {
						used -= current.remove(0).tokens;
					}
				}
			}
			current.add(unit);
			used += unit.tokens;
		}
		if (!current.isEmpty()) {
			spans.add(span(current));
		}
		return spans;
	}

	/** The last sentences of a chunk, up to the overlap, never the whole chunk (each chunk starts somewhere new). */
	private List<Unit> overlap(List<Unit> chunk) {
		List<Unit> tail = new ArrayList<>();
		int used = 0;
		for (int i = chunk.size() - 1; i >= 1; i--) {
			Unit unit = chunk.get(i);
			if (used + unit.tokens > this.overlapTokens) {
				break;
			}
			tail.add(0, unit);
			used += unit.tokens;
		}
		return tail;
	}

	private static Span span(List<Unit> units) {
		return new Span(units.get(0).start, units.get(units.size() - 1).end);
	}

	private List<Unit> sentences(String content, Paragraph paragraph) {
		List<Unit> units = new ArrayList<>();
		for (Sentences.Span sentence : Sentences.of(content, paragraph.start(), paragraph.end())) {
			Sentences.Span bare = sentence.stripped(content);
			if (bare.isEmpty()) {
				continue;
			}
			int start = bare.start();
			int end = bare.end();
			String stripped = bare.of(content);
			int count = this.tokens.count(stripped);
			if (count <= this.maxTokens) {
				units.add(new Unit(start, end, count, false, 0, false));
			}
			else {
				units.addAll(words(content, start, end));
			}
		}
		return units;
	}

	/** An over-long sentence (a table row, a list run together by a PDF) cut between words into pieces that fit. */
	private List<Unit> words(String content, int start, int end) {
		List<Unit> pieces = new ArrayList<>();
		Matcher word = Pattern.compile("\\S+").matcher(content).region(start, end);
		int pieceStart = -1;
		int pieceEnd = -1;
		int used = 0;
		while (word.find()) {
			int count = Math.max(1, this.tokens.count(word.group()));
			if (pieceStart >= 0 && used + count > this.maxTokens) {
				pieces.add(new Unit(pieceStart, pieceEnd, used, false, 0, false));
				pieceStart = -1;
				used = 0;
			}
			if (pieceStart < 0) {
				pieceStart = word.start();
			}
			pieceEnd = word.end();
			used += Math.min(count, this.maxTokens);
		}
		if (pieceStart >= 0) {
			pieces.add(new Unit(pieceStart, pieceEnd, used, false, 0, false));
		}
		return pieces;
	}

}
