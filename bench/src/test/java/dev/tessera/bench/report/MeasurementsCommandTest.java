package dev.tessera.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementsCommandTest {

	@Test
	void blocks_with_a_report_are_regenerated_and_the_others_kept(@TempDir Path dir) throws Exception {
		Path reports = Files.createDirectories(dir.resolve("reports"));
		Files.writeString(reports.resolve("triage-cv.md"),
				"| accuracy |\n|---:|\n| 0.568 |\n\n### Pooled\n\nconfusion matrix\n");
		Path page = dir.resolve("measurements.md");
		Files.writeString(page, """
				# Measurements

				Prose stays.

				<!-- bench:triage-cv summary -->
				| accuracy |
				|---:|
				| 0.5 |
				<!-- /bench -->

				<!-- bench:load -->
				old load table
				<!-- /bench -->
				""");

		MeasurementsCommand.Outcome outcome = MeasurementsCommand.regenerate(page, reports);

		String text = Files.readString(page);
		assertThat(outcome.refreshed()).containsExactly("triage-cv");
		assertThat(outcome.missing()).containsExactly("load");
		assertThat(text).contains("Prose stays.")
			.contains("| 0.568 |")
			.doesNotContain("| 0.5 |")
			.contains("_From the `triage-cv` report of ")
			.contains("old load table")
			.doesNotContain("confusion matrix");
		// regenerating again changes nothing further
		MeasurementsCommand.regenerate(page, reports);
		assertThat(Files.readString(page)).isEqualTo(text);
	}

}
