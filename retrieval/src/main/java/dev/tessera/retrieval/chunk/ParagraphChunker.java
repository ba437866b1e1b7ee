package dev.tessera.retrieval.chunk;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.retrieval.KnowledgeChunk;

/**
 * Splits a Markdown or plain-text document into paragraph chunks, each remembering the heading it sits under and its
 * character span in the source, so that a citation can point at the exact passage.
 *
 * <p>
 * Written by hand because the available splitters (LangChain4j, Spring AI) drop character offsets, which citations
 * need.
 *
 * <p>
 * Limitations: no token limit or overlap; a very long paragraph becomes one chunk.
 */
public final class ParagraphChunker {

	private static final Pattern BLANK_LINES = Pattern.compile("\\n\\s*\\n");

	private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+)$");

	public List<KnowledgeChunk> chunk(String tenant, String collection, String documentId, String documentTitle,
			String content) {
		List<KnowledgeChunk> chunks = new ArrayList<>();
		String section = "";
		int position = 0;
		Matcher separators = BLANK_LINES.matcher(content);
		while (position < content.length()) {
			int end = separators.find(position) ? separators.start() : content.length();
			int next = end < content.length() ? separators.end() : content.length();
			// headings at the top of a block set the section; the rest of the block is the paragraph
			int blockStart = position;
			int blockEnd = end;
			while (blockStart < blockEnd) {
				int lineEnd = content.indexOf('\n', blockStart);
				lineEnd = lineEnd < 0 || lineEnd > blockEnd ? blockEnd : lineEnd;
				String line = content.substring(blockStart, lineEnd).strip();
				Matcher heading = HEADING.matcher(line);
				if (line.isEmpty()) {
					blockStart = Math.min(lineEnd + 1, blockEnd);
				}
				else if (heading.matches()) {
					if (!line.startsWith("# ")) { // a level-1 heading is the document title, not a section
						section = heading.group(1).strip();
					}
					blockStart = Math.min(lineEnd + 1, blockEnd);
				}
				else {
					break;
				}
			}
			String block = content.substring(blockStart, blockEnd);
			int leading = block.length() - block.stripLeading().length();
			String text = block.strip();
			if (!text.isEmpty()) {
				int start = blockStart + leading;
				chunks.add(new KnowledgeChunk(tenant, collection, documentId, documentTitle, section, text, start,
						start + text.length()));
			}
			position = next;
		}
		return chunks;
	}

}
