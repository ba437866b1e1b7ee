package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a llama2.c checkpoint ({@code .bin}, legacy v0 layout): a header of seven little-endian int32 (dim,
 * hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len; a negative vocab_size means an unshared
 * classifier), then float32 tensors in a fixed order. The file is memory-mapped; tensors are copied out one at a time.
 */
public final class Llama2cCheckpoint implements LlamaWeights {

	private static final int HEADER_BYTES = 7 * Integer.BYTES;

	private final LlamaConfig config;

	private final FloatBuffer floats;

	private final long[] offsets = new long[12];

	public Llama2cCheckpoint(Path file) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			if (channel.size() < HEADER_BYTES) {
				throw new IOException(file + " is too small to be a llama2.c checkpoint (" + channel.size() + " bytes)");
			}
			ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
				.order(ByteOrder.LITTLE_ENDIAN);
			int dim = bytes.getInt(0);
			int hidden = bytes.getInt(4);
			int layers = bytes.getInt(8);
			int heads = bytes.getInt(12);
			int kvHeads = bytes.getInt(16);
			int vocab = bytes.getInt(20);
			int seqLen = bytes.getInt(24);
			this.config = new LlamaConfig(dim, hidden, layers, heads, kvHeads, Math.abs(vocab), seqLen, 1e-5f,
					10000f, vocab > 0);
			this.floats = bytes.position(HEADER_BYTES).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
		}
		long kvDim = this.config.kvDim();
		long d = this.config.dim();
		long h = this.config.hiddenDim();
		long l = this.config.layers();
		long[] sizes = { this.config.vocabSize() * d, l * d, l * d * d, l * kvDim * d, l * kvDim * d, l * d * d, l * d,
				l * h * d, l * d * h, l * h * d, d,
				// freq_cis_real and freq_cis_imag, then the classifier when unshared
				(long) this.config.maxSeqLen() * this.config.headSize() };
		long offset = 0;
		for (int i = 0; i < sizes.length; i++) {
			this.offsets[i] = offset;
			offset += sizes[i];
		}
		long expected = offset + (this.config.sharedClassifier() ? 0 : this.config.vocabSize() * d);
		if (this.floats.capacity() < expected) {
			throw new IOException(file + " is truncated: the header promises " + expected + " floats, the file holds "
					+ this.floats.capacity());
		}
	}

	@Override
	public LlamaConfig config() {
		return this.config;
	}

	private float[] read(int tensor, int layer, long perLayer) {
		float[] out = new float[Math.toIntExact(perLayer)];
		this.floats.get(Math.toIntExact(this.offsets[tensor] + layer * perLayer), out);
		return out;
	}

	private long dd() {
		return (long) this.config.dim() * this.config.dim();
	}

	private long kd() {
		return (long) this.config.kvDim() * this.config.dim();
	}

	private long hd() {
		return (long) this.config.hiddenDim() * this.config.dim();
	}

	@Override
	public float[] tokenEmbedding() {
		return read(0, 0, (long) this.config.vocabSize() * this.config.dim());
	}

	@Override
	public float[] attentionNorm(int layer) {
		return read(1, layer, this.config.dim());
	}

	@Override
	public float[] wq(int layer) {
		return read(2, layer, dd());
	}

	@Override
	public float[] wk(int layer) {
		return read(3, layer, kd());
	}

	@Override
	public float[] wv(int layer) {
		return read(4, layer, kd());
	}

	@Override
	public float[] wo(int layer) {
		return read(5, layer, dd());
	}

	@Override
	public float[] ffnNorm(int layer) {
		return read(6, layer, this.config.dim());
	}

	@Override
	public float[] w1(int layer) {
		return read(7, layer, hd());
	}

	@Override
	public float[] w2(int layer) {
		return read(8, layer, hd());
	}

	@Override
	public float[] w3(int layer) {
		return read(9, layer, hd());
	}

	@Override
	public float[] finalNorm() {
		return read(10, 0, this.config.dim());
	}

	@Override
	public float[] classifier() {
		if (this.config.sharedClassifier()) {
			return tokenEmbedding();
		}
		// after freq_cis_real and freq_cis_imag, each [seq_len, head_size / 2]
		long start = this.offsets[11] + (long) this.config.maxSeqLen() * this.config.headSize();
		float[] out = new float[Math.toIntExact((long) this.config.vocabSize() * this.config.dim())];
		this.floats.get(Math.toIntExact(start), out);
		return out;
	}

	/**
	 * Reads a llama2.c tokenizer ({@code tok512.bin} style): int32 max_token_length, then per token a float32 score,
	 * an int32 length and the bytes. Spaces become {@code ▁}; ids 0, 1, 2 are unk, BOS and EOS.
	 */
	public static Vocabulary readTokenizer(Path file, int vocabSize) throws IOException {
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		bytes.getInt(); // max_token_length
		List<String> pieces = new ArrayList<>(vocabSize);
		float[] scores = new float[vocabSize];
		for (int i = 0; i < vocabSize; i++) {
			if (bytes.remaining() < 8) {
				throw new IOException(file + " is truncated at token " + i + " of " + vocabSize);
			}
			scores[i] = bytes.getFloat();
			int length = bytes.getInt();
			if (length < 0 || length > bytes.remaining()) {
				throw new IOException(file + " has a bad length " + length + " at token " + i);
			}
			byte[] piece = new byte[length];
			bytes.get(piece);
			pieces.add(new String(piece, StandardCharsets.UTF_8).replace(" ", Vocabulary.SPACE));
		}
		// llama2.c writes the special tokens as "\n<s>\n" and "\n</s>\n"
		pieces.set(0, "<unk>");
		pieces.set(1, "<s>");
		pieces.set(2, "</s>");
		return new Vocabulary(pieces, scores, 0, 1, 2);
	}

}
