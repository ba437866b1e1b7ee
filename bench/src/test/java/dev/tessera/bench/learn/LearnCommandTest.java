package dev.tessera.bench.learn;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.bench.BenchCommand;
import dev.tessera.inference.testing.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench learn} on twenty of Banking77's intents from {@code ../shared/data/intent} (skipped when it is absent):
 * the rounds are reported with the gate's comparison, the test file's figures and the targets, and a round whose
 * accepted examples were given wrong labels is refused as a regression.
 */
class LearnCommandTest {

	@TempDir
	Path dir;

	@Test
	void reports_every_round_and_refuses_the_round_of_wrong_labels() throws Exception {
		Path intent = SharedFixtures.sharedDir().resolve("data/intent");
		Assumptions.assumeTrue(Files.isRegularFile(intent.resolve("banking77_train.csv")),
				"Banking77 is not in ../shared/data/intent");
		Path out = this.dir.resolve("learn.json");

		int exit = new CommandLine(new BenchCommand()).execute("learn", "--train",
				intent.resolve("banking77_train.csv").toString(), "--test", intent.resolve("banking77_test.csv").toString(),
				"--label-col", "category", "--labels", "20", "--seed-per-label", "10", "--retrain-every", "150",
				"--poison-round", "2", "--out", out.toString());

		assertThat(exit).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(out.toFile());
		assertThat(report.path("labels").asInt()).isEqualTo(20);
		assertThat(report.path("seedExamples").asInt()).isEqualTo(200);
		JsonNode rounds = report.path("rounds");
		assertThat(rounds.size()).isGreaterThanOrEqualTo(3);
		assertThat(rounds.get(0).path("trainedOn").asInt()).isEqualTo(200);
		for (JsonNode round : rounds) {
			assertThat(round.path("escalationRate").asDouble()).isBetween(0.0, 1.0);
			assertThat(round.path("accuracy").asDouble()).isBetween(0.5, 1.0);
		}
		JsonNode poisoned = rounds.get(2);
		assertThat(poisoned.path("poisoned").asBoolean()).isTrue();
		assertThat(poisoned.path("promoted").asBoolean()).isFalse();
		assertThat(poisoned.path("gate").asString()).startsWith("refused")
			.containsPattern("accuracy [^;]*: worse beyond its noise");
		assertThat(report.path("targets").path("poisonedRoundRefused").asBoolean()).isTrue();
		assertThat(report.path("allData").path("trainedOn").asInt()).isPositive();
		assertThat(Files.readString(out.resolveSibling("learn.md"))).contains("| round |").contains("(poisoned)");
	}

}
