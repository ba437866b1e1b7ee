package dev.tessera.guardrails.injection;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A segment's lower-cased words and word pairs, hashed into {@value #BUCKETS} buckets: the features that let a linear
 * model see short decisive words ("your reply", "in your response") that the encoder's mean pooling blurs, the same
 * idea as the task heads' "sentence vector + words and word pairs".
 * <p>
 * Hand-written: hashing a few dozen tokens is a dozen lines, and a fixed hash (String#hashCode) keeps trained weights
 * valid across JVMs.
 */
final class WordFeatures {

	/** Hash buckets; collisions between rare words cost little with a few thousand training sentences. */
	static final int BUCKETS = 1 << 16;

	private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

	private WordFeatures() {
	}

	/**
	 * @param text a segment
	 * @return the distinct buckets of its words and word pairs, ascending (empty for a text without words)
	 */
	static int[] buckets(String text) {
		String[] tokens = NON_WORD.split(text.toLowerCase(Locale.ROOT));
		int[] buckets = new int[2 * tokens.length];
		int n = 0;
		String previous = null;
		for (String token : tokens) {
			if (token.isEmpty()) {
				continue;
			}
			buckets[n++] = bucket("w=" + token);
			if (previous != null) {
				buckets[n++] = bucket("b=" + previous + "_" + token);
			}
			previous = token;
		}
		return Arrays.stream(buckets, 0, n).sorted().distinct().toArray();
	}

	private static int bucket(String feature) {
		// spread the String hash before taking the low bits (the plain hash of short strings clusters)
		int h = feature.hashCode() * 0x9E3779B1;
		return (h ^ (h >>> 16)) & (BUCKETS - 1);
	}

}
