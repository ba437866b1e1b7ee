package dev.tessera.bench.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.bench.BenchCommand;
import dev.tessera.inference.testing.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * embed-throughput on real Banking77 questions: the bundled encoder's rows and, in the same run, LangChain4j's
 * in-process build of the same model, each with Tessera's rate over it.
 */
class EmbedThroughputCommandTest {

	@TempDir
	Path dir;

	@Test
	void langchain4j_s_in_process_model_is_measured_beside_the_encoder_on_the_same_sentences() throws Exception {
		Path questions = SharedFixtures.sharedDir().resolve("data/intent/banking77_test.csv");
		Path out = this.dir.resolve("embed.json");

		int exit = new CommandLine(new BenchCommand()).execute("embed-throughput", "--data", questions.toString(),
				"--limit", "48", "--batch-sizes", "1", "--threads", "1", "--out", out.toString());

		assertThat(exit).isZero();
		List<String> peerRows = new ArrayList<>();
		for (JsonNode row : JsonMapper.builder().build().readTree(out.toFile()).path("results")) {
			if (!row.path("model").asString().startsWith("LangChain4j")) {
				continue;
			}
			peerRows.add(row.path("model").asString() + " " + row.path("batch").asString());
			assertThat(row.path("sentencesPerSecond").asDouble()).isPositive();
			assertThat(row.path("tesseraOverLangChain4j").asDouble()).as("Tessera's rate for the same requests")
				.isPositive();
		}
		assertThat(peerRows).containsExactly("LangChain4j all-MiniLM-L6-v2 1", "LangChain4j all-MiniLM-L6-v2 corpus",
				"LangChain4j all-MiniLM-L6-v2 (int8) 1", "LangChain4j all-MiniLM-L6-v2 (int8) corpus");
	}

}
