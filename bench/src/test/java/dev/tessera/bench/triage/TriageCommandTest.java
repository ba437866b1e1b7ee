package dev.tessera.bench.triage;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import dev.tessera.bench.BenchCommand;
import dev.tessera.inference.testing.SharedFixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The triage commands: {@code triage} on a labelled file written here (multi-line quoted descriptions, numeric labels
 * mapped to levels) through the shipped acuity model; {@code triage-train} and {@code triage-cv} on the development
 * data in {@code ../shared/data/triage} (skipped when it is absent).
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
		JsonNode summary = report.path("summary");
		assertThat(summary.path("cases").asInt()).isEqualTo(4);
		assertThat(report.path("model").asString()).isEqualTo(dev.tessera.domains.triage.AcuityModel.bundled().version());
		assertThat(summary.path("confusion").path("emergency").path("emergency").asInt())
			.as("crushing chest pain and SpO2 86% are red flags and danger-zone readings")
			.isEqualTo(2);
		assertThat(summary.path("emergencies").asInt()).isEqualTo(3);
		int under = summary.path("emergenciesUnderTriaged").asInt();
		assertThat(report.path("emergenciesUnderTriaged").size()).as("every under-triaged emergency is listed")
			.isEqualTo(under);
		assertThat(summary.path("emergencyUnderTriageRate").asDouble()).isEqualTo(Math.round(under * 1000 / 3.0) / 1000.0);
		assertThat(report.path("fairness").findValuesAsString("group")).contains("sex not given", "age 18-64");
		assertThat(report.path("withHead")).as("the key earlier reports used").isEqualTo(summary);
		assertThat(report.path("rows").asInt()).isEqualTo(4);
		String md = Files.readString(this.dir.resolve("triage.md"));
		assertThat(md).contains("### Emergencies under-triaged (" + under + ")", "| true \\ assigned |", "By group:");
		if (under > 0) {
			JsonNode missed = report.path("emergenciesUnderTriaged").get(0);
			assertThat(missed.path("row").asInt()).isEqualTo(4);
			assertThat(missed.path("reasons").size()).isPositive();
		}
	}

	@Test
	void removes_the_after_the_visit_diagnosis_before_assessing() throws Exception {
		Path labelled = this.dir.resolve("records.csv");
		Files.writeString(labelled, """
				patient_case,acuity
				"A 30-year-old man with a chief complaint of 'ankle injury'. He is mentally Alert. The patient is suspected to have Cardiac arrest.",4
				""");
		Path out = this.dir.resolve("records.json");

		int exit = new CommandLine(new BenchCommand()).execute("triage", "--data", labelled.toString(), "--label-map",
				"1=emergency,2=emergency,3=urgent,4=routine,5=self-care", "--out", out.toString());

		assertThat(exit).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(out.toFile());
		assertThat(report.path("nonEmergenciesAssignedEmergency").size()).as("the diagnosis sentence is never read")
			.isZero();
	}

	@Test
	void trains_the_acuity_model_and_cross_validates_it_on_the_development_data() throws Exception {
		Path triage = SharedFixtures.sharedDir().resolve("data/triage");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(triage.resolve("ktas_train.csv")),
				"skipped: the triage development data is not at " + triage.toAbsolutePath());
		String ktas = "ktas=" + triage.resolve("ktas_train.csv");
		String esi = "esi=" + triage.resolve("esi_handbook_train.csv");
		Path model = this.dir.resolve("acuity-model.json");

		assertThat(new CommandLine(new BenchCommand()).execute("triage-train", "--source", ktas, "--source", esi, "--out",
				model.toString())).isZero();
		JsonNode written = JsonMapper.builder().build().readTree(model.toFile());
		assertThat(written.path("trainedOn").findValuesAsString("source")).containsExactly("esi", "ktas");
		assertThat(written.path("trainedOn").findValues("cases")).extracting(JsonNode::asInt).containsExactly(89, 688);
		assertThat(written.path("boundaries").size()).isEqualTo(3);
		assertThat(written.path("boundaries").get(0).path("weights").has("word:suspect"))
			.as("the diagnosis sentence is not among the words").isFalse();

		Path cv = this.dir.resolve("cv.json");
		assertThat(new CommandLine(new BenchCommand()).execute("triage-cv", "--folds", "2", "--source", ktas, "--source",
				esi, "--out", cv.toString())).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(cv.toFile());
		assertThat(report.path("evaluations").findValuesAsString("evaluation")).contains(
				"2-fold cross-validation, pooled [ktas, esi]", "trained on ktas, tested on esi",
				"trained on esi, tested on ktas, findings removed");
		JsonNode pooled = report.path("evaluations").get(0);
		assertThat(pooled.path("summary").path("cases").asInt()).isEqualTo(777);
		assertThat(pooled.path("emergencyAuroc").asDouble()).as("the model ranks emergencies well above chance")
			.isGreaterThan(0.8);
		assertThat(pooled.path("curve").size()).isPositive();
		assertThat(pooled.path("bySource").path("esi").path("cases").asInt()).isEqualTo(89);
		assertThat(pooled.path("bySource").path("ktas").path("cases").asInt()).isEqualTo(688);
		assertThat(Files.readString(this.dir.resolve("cv.md"))).contains("tuned on each fold's own training folds");
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
