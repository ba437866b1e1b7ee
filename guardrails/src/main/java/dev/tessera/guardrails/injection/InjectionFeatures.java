package dev.tessera.guardrails.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an injection model sees of one segment, as a sparse vector over one index space:
 * <ul>
 * <li>{@code [0, 384)}: the sentence encoder's embedding of the segment (unit length);</li>
 * <li>{@code 384, 385}: the document context: 1 when the text has other segments, and then how far the segment is
 * from the rest of the text (1 minus the cosine between its embedding and the normalized sum of the others'). An
 * inserted instruction is off-topic: on BIPIA's emails inserted task requests have a median cosine of 0.03 to the
 * rest of their email, the emails' own sentences 0.50;</li>
 * <li>{@code 386 + bucket}: hashed words and word pairs ({@link WordFeatures}), each worth 1/sqrt(count).</li>
 * </ul>
 * A {@link Kind} says which parts a model uses: {@link Kind#WORDS} needs no encoder at all and serves as the cheap
 * first stage of a cascade.
 */
public final class InjectionFeatures {

	/** Dimensions of the bundled encoder's embeddings. */
	public static final int EMBEDDING = 384;

	static final int CONTEXT = EMBEDDING;

	static final int WORDS = EMBEDDING + 2;

	/** Size of the whole index space. */
	public static final int DIMENSIONS = WORDS + WordFeatures.BUCKETS;

	/** Which parts of the feature space a model reads. */
	public enum Kind {

		/** Hashed words and word pairs only: no encoder pass. */
		WORDS("words"),
		/** Embedding and words: each segment judged alone. */
		EMBEDDING_AND_WORDS("embedding+words"),
		/**
		 * Embedding and words of the whole text, judged as one (user messages): the embedding is the one the turn
		 * already computed for its head, scope and retrieval, so the rail costs no encoder pass of its own; and an
		 * ordinary request is not taken apart into sentences that each look like an order.
		 */
		WHOLE_TEXT("embedding+words/whole-text"),
		/** Embedding, words and document context (retrieved documents). */
		EMBEDDING_WORDS_AND_CONTEXT("embedding+words+context");

		private final String id;

		Kind(String id) {
			this.id = id;
		}

		public String id() {
			return this.id;
		}

		public boolean needsEmbeddings() {
			return this != WORDS;
		}

		/** Whether a text is judged as one piece rather than sentence by sentence. */
		public boolean wholeText() {
			return this == WHOLE_TEXT;
		}

		public static Kind fromId(String id) {
			for (Kind kind : values()) {
				if (kind.id.equals(id)) {
					return kind;
				}
			}
			throw new IllegalArgumentException("unknown injection features '" + id + "'; known: words, "
					+ "embedding+words, embedding+words/whole-text, embedding+words+context");
		}

	}

	private InjectionFeatures() {
	}

	/**
	 * The features of every segment of one text.
	 *
	 * @param kind which parts to fill
	 * @param segments the text's segments, in order
	 * @param embeddings one unit vector per segment ({@code null} entries, or a {@code null} list, for {@link Kind#WORDS})
	 */
	public static List<SparseVector> of(Kind kind, List<String> segments, List<float[]> embeddings) {
		float[][] context = kind == Kind.EMBEDDING_WORDS_AND_CONTEXT ? context(embeddings) : null;
		List<SparseVector> vectors = new ArrayList<>(segments.size());
		for (int i = 0; i < segments.size(); i++) {
			vectors.add(one(kind, segments.get(i), kind.needsEmbeddings() ? embeddings.get(i) : null,
					context == null ? null : context[i]));
		}
		return vectors;
	}

	/** One segment's features; {@code context} is {hasContext, distance} or {@code null} when the kind has none. */
	static SparseVector one(Kind kind, String segment, float[] embedding, float[] context) {
		int[] buckets = WordFeatures.buckets(segment);
		int dense = kind.needsEmbeddings() ? EMBEDDING : 0;
		int contextSize = context != null ? 2 : 0;
		int[] indices = new int[dense + contextSize + buckets.length];
		float[] values = new float[indices.length];
		if (dense > 0) {
			if (embedding.length != EMBEDDING) {
				throw new IllegalArgumentException(String.format(Locale.ROOT,
						"injection models read %d-dimensional embeddings, got %d", EMBEDDING, embedding.length));
			}
			for (int d = 0; d < EMBEDDING; d++) {
				indices[d] = d;
				values[d] = embedding[d];
			}
		}
		if (contextSize > 0) {
			indices[dense] = CONTEXT;
			values[dense] = context[0];
			indices[dense + 1] = CONTEXT + 1;
			values[dense + 1] = context[1];
		}
		float weight = buckets.length == 0 ? 0 : (float) (1 / Math.sqrt(buckets.length));
		for (int k = 0; k < buckets.length; k++) {
			indices[dense + contextSize + k] = WORDS + buckets[k];
			values[dense + contextSize + k] = weight;
		}
		return new SparseVector(indices, values);
	}

	/** Per segment: {1, 1 - cos(segment, normalized sum of the others)}, or {0, 0} for a text of one segment. */
	static float[][] context(List<float[]> embeddings) {
		int n = embeddings.size();
		float[][] context = new float[n][2];
		if (n < 2) {
			return context;
		}
		int d = embeddings.getFirst().length;
		double[] total = new double[d];
		for (float[] e : embeddings) {
			for (int k = 0; k < d; k++) {
				total[k] += e[k];
			}
		}
		for (int i = 0; i < n; i++) {
			float[] e = embeddings.get(i);
			double dot = 0;
			double norm = 0;
			for (int k = 0; k < d; k++) {
				double rest = total[k] - e[k];
				dot += e[k] * rest;
				norm += rest * rest;
			}
			context[i][0] = 1;
			context[i][1] = (float) (1 - dot / Math.max(Math.sqrt(norm), 1e-9));
		}
		return context;
	}

	/**
	 * A sparse feature vector.
	 *
	 * @param indices ascending feature indices
	 * @param values the value at each index
	 */
	public record SparseVector(int[] indices, float[] values) {

		public SparseVector {
			if (indices.length != values.length) {
				throw new IllegalArgumentException("indices and values must have the same length");
			}
		}

	}

}
