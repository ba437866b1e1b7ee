package dev.tessera.bench.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.inference.encoder.TextEmbedder;

/**
 * The bench's one embedding cache: an evaluation embeds each distinct text once for the whole run (an attack inserted
 * into many documents, folds over the same examples), and may keep the vectors on disk between runs
 * ({@link #load}). Embeddings are deterministic, so a cached vector is the one the encoder computes live. (A chat
 * turn's own memo is {@code EmbeddingMemo}, which lives for one turn.)
 */
public final class CachingEmbedder implements TextEmbedder {

	private final TextEmbedder delegate;

	private final Map<String, float[]> vectors = new HashMap<>();

	public CachingEmbedder(TextEmbedder delegate) {
		this.delegate = delegate;
	}

	@Override
	public String name() {
		return this.delegate.name();
	}

	@Override
	public List<float[]> embed(List<String> texts) {
		List<String> missing = texts.stream().filter(text -> !this.vectors.containsKey(text)).distinct().toList();
		if (!missing.isEmpty()) {
			// one call: the encoder sorts by length and batches itself
			List<float[]> computed = this.delegate.embed(missing);
			for (int i = 0; i < missing.size(); i++) {
				this.vectors.put(missing.get(i), computed.get(i));
			}
		}
		return texts.stream().map(this.vectors::get).toList();
	}

	/**
	 * Embeds the texts, or reads them from the file an earlier run on the same texts wrote under {@code folder}
	 * ({@code <prefix>-<embedder>-<hash>-<count>.bin}).
	 */
	public void load(List<String> texts, Path folder, String prefix) throws IOException {
		Path cache = folder.resolve(prefix + "-" + this.delegate.name() + "-" + Integer.toHexString(texts.hashCode())
				+ "-" + texts.size() + ".bin");
		if (Files.exists(cache)) {
			try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(cache)))) {
				for (String text : texts) {
					float[] v = new float[in.readInt()];
					for (int d = 0; d < v.length; d++) {
						v[d] = in.readFloat();
					}
					this.vectors.put(text, v);
				}
			}
			System.out.println("Read " + texts.size() + " embeddings from " + cache);
			return;
		}
		System.out.println("Embedding " + texts.size() + " texts (cached in " + cache + " for later runs) ...");
		embed(texts);
		Files.createDirectories(folder);
		try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(cache)))) {
			for (String text : texts) {
				float[] v = this.vectors.get(text);
				out.writeInt(v.length);
				for (float x : v) {
					out.writeFloat(x);
				}
			}
		}
	}

}
