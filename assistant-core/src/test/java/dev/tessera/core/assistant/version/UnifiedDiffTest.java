package dev.tessera.core.assistant.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedDiffTest {

	@Test
	void equal_texts_give_an_empty_diff() {
		UnifiedDiff diff = UnifiedDiff.of("a", "x\ny\n", "b", "x\ny\n");

		assertThat(diff.isEmpty()).isTrue();
		assertThat(diff.text()).isEmpty();
	}

	@Test
	void a_changed_line_is_shown_with_three_lines_of_context_as_diff_u_does() {
		String from = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
		String to = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";

		UnifiedDiff diff = UnifiedDiff.of("a/assistant.yaml", from, "b/assistant.yaml", to);

		// the exact output of GNU diff -u for these files
		assertThat(diff.text()).isEqualTo("""
				--- a/assistant.yaml
				+++ b/assistant.yaml
				@@ -2,7 +2,7 @@
				 2
				 3
				 4
				-5
				+five
				 6
				 7
				 8
				""");
		assertThat(diff.added()).isEqualTo(1);
		assertThat(diff.removed()).isEqualTo(1);
	}

	@Test
	void distant_changes_get_separate_hunks_and_near_ones_share_one() {
		List<String> lines = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			lines.add(String.valueOf(i));
		}
		String from = String.join("\n", lines) + "\n";
		String to = from.replace("\n3\n", "\nthree\n").replace("\n9\n", "\nnine\n").replace("\n25\n", "\n");

		UnifiedDiff diff = UnifiedDiff.of("a", from, "b", to);

		assertThat(diff.text().lines().filter(line -> line.startsWith("@@")).toList())
			.containsExactly("@@ -1,12 +1,12 @@", "@@ -22,7 +22,6 @@");
		assertThat(diff.removed()).isEqualTo(3);
		assertThat(diff.added()).isEqualTo(2);
	}

	@Test
	void insertions_into_an_empty_text_and_a_missing_final_newline_are_marked() {
		assertThat(UnifiedDiff.of("a", "", "b", "x\n").text()).isEqualTo("--- a\n+++ b\n@@ -0,0 +1 @@\n+x\n");
		assertThat(UnifiedDiff.of("a", "x\ny", "b", "x\ny\n").text())
			.isEqualTo("--- a\n+++ b\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+y\n");
	}

	@Test
	void applying_the_diff_to_the_first_text_gives_the_second() {
		Random random = new Random(42);
		String[] vocabulary = { "id: a", "name: b", "  top-k: 3", "  min-score: 2.0", "rails:", "  input:", "", "# c" };
		for (int round = 0; round < 300; round++) {
			List<String> from = new ArrayList<>();
			int n = random.nextInt(40);
			for (int i = 0; i < n; i++) {
				from.add(vocabulary[random.nextInt(vocabulary.length)] + "\n");
			}
			List<String> to = new ArrayList<>(from);
			int edits = random.nextInt(6);
			for (int e = 0; e < edits; e++) {
				int at = to.isEmpty() ? 0 : random.nextInt(to.size() + 1);
				switch (random.nextInt(3)) {
					case 0 -> to.add(at, vocabulary[random.nextInt(vocabulary.length)] + "\n");
					case 1 -> {
						if (at < to.size()) {
							to.remove(at);
						}
					}
					default -> {
						if (at < to.size()) {
							to.set(at, "changed " + round + "\n");
						}
					}
				}
			}
			String a = String.join("", from);
			String b = String.join("", to);
			UnifiedDiff diff = UnifiedDiff.of("a", a, "b", b);
			assertThat(apply(a, diff.text())).as("round %d:\n%s", round, diff.text()).isEqualTo(b);
			assertThat(diff.isEmpty()).isEqualTo(a.equals(b));
		}
	}

	@Test
	void very_long_texts_fall_back_to_a_whole_block_that_still_applies() {
		StringBuilder from = new StringBuilder();
		StringBuilder to = new StringBuilder();
		for (int i = 0; i < 4_100; i++) {
			from.append("a").append(i).append('\n');
			to.append(i % 2 == 0 ? "a" + i : "b" + i).append('\n');
		}
		String a = "head\n" + from + "tail\n";
		String b = "head\n" + to + "tail\n";

		UnifiedDiff diff = UnifiedDiff.of("a", a, "b", b);

		assertThat(apply(a, diff.text())).isEqualTo(b);
		assertThat(diff.removed()).isEqualTo(4_099); // a0 is common to both: part of the prefix
	}

	/** A minimal patch: applies unified hunks in order, checking every context and removed line. */
	private static String apply(String text, String diff) {
		if (diff.isEmpty()) {
			return text;
		}
		List<String> source = UnifiedDiff.lines(text);
		List<String> patch = UnifiedDiff.lines(diff);
		List<String> out = new ArrayList<>();
		int next = 0;
		for (int p = 2; p < patch.size(); p++) {
			String line = patch.get(p);
			if (line.startsWith("@@")) {
				String fromRange = line.split(" ")[1].substring(1);
				int start = Integer.parseInt(fromRange.split(",")[0]);
				int count = fromRange.contains(",") ? Integer.parseInt(fromRange.split(",")[1]) : 1;
				int index = count == 0 ? start : start - 1;
				while (next < index) {
					out.add(source.get(next++));
				}
				continue;
			}
			boolean noNewline = p + 1 < patch.size() && patch.get(p + 1).startsWith("\\ No newline");
			String content = line.substring(1);
			if (noNewline) {
				content = content.substring(0, content.length() - 1);
			}
			switch (line.charAt(0)) {
				case ' ' -> {
					assertThat(source.get(next)).isEqualTo(content);
					out.add(source.get(next++));
				}
				case '-' -> assertThat(source.get(next++)).isEqualTo(content);
				case '+' -> out.add(content);
				default -> throw new AssertionError("unexpected line " + line);
			}
			if (noNewline) {
				p++;
			}
		}
		while (next < source.size()) {
			out.add(source.get(next++));
		}
		return String.join("", out);
	}

}
