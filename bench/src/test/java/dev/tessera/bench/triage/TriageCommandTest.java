package dev.tessera.bench.triage;

import java.io.PrintWriter;
import java.io.StringWriter;
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
 * The triage command on a labelled file written here (multi-line quoted descriptions, numeric labels mapped to
 * levels), through the shipped medical-triage pack and its urgency head.
 */
class TriageCommandTest {

	@TempDir
	Path dir;

	@Test
	void reports_accuracy_the_confusion_matrix_and_every_under_triaged_row_with_its_reasons() throws Exception {
		Path labelled = this.dir.resolve("vignettes.csv");
		Files.writeString(labelled, """
				Vignette,acuity
				"A 60-year-old man with crushing chest pain
				and sweating for 20 minutes.",1
				"A 30-year-old woman, SpO2 86% on room air.",2
				"A 25-year-old who twisted an ankle this morning
				and cannot bear weight.",3
				"A 40-year-old with a rash, no fever, vital signs normal.",1
				""");
		Path out = this.dir.resolve("triage.json");

		int exit = new CommandLine(new BenchCommand()).execute("triage", "--data", labelled.toString(), "--text-col",
				"Vignette", "--label-col", "acuity", "--label-map", "1=emergency,2=emergency,3=urgent,4=routine,5=self-care",
				"--out", out.toString());

		assertThat(exit).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(out.toFile());
		assertThat(report.path("rows").asInt()).isEqualTo(4);
		JsonNode server = report.path("withHead");
		assertThat(server.path("confusion").path("emergency").path("emergency").asInt()).isEqualTo(2);
		assertThat(server.path("confusion").path("urgent").path("urgent").asInt()).isEqualTo(1);
		assertThat(server.path("emergenciesUnderTriaged").asInt()).as("the rash labelled emergency has no red flag")
			.isEqualTo(1);
		assertThat(server.path("emergencyUnderTriageRate").asDouble()).isEqualTo(0.3333);
		assertThat(server.path("perLevel").path("emergency").path("recall").asDouble()).isEqualTo(0.6667);
		JsonNode missed = report.path("underTriagedRows").get(0);
		assertThat(missed.path("row").asInt()).isEqualTo(4);
		assertThat(missed.path("gold").asString()).isEqualTo("emergency");
		assertThat(missed.path("reasons").size()).isPositive();
		assertThat(Files.readString(this.dir.resolve("triage.md"))).contains("### Under-triaged rows (1)")
			.contains("- row 4: true emergency");
	}

	@Test
	void a_label_missing_from_the_map_is_refused_naming_it() throws Exception {
		Path labelled = this.dir.resolve("bad.csv");
		Files.writeString(labelled, "text,label\nchest pain,9\n");
		StringWriter err = new StringWriter();

		int exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err))
			.setExecutionExceptionHandler((ex, command, parsed) -> {
				command.getErr().println("error: " + ex.getMessage());
				return 1;
			})
			.execute("triage", "--data", labelled.toString(), "--label-map", "1=emergency", "--out",
					this.dir.resolve("x.json").toString());

		assertThat(exit).isEqualTo(1);
		assertThat(err.toString()).contains("row 1: label '9' is not in --label-map [1]");
	}

	@Test
	void parses_a_label_map() {
		assertThat(TriageCommand.parseLabelMap("1=emergency, 2=self-care,3=self_care"))
			.containsEntry("1", dev.tessera.domains.triage.UrgencyLevel.EMERGENCY)
			.containsEntry("2", dev.tessera.domains.triage.UrgencyLevel.SELF_CARE)
			.containsEntry("3", dev.tessera.domains.triage.UrgencyLevel.SELF_CARE);
	}

}
