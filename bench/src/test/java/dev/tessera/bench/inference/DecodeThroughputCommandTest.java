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

}
