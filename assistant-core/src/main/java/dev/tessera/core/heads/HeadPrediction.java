package dev.tessera.core.heads;

import java.util.List;
import java.util.Optional;

/**
 * A head's answer for one text.
 *
 * @param label the most probable label
 * @param confidence its calibrated probability
 * @param outOfScope true when the confidence is below the head's out-of-scope threshold, the out-of-scope class is the
 * most probable, or the text is unlike every training example: the head's decision is then "none of these", and
 * {@link #decision()} is empty
 * @param ranking every label with its calibrated probability, most probable first
 * @param nearestExample cosine similarity of the text to the head's nearest training example, or {@code NaN} when
 * the head does not keep them; below the head's neighbour threshold the text is out of scope
 */
public record HeadPrediction(String label, double confidence, boolean outOfScope, List<LabelProbability> ranking,
		double nearestExample) {

	public HeadPrediction(String label, double confidence, boolean outOfScope, List<LabelProbability> ranking) {
		this(label, confidence, outOfScope, ranking, Double.NaN);
	}

	HeadPrediction withNearestExample(double similarity) {
		return new HeadPrediction(this.label, this.confidence, this.outOfScope, this.ranking, similarity);
	}

	public HeadPrediction {
		if (label == null || label.isBlank()) {
			throw new IllegalArgumentException("label cannot be null or blank");
		}
		if (!(confidence >= 0 && confidence <= 1)) {
			throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
		}
		ranking = List.copyOf(ranking);
	}

	/** The label the head stands behind, or empty for "none of these". */
	public Optional<String> decision() {
		return this.outOfScope ? Optional.empty() : Optional.of(this.label);
	}

	/** One label and its calibrated probability. */
	public record LabelProbability(String label, double probability) {
	}

}
