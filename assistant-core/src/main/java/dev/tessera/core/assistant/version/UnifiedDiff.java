package dev.tessera.core.assistant.version;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff of two texts in the unified format ({@code diff -u}, {@code git diff}): {@code ---}/{@code +++}
 * headers, then hunks {@code @@ -l,s +l,s @@} with three lines of context. Empty when the texts are equal.
 * <p>
 * Written here rather than taken from java-diff-utils, the usual library for this, because that library is not among
 * the packages this project may resolve. The algorithm is the textbook one: common prefix and suffix trimmed, then a
 * longest-common-subsequence table over the rest. Definitions are a few hundred lines, so the table is small; past
 * {@value #MAX_CELLS} cells (two texts of about 4,000 changed lines each) the changed middle is shown as removed and
 * added whole, which is still a correct diff, only not a minimal one.
 *
 * @param text the unified diff
 * @param added lines added
 * @param removed lines removed
 */
public record UnifiedDiff(String text, int added, int removed) {

	/** Lines of context around each change, as {@code diff -u} shows. */
	public static final int CONTEXT = 3;

	static final long MAX_CELLS = 16_000_000L;

	private static final String NO_NEWLINE = "\\ No newline at end of file\n";

	public boolean isEmpty() {
		return this.added == 0 && this.removed == 0;
	}

	/**
	 * @param fromLabel what the {@code ---} header calls the first text
	 * @param toLabel what the {@code +++} header calls the second
	 */
	public static UnifiedDiff of(String fromLabel, String from, String toLabel, String to) {
		List<Edit> edits = edits(lines(from), lines(to));
		StringBuilder out = new StringBuilder();
		int added = 0;
		int removed = 0;
		int i = 0;
		while (i < edits.size()) {
			if (edits.get(i).kind() == ' ') {
				i++;
				continue;
			}
			if (out.isEmpty()) {
				out.append("--- ").append(fromLabel).append('\n').append("+++ ").append(toLabel).append('\n');
			}
			int start = Math.max(0, i - CONTEXT);
			int end = hunkEnd(edits, i);
			int fromCount = 0;
			int toCount = 0;
			for (int k = start; k < end; k++) {
				char kind = edits.get(k).kind();
				fromCount += kind != '+' ? 1 : 0;
				toCount += kind != '-' ? 1 : 0;
			}
			out.append("@@ -")
				.append(range(edits.get(start).fromIndex(), fromCount))
				.append(" +")
				.append(range(edits.get(start).toIndex(), toCount))
				.append(" @@\n");
			for (int k = start; k < end; k++) {
				Edit edit = edits.get(k);
				added += edit.kind() == '+' ? 1 : 0;
				removed += edit.kind() == '-' ? 1 : 0;
				out.append(edit.kind()).append(edit.line());
				if (!edit.line().endsWith("\n")) {
					out.append('\n').append(NO_NEWLINE);
				}
			}
			i = end;
		}
		return new UnifiedDiff(out.toString(), added, removed);
	}

	/** One past the last line of the hunk whose first change is at {@code first}: changes closer than 2 contexts join. */
	private static int hunkEnd(List<Edit> edits, int first) {
		int lastChange = first;
		for (int k = first + 1; k < edits.size(); k++) {
			if (edits.get(k).kind() != ' ') {
				if (k - lastChange - 1 > 2 * CONTEXT) {
					break;
				}
				lastChange = k;
			}
		}
		return Math.min(edits.size(), lastChange + 1 + CONTEXT);
	}

	/** {@code start,count} with 1-based start; an empty range names the line before it, as GNU diff does. */
	private static String range(int index, int count) {
		if (count == 0) {
			return index + ",0";
		}
		return count == 1 ? String.valueOf(index + 1) : (index + 1) + "," + count;
	}

	/**
	 * @param kind ' ' kept, '-' removed, '+' added
	 * @param fromIndex 0-based position in the first text (for an added line: the lines of it passed so far)
	 * @param toIndex the same in the second text
	 */
	private record Edit(char kind, String line, int fromIndex, int toIndex) {
	}

	private static List<Edit> edits(List<String> a, List<String> b) {
		int prefix = 0;
		while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
			prefix++;
		}
		int suffix = 0;
		while (suffix < a.size() - prefix && suffix < b.size() - prefix
				&& a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
			suffix++;
		}
		List<Edit> edits = new ArrayList<>();
		for (int k = 0; k < prefix; k++) {
			edits.add(new Edit(' ', a.get(k), k, k));
		}
		int n = a.size() - prefix - suffix;
		int m = b.size() - prefix - suffix;
		int i = 0;
		int j = 0;
		if ((long) (n + 1) * (m + 1) <= MAX_CELLS) {
			// lcs[i][j]: length of the longest common subsequence of a[prefix+i..] and b[prefix+j..] (middle only)
			int[][] lcs = new int[n + 1][m + 1];
			for (int x = n - 1; x >= 0; x--) {
				for (int y = m - 1; y >= 0; y--) {
					lcs[x][y] = a.get(prefix + x).equals(b.get(prefix + y)) ? lcs[x + 1][y + 1] + 1
							: Math.max(lcs[x + 1][y], lcs[x][y + 1]);
				}
			}
			while (i < n && j < m) {
				if (a.get(prefix + i).equals(b.get(prefix + j))) {
					edits.add(new Edit(' ', a.get(prefix + i), prefix + i, prefix + j));
					i++;
					j++;
				}
				else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
					edits.add(new Edit('-', a.get(prefix + i), prefix + i, prefix + j));
					i++;
				}
				else {
					edits.add(new Edit('+', b.get(prefix + j), prefix + i, prefix + j));
					j++;
				}
			}
		}
		for (; i < n; i++) {
			edits.add(new Edit('-', a.get(prefix + i), prefix + i, prefix + j));
		}
		for (; j < m; j++) {
			edits.add(new Edit('+', b.get(prefix + j), prefix + n, prefix + j));
		}
		for (int k = 0; k < suffix; k++) {
			edits.add(new Edit(' ', a.get(prefix + n + k), prefix + n + k, prefix + m + k));
		}
		return edits;
	}

	/** Lines with their line feed, so that a last line without one differs from the same line with one. */
	static List<String> lines(String text) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		for (int k = 0; k < text.length(); k++) {
			if (text.charAt(k) == '\n') {
				lines.add(text.substring(start, k + 1));
				start = k + 1;
			}
		}
		if (start < text.length()) {
			lines.add(text.substring(start));
		}
		return lines;
	}

}
