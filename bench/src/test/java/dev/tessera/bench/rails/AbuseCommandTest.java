package dev.tessera.bench.rails;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.tessera.bench.BenchCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse command on files written here: benign text with and without profanity, and labelled examples with one
 * the rail misses.
 */
class AbuseCommandTest {

	@TempDir
	Path dir;

	@Test
	void counts_flagged_benign_texts_per_setting_and_recall_per_label_listing_what_it_got_wrong() throws Exception {
		Path benign = this.dir.resolve("benign.csv");
		Files.writeString(benign, """
				text
				Where is my card?
				How do I get this damn card to work?
				The idiot proof setup guide was helpful
				""");
		Path examples = this.dir.resolve("examples.tsv");
		Files.writeString(examples, """
				label\ttext
				insult\tYou are a useless idiot.
				insult\tyour support team are a bunch of morons
				threat\tI know where you live.
				none\tI feel like an idiot, I ordered the wrong size.
				""");
		Path out = this.dir.resolve("abuse.json");

		int exit = new CommandLine(new BenchCommand()).execute("abuse", "--benign", benign + ":text", "--examples",
				examples.toString(), "--out", out.toString());

		assertThat(exit).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(out.toFile());
		JsonNode defaults = report.path("benign").get(0);
		assertThat(defaults.path("texts").asInt()).isEqualTo(3);
		assertThat(defaults.path("flagged").asInt()).isZero();
		JsonNode withProfanity = report.path("benign").get(1);
		assertThat(withProfanity.path("setting").asString()).isEqualTo("with profanity");
		assertThat(withProfanity.path("flagged").asInt()).isEqualTo(1);
		assertThat(withProfanity.path("flaggedTexts").get(0).asString()).contains("damn card");
		JsonNode insult = report.path("examples").path("insult");
		assertThat(insult.path("examples").asInt()).isEqualTo(2);
		assertThat(insult.path("right").asInt()).isEqualTo(1);
		assertThat(report.path("examples").path("threat").path("right").asInt()).isEqualTo(1);
		assertThat(report.path("examples").path("none").path("right").asInt()).isEqualTo(1);
		assertThat(report.path("examples").path("wrong").get(0).asString()).startsWith("insult: your support team");
	}

}
