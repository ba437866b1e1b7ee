package dev.tessera.bench.inference;

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
 * decode-throughput on the real stories260K checkpoint, imported on the fly, with ONNX Runtime's profiler: the
 * report counts every decode step and splits its time between the operators.
 */
class DecodeThroughputCommandTest {

	@TempDir
	Path dir;

	@Test
	void the_profile_splits_each_decode_step_between_operators_and_rates_the_matrix_products() throws Exception {
		Path stories = SharedFixtures.stories260K();
		Path out = this.dir.resolve("decode.json");

		int exit = new CommandLine(new BenchCommand()).execute("decode-throughput", "--model",
				stories.resolve("stories260K.bin").toString(), "--tokenizer", stories.resolve("tok512.bin").toString(),
				"--prompt-tokens", "16", "--new-tokens", "12", "--runs", "1", "--threads", "1", "--profile", "--out",
				out.toString());

		assertThat(exit).isZero();
		JsonNode report = JsonMapper.builder().build().readTree(out.toFile());
		assertThat(report.path("decodeTokensPerSecond").asDouble()).isPositive();
		JsonNode profile = report.path("profile");
		assertThat(profile.path("steps").asInt()).as("12 decode steps after the BOS step").isEqualTo(12);
		JsonNode perOperator = profile.path("kernelMillisPerStep");
		assertThat(perOperator.propertyNames()).contains("MatMul");
		double kernels = 0;
		for (String op : perOperator.propertyNames()) {
			kernels += perOperator.path(op).asDouble();
		}
		assertThat(kernels + profile.path("outsideKernelsMillisPerStep").asDouble())
			.isCloseTo(profile.path("stepMillis").asDouble(), org.assertj.core.data.Offset.offset(0.05));
		assertThat(profile.path("matrixProductsReadGBs").asDouble()).isPositive();
		assertThat(Files.readString(this.dir.resolve("decode.md"))).contains("### Profile: one decode of 12 steps");
		try (var left = Files.list(this.dir)) {
			assertThat(left.map(p -> p.getFileName().toString())).as("the profiler's own file is removed")
				.noneMatch(name -> name.startsWith("decode-profile"));
		}
	}

	@Test
	void the_decoding_process_reports_its_rates_and_its_resident_memory_before_and_after_loading() throws Exception {
		Path stories = SharedFixtures.stories260K();
		Path out = this.dir.resolve("measured.json");

		int exit = new CommandLine(new BenchCommand()).execute("decode-throughput", "--model",
				stories.resolve("stories260K.bin").toString(), "--tokenizer", stories.resolve("tok512.bin").toString(),
				"--prompt-tokens", "16", "--new-tokens", "12", "--runs", "2", "--threads", "1", "--measure-only", "--out",
				out.toString());

		assertThat(exit).isZero();
		JsonNode measured = JsonMapper.builder().build().readTree(out.toFile());
		assertThat(measured.path("decodeRates")).as("one rate per run, the warm-up left out").hasSize(2);
		assertThat(measured.path("prefillRates")).hasSize(2);
		long before = measured.path("residentBeforeLoadBytes").asLong();
		assertThat(before).as("the JVM's own resident memory, read from /proc").isPositive();
		assertThat(measured.path("peakResidentBytes").asLong()).isGreaterThanOrEqualTo(before);
		assertThat(measured.path("peakCovers").asString()).contains("from its start");
	}

}
