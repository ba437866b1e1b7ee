package dev.tessera.core.heads;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A head's training examples in the encoder's space, for the question its classifier cannot answer: is this message
 * like anything the head was trained on? A message far from every training example is out of scope, whatever label
 * the classifier would give it — and this needs no out-of-scope training rows. Vectors are kept at unit length, so a
 * dot product is the cosine similarity; the search is exhaustive (a pack's examples number hundreds to a few
 * thousand: a brute-force pass is below a millisecond to a few, and exact).
 */
public final class NeighbourIndex {

	private final float[][] vectors;

	private NeighbourIndex(float[][] vectors) {
		this.vectors = vectors;
	}

	/** The index of these embeddings (copied at unit length). */
	public static NeighbourIndex of(List<float[]> embeddings) {
		float[][] vectors = new float[embeddings.size()][];
		for (int i = 0; i < vectors.length; i++) {
			vectors[i] = unit(embeddings.get(i));
		}
		return new NeighbourIndex(vectors);
	}

	public int size() {
		return this.vectors.length;
	}

	/** The cosine similarity of a vector to its nearest example. */
	public double nearest(float[] query) {
		return nearest(unit(query), -1);
	}

	private double nearest(float[] unitQuery, int skip) {
		double best = -1;
		for (int i = 0; i < this.vectors.length; i++) {
			if (i == skip) {
				continue;
			}
			float[] row = this.vectors[i];
			double dot = 0;
			for (int d = 0; d < row.length; d++) {
				dot += unitQuery[d] * row[d];
			}
			best = Math.max(best, dot);
		}
		return best;
	}

	/**
	 * The similarity below which the given share of the examples themselves would be called out of scope, each
	 * judged against the others (leave one out); at most {@code sample} examples are judged, evenly spread.
	 */
	public double rejectionThreshold(double share, int sample) {
		if (this.vectors.length < 2) {
			return -1;
		}
		int step = Math.max(1, Math.ceilDiv(this.vectors.length, sample));
		List<Double> similarities = new ArrayList<>();
		for (int i = 0; i < this.vectors.length; i += step) {
			similarities.add(nearest(this.vectors[i], i));
		}
		// like TaskHeadTrainer.rejectionThreshold, but a similarity may be negative, and 0 means "no gate" in a spec
		double[] sorted = similarities.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
	}

	/** Writes the vectors: their count and dimension, then the floats (big-endian). */
	public void write(OutputStream out) throws IOException {
		DataOutputStream data = new DataOutputStream(out);
		data.writeInt(this.vectors.length);
		data.writeInt(this.vectors.length == 0 ? 0 : this.vectors[0].length);
		for (float[] vector : this.vectors) {
			for (float x : vector) {
				data.writeFloat(x);
			}
		}
		data.flush();
	}

	public static NeighbourIndex read(InputStream in) throws IOException {
		DataInputStream data = new DataInputStream(in);
		int count = data.readInt();
		int dimensions = data.readInt();
		if (count < 0 || dimensions < 0 || (long) count * dimensions > 200_000_000L) {
			throw new IOException("not a neighbour index: " + count + " vectors of " + dimensions);
		}
		float[][] vectors = new float[count][dimensions];
		for (float[] vector : vectors) {
			for (int d = 0; d < dimensions; d++) {
				vector[d] = data.readFloat();
			}
		}
		return new NeighbourIndex(vectors);
	}

	private static float[] unit(float[] v) {
		double norm = 0;
		for (float x : v) {
			norm += x * x;
		}
		float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
		float[] u = Arrays.copyOf(v, v.length);
		for (int d = 0; d < u.length; d++) {
			u[d] *= scale;
		}
		return u;
	}

}
