package dev.tessera.core.heads;

/**
 * How to train a head.
 *
 * @param features what the head sees of a text
 * @param algorithm the classifier
 * @param epochs passes over the training examples
 * @param learningRate AdaGrad's initial learning rate
 * @param seed for the split and the training order; the same seed and data give the same head
 * @param calibrationShare share of each label's examples held out to fit the temperature and the out-of-scope
 * threshold and to evaluate the head (never trained on)
 * @param outOfScopeLabel the label that marks out-of-scope examples in the training data; they train one more class
 * and set the threshold
 * @param inScopeRejection when the data has no out-of-scope examples, the threshold is set so that this share of the
 * held-out in-scope examples would be called "none of these"
 * @param crossFitBelow data sets with fewer examples are calibrated by five-fold cross-fitting instead of one
 * held-out share
 */
public record HeadTrainingOptions(HeadFeatures features, HeadAlgorithm algorithm, int epochs, double learningRate,
		long seed, double calibrationShare, String outOfScopeLabel, double inScopeRejection, int crossFitBelow) {

	/** The default out-of-scope label. */
	public static final String OUT_OF_SCOPE = "out_of_scope";

	public HeadTrainingOptions {
		if (features == null || algorithm == null) {
			throw new IllegalArgumentException("features and algorithm cannot be null");
		}
		if (epochs < 1 || epochs > 1000) {
			throw new IllegalArgumentException("epochs must be in [1, 1000], was " + epochs);
		}
		if (!(learningRate > 0 && learningRate <= 10)) {
			throw new IllegalArgumentException("learningRate must be in (0, 10], was " + learningRate);
		}
		if (!(calibrationShare > 0 && calibrationShare < 0.5)) {
			throw new IllegalArgumentException("calibrationShare must be in (0, 0.5), was " + calibrationShare);
		}
		if (outOfScopeLabel == null || outOfScopeLabel.isBlank()) {
			throw new IllegalArgumentException("outOfScopeLabel cannot be null or blank");
		}
		if (crossFitBelow < 0) {
			throw new IllegalArgumentException("crossFitBelow must be >= 0, was " + crossFitBelow);
		}
		if (!(inScopeRejection >= 0 && inScopeRejection < 0.5)) {
			throw new IllegalArgumentException("inScopeRejection must be in [0, 0.5), was " + inScopeRejection);
		}
	}

	/** The defaults the bench chose on Banking77's held-out training part (see the assistant-core README). */
	public static HeadTrainingOptions defaults() {
		return new HeadTrainingOptions(HeadFeatures.EMBEDDING_AND_WORDS, HeadAlgorithm.LOGISTIC_REGRESSION, 10, 0.5,
				42, 0.1, OUT_OF_SCOPE, 0.05, 3000);
	}

	public HeadTrainingOptions with(HeadFeatures newFeatures, HeadAlgorithm newAlgorithm, int newEpochs,
			double newLearningRate) {
		return new HeadTrainingOptions(newFeatures, newAlgorithm, newEpochs, newLearningRate, this.seed,
				this.calibrationShare, this.outOfScopeLabel, this.inScopeRejection, this.crossFitBelow);
	}

	public HeadTrainingOptions withOutOfScopeLabel(String label) {
		return new HeadTrainingOptions(this.features, this.algorithm, this.epochs, this.learningRate, this.seed,
				this.calibrationShare, label, this.inScopeRejection, this.crossFitBelow);
	}

}
