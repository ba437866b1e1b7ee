package dev.tessera.core.heads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a head sees of a text.
 * <ul>
 * <li>{@link #EMBEDDING}: the encoder's sentence vector (unit length).</li>
 * <li>{@link #EMBEDDING_AND_WORDS}: the same vector plus the text's lower-cased words and word pairs as binary
 * features, scaled to unit length. The encoder's mean pooling blurs short decisive words ("virtual" card vs card,
 * "pending" vs "declined"); the words give a linear model those back.</li>
 * </ul>
 */
public enum HeadFeatures {

	EMBEDDING("embedding"), EMBEDDING_AND_WORDS("embedding+words");

	private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

	private final String id;

	HeadFeatures(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public static HeadFeatures fromId(String id) {
		for (HeadFeatures features : values()) {
			if (features.id.equals(id)) {
				return features;
			}
		}
		throw new IllegalArgumentException("unknown features '" + id + "'; known: embedding, embedding+words");
	}

	/** The features of each text, given its embedding. */
	List<FeatureVector> extract(List<String> texts, List<float[]> embeddings) {
		if (texts.size() != embeddings.size()) {
			throw new IllegalArgumentException(texts.size() + " texts but " + embeddings.size() + " embeddings");
		}
		List<FeatureVector> vectors = new ArrayList<>(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			vectors.add(extract(texts.get(i), embeddings.get(i)));
		}
		return vectors;
	}

	private FeatureVector extract(String text, float[] embedding) {
		Set<String> words = this == EMBEDDING_AND_WORDS ? words(text) : Set.of();
		String[] names = new String[embedding.length + words.size()];
		double[] values = new double[names.length];
		for (int d = 0; d < embedding.length; d++) {
			names[d] = EmbeddingNames.name(d);
			values[d] = embedding[d];
		}
		double weight = words.isEmpty() ? 0 : 1 / Math.sqrt(words.size());
		int i = embedding.length;
		for (String word : words) {
			names[i] = word;
			values[i++] = weight;
		}
		return new FeatureVector(names, values);
	}

	static Set<String> words(String text) {
		Set<String> features = new LinkedHashSet<>();
		String previous = null;
		for (String token : NON_WORD.split(text.toLowerCase(Locale.ROOT))) {
			if (token.isEmpty()) {
				continue;
			}
			features.add("w=" + token);
			if (previous != null) {
				features.add("b=" + previous + "_" + token);
			}
			previous = token;
		}
		return features;
	}

	/** Names of the embedding dimensions, made once: e0000, e0001, ... (sorted like their indices). */
	private static final class EmbeddingNames {

		private static final String[] NAMES = new String[4096];

		static {
			for (int d = 0; d < NAMES.length; d++) {
				NAMES[d] = String.format(Locale.ROOT, "e%04d", d);
			}
		}

		static String name(int dimension) {
			return dimension < NAMES.length ? NAMES[dimension] : String.format(Locale.ROOT, "e%04d", dimension);
		}

	}

	/** Named feature values of one text (the form Tribuo takes). */
	record FeatureVector(String[] names, double[] values) {
	}

}
