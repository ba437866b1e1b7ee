package dev.tessera.inference.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

/**
 * The read-only fixtures in {@code ../shared} beside the project (or {@code $TESSERA_SHARED_DIR}). Tests that need
 * them are skipped with a message when they are absent.
 */
public final class SharedFixtures {

	private SharedFixtures() {
	}

	public static Path sharedDir() {
		String configured = System.getenv("TESSERA_SHARED_DIR");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		// tests run in a module folder; the project root is its parent, shared/ sits beside the root
		Path dir = Path.of("").toAbsolutePath();
		for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
			Path candidate = dir.resolveSibling("shared");
			if (Files.isDirectory(candidate.resolve("models"))) {
				return candidate;
			}
		}
		return Path.of("..", "..", "shared");
	}

	/** The stories260K folder, or a skipped test. */
	public static Path stories260K() {
		Path dir = sharedDir().resolve("models/stories260K");
		Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("stories260K.bin")),
				"skipped: the stories260K fixture is not at " + dir.toAbsolutePath()
						+ " (set TESSERA_SHARED_DIR to the shared folder)");
		return dir;
	}

	/** The 256 golden greedy token ids, read from the fixture's PROVENANCE.md. */
	public static long[] goldenTokens(Path stories) {
		return numbersAfter(stories.resolve("PROVENANCE.md"), "The 256 generated token ids:");
	}

	/** The documented encoding of the check sentence, read from PROVENANCE.md. */
	public static long[] goldenPromptEncoding(Path stories) {
		try {
			String line = Files.readAllLines(stories.resolve("PROVENANCE.md"))
				.stream()
				.filter(l -> l.startsWith("Encoding check"))
				.findFirst()
				.orElseThrow();
			String ids = line.substring(line.lastIndexOf('\u2192') + 1).strip();
			return Arrays.stream(ids.split("\\s+")).mapToLong(Long::parseLong).toArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The documented greedy text, the first paragraph of the code block in stories260K.md after "-t 0.0". */
	public static String goldenText(Path stories) {
		try {
			List<String> lines = Files.readAllLines(stories.resolve("stories260K.md"));
			int command = 0;
			while (!lines.get(command).contains("-t 0.0")) {
				command++;
			}
			StringBuilder text = new StringBuilder();
			for (int i = command + 1; !lines.get(i).startsWith("```"); i++) {
				text.append(i > command + 1 ? "\n" : "").append(lines.get(i));
			}
			return text.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The llama.cpp GGUF fixtures folder, or a skipped test. */
	public static Path ggufFixtures() {
		Path dir = sharedDir().resolve("models/gguf-fixtures");
		Assumptions.assumeTrue(Files.isRegularFile(dir.resolve("goldens.txt")),
				"skipped: the GGUF fixtures are not at " + dir.toAbsolutePath()
						+ " (set TESSERA_SHARED_DIR to the shared folder)");
		return dir;
	}

	/**
	 * What llama.cpp computed on one fixture file: the input (BOS and the prompt), its 32 greedy ids, and the logits
	 * each was chosen from ({@code logits[i]}: after the input and the first i greedy ids).
	 */
	public record LlamaCppGolden(Path file, long[] input, long[] greedy, float[][] logits) {

		/** Input followed by the greedy ids: the sequence to teacher-force. */
		public long[] teacherForced() {
			long[] all = Arrays.copyOf(this.input, this.input.length + this.greedy.length);
			System.arraycopy(this.greedy, 0, all, this.input.length, this.greedy.length);
			return all;
		}

	}

	/** The goldens of one fixture file (e.g. {@code llama-Q4_K_M.gguf}) from goldens.txt and its .logits.f32. */
	public static LlamaCppGolden llamaCppGolden(String fileName) {
		Path dir = ggufFixtures();
		try {
			String line = Files.readAllLines(dir.resolve("goldens.txt"))
				.stream()
				.filter(l -> l.startsWith(fileName + " |"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("goldens.txt has no line for " + fileName));
			String[] parts = line.split("\\|");
			long[] input = Arrays.stream(parts[1].strip().split(",")).mapToLong(Long::parseLong).toArray();
			long[] greedy = Arrays.stream(parts[2].strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
			byte[] raw = Files.readAllBytes(dir.resolve(fileName.replace(".gguf", ".logits.f32")));
			java.nio.FloatBuffer floats = java.nio.ByteBuffer.wrap(raw)
				.order(java.nio.ByteOrder.LITTLE_ENDIAN)
				.asFloatBuffer();
			int vocab = floats.remaining() / greedy.length;
			float[][] logits = new float[greedy.length][vocab];
			for (float[] row : logits) {
				floats.get(row);
			}
			return new LlamaCppGolden(dir.resolve(fileName), input, greedy, logits);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long[] numbersAfter(Path file, String marker) {
		try {
			List<String> lines = Files.readAllLines(file);
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).startsWith(marker)) {
					int next = i + 1;
					while (lines.get(next).isBlank()) {
						next++;
					}
					return Arrays.stream(lines.get(next).strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
				}
			}
			throw new IllegalStateException(file + " has no line '" + marker + "'");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
