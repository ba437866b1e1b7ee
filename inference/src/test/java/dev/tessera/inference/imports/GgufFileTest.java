package dev.tessera.inference.imports;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.testing.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad GGUF files fail with a message naming what is wrong: each is a llama.cpp fixture with one thing broken.
 */
class GgufFileTest {

	@TempDir
	Path work;

	private byte[] fixture() throws Exception {
		return Files.readAllBytes(SharedFixtures.ggufFixtures().resolve("llama-Q4_K_M.gguf"));
	}

	private Path write(byte[] bytes) throws Exception {
		Path file = this.work.resolve("broken.gguf");
		Files.write(file, bytes);
		return file;
	}

	@Test
	void a_file_that_is_not_gguf_is_named_so() throws Exception {
		byte[] bytes = fixture();
		bytes[0] = 'X';
		assertThatThrownBy(() -> new GgufFile(write(bytes))).hasMessageContaining("not a GGUF file");
	}

	@Test
	void a_header_cut_short_is_truncated() throws Exception {
		byte[] bytes = Arrays.copyOf(fixture(), 4000);
		assertThatThrownBy(() -> new GgufFile(write(bytes))).hasMessageContaining("truncated");
	}

	@Test
	void tensor_data_past_the_end_names_the_tensor() throws Exception {
		byte[] bytes = fixture();
		Path file = write(Arrays.copyOf(bytes, bytes.length - 1000));
		GgufFile gguf = new GgufFile(file);
		String last = gguf.tensors()
			.values()
			.stream()
			.max((a, b) -> Long.compare(a.offset(), b.offset()))
			.orElseThrow()
			.name();
		assertThatThrownBy(() -> gguf.floats(last)).hasMessageContaining("'" + last + "'")
			.hasMessageContaining("outside the file");
		assertThatThrownBy(() -> new ModelImporter(WeightFormat.FILE).importGguf(file, this.work.resolve("out"), "x"))
			.hasMessageContaining("outside the file");
	}

	@Test
	void an_unsupported_tensor_type_names_the_tensor_and_its_type() throws Exception {
		byte[] bytes = fixture();
		int type = typeFieldOf(bytes, "blk.0.attn_q.weight", 2);
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(type, GgmlType.IQ4_NL.id());
		GgufFile gguf = new GgufFile(write(bytes));
		assertThatThrownBy(() -> gguf.blocks("blk.0.attn_q.weight"))
			.hasMessageContaining("'blk.0.attn_q.weight'")
			.hasMessageContaining("IQ4_NL")
			.hasMessageContaining("Q4_K");
	}

	@Test
	void a_vocabulary_that_does_not_match_the_embedding_is_refused() throws Exception {
		byte[] bytes = fixture();
		int type = typeFieldOf(bytes, "token_embd.weight", 2);
		// the embedding's second dimension (its rows, the vocabulary) sits just before the type
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(type - 8, 2000);
		Path file = write(bytes);
		assertThatThrownBy(() -> new ModelImporter(WeightFormat.FILE).importGguf(file, this.work.resolve("out"), "x"))
			.hasMessageContaining("2048 vocabulary tokens")
			.hasMessageContaining("2000 rows");
	}

	@Test
	void per_head_query_norms_and_parallel_residual_blocks_are_refused_not_dropped() throws Exception {
		Path withNorms = this.work.resolve("norms.gguf");
		Path parallel = this.work.resolve("parallel.gguf");
		for (Path file : List.of(withNorms, parallel)) {
			GgufWriter w = new GgufWriter().put("general.architecture", "stablelm")
				.put("stablelm.embedding_length", 32)
				.put("stablelm.attention.head_count", 4)
				.put("stablelm.block_count", 1)
				.put("stablelm.feed_forward_length", 32)
				.put("stablelm.context_length", 64)
				.tensor("token_embd.weight", GgmlType.F32, new float[260 * 32], 260, 32);
			w.tensor(file == withNorms ? "blk.0.attn_q_norm.weight" : "blk.0.attn_norm.weight", GgmlType.F32,
					new float[32], 1, 32);
			if (file == withNorms) {
				w.tensor("blk.0.ffn_norm.weight", GgmlType.F32, new float[32], 1, 32);
			}
			w.write(file);
		}
		assertThatThrownBy(() -> new GgufWeights(withNorms)).hasMessageContaining("per-head query/key norms");
		assertThatThrownBy(() -> new GgufWeights(parallel)).hasMessageContaining("parallel-residual");
	}

	@Test
	void the_fixture_itself_reads() throws Exception {
		GgufFile gguf = new GgufFile(write(fixture()));
		assertThat(gguf.metadata()).containsEntry("general.architecture", "llama");
		assertThat(gguf.type("blk.0.attn_q.weight")).isEqualTo(GgmlType.Q4_K);
	}

	@Test
	void tensors_written_by_the_project_s_writer_read_back_within_their_format_s_step() throws Exception {
		java.util.SplittableRandom random = new java.util.SplittableRandom(3);
		float[] values = new float[4 * 512];
		for (int i = 0; i < values.length; i++) {
			values[i] = (float) random.nextGaussian();
		}
		Path file = this.work.resolve("written.gguf");
		GgufWriter writer = new GgufWriter().put("general.architecture", "llama").put("note", "round trip");
		for (GgmlType type : new GgmlType[] { GgmlType.F32, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K }) {
			writer.tensor(type.label(), type, values, 4, 512);
		}
		writer.write(file);
		GgufFile gguf = new GgufFile(file);
		assertThat(gguf.metadata()).containsEntry("note", "round trip");
		// worst error against the largest weight: a level's half step; Q4_0 maps a block's largest magnitude to -8,
		// so the other sign reaches only +7 steps and may lose a whole step (1/8)
		java.util.Map<GgmlType, Double> bound = java.util.Map.of(GgmlType.F32, 0.0, GgmlType.F16, 1e-3, GgmlType.Q8_0,
				0.005, GgmlType.Q4_0, 0.13, GgmlType.Q4_K, 0.07);
		float largest = 0;
		for (float v : values) {
			largest = Math.max(largest, Math.abs(v));
		}
		for (GgmlType type : bound.keySet()) {
			assertThat(gguf.type(type.label())).isEqualTo(type);
			float[] read = gguf.floats(type.label());
			double worst = 0;
			for (int i = 0; i < values.length; i++) {
				worst = Math.max(worst, Math.abs(read[i] - values[i]));
			}
			assertThat(worst / largest).as(type.label()).isLessThanOrEqualTo(bound.get(type));
			if (!type.floating()) {
				assertThat(gguf.blocks(type.label()).orElseThrow().dequantize()).containsExactly(read,
						org.assertj.core.data.Offset.offset(1e-5f * largest));
			}
		}
	}

	/** The byte offset of a tensor description's type field: after its name, dimension count and shape. */
	private static int typeFieldOf(byte[] bytes, String tensor, int dims) {
		byte[] name = tensor.getBytes(StandardCharsets.UTF_8);
		for (int i = 8; i + name.length < bytes.length; i++) {
			if (ByteBuffer.wrap(bytes, i - 8, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() == name.length
					&& Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
				return i + name.length + 4 + 8 * dims;
			}
		}
		throw new IllegalStateException(tensor + " not found");
	}

}
