package dev.tessera.core.heads;

/**
 * A head fresh from training, with its evaluation on held-out scores of the training data.
 *
 * @param head the head
 * @param heldOut decisions of the calibrated head on the held-out examples
 * @param heldOutEceBeforeScaling the same examples' calibration error before temperature scaling
 * @param trainedOn in-scope examples the head's classifier was trained on
 * @param folds 0 when a held-out share calibrated the head, else the number of cross-fitting folds
 * @param heldOutDecisions the calibrated decisions behind {@code heldOut}, each with its true label: what an operating
 * point is fitted on, since the head was not trained on them
 */
public record TrainedHead(TaskHead head, HeadEvaluation heldOut, double heldOutEceBeforeScaling, int trainedOn,
		int folds, HeldOutDecisions heldOutDecisions) {

	/**
	 * The decisions the head's operating point is fitted on: those on reviewed traffic when it was given them
	 * ({@link #withCurve}), else its held-out decisions from training.
	 */
	public ConfidenceCurve curve() {
		return this.head.curve().orElseGet(() -> this.heldOutDecisions.curve(this.folds > 0));
	}

	/** The same head with its operating point fitted on these decisions (reviewed traffic it was not trained on). */
	public TrainedHead withCurve(ConfidenceCurve curve) {
		return withHead(this.head.withCurve(curve));
	}

	/** The head with another identity (saved under a version), its evaluation unchanged. */
	public TrainedHead withHead(TaskHead saved) {
		return new TrainedHead(saved, this.heldOut, this.heldOutEceBeforeScaling, this.trainedOn, this.folds,
				this.heldOutDecisions);
	}

	/**
	 * Decisions on examples a head was not trained on.
	 *
	 * @param gold the true labels
	 * @param predictions the head's decisions, in the same order
	 */
	public record HeldOutDecisions(java.util.List<String> gold, java.util.List<HeadPrediction> predictions) {

		public HeldOutDecisions {
			gold = java.util.List.copyOf(gold);
			predictions = java.util.List.copyOf(predictions);
			if (gold.size() != predictions.size()) {
				throw new IllegalArgumentException("one prediction per label: " + gold.size() + " vs " + predictions.size());
			}
		}

		/** The decisions as a curve; {@code crossFitted} says they came from cross-fitted models. */
		public ConfidenceCurve curve(boolean crossFitted) {
			return ConfidenceCurve.of(this.gold, this.predictions, null, crossFitted);
		}


	}

}
