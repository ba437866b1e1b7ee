package dev.tessera.core.heads;

import java.time.Instant;
import java.util.List;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * Everything that defines a trained head besides its weights; saved as {@code head.json} beside them.
 *
 * @param name the head's name, e.g. {@code intent}
 * @param version 1 for the first head saved under this name, then counting up
 * @param labels the in-scope labels, sorted
 * @param encoder the embedding space the head was trained in (the {@link TextEmbedder#name()})
 * @param features what the head sees of a text
 * @param algorithm the classifier
 * @param epochs training epochs
 * @param learningRate AdaGrad's learning rate
 * @param seed the training seed
 * @param temperature the fitted temperature
 * @param outOfScopeThreshold calibrated confidence below which the head answers "none of these"
 * @param outOfScopeLabel the label of out-of-scope examples in the training data
 * @param outOfScopeClass true when the training data had out-of-scope examples: the classifier then has them as one
 * more class, and a text it puts there is out of scope whatever its in-scope confidence
 * @param trainingSha256 SHA-256 of the training examples ({@link TrainingSet#sha256()})
 * @param trainingExamples examples in the training data, calibration part included
 * @param trainedAt when training finished
 */
public record HeadSpec(String name, int version, List<String> labels, String encoder, HeadFeatures features,
		HeadAlgorithm algorithm, int epochs, double learningRate, long seed, double temperature,
		double outOfScopeThreshold, String outOfScopeLabel, boolean outOfScopeClass, String trainingSha256, int trainingExamples,
		Instant trainedAt, double neighbourThreshold) {

	public HeadSpec {
		checkName(name);
		if (version < 0) {
			throw new IllegalArgumentException("version must be >= 0");
		}
		if (labels == null || labels.size() < 2) {
			throw new IllegalArgumentException("labels must hold at least two labels");
		}
		labels = List.copyOf(labels);
		if (outOfScopeLabel == null || labels.contains(outOfScopeLabel)) {
			throw new IllegalArgumentException("outOfScopeLabel must be set and not one of the labels");
		}
		if (!(temperature > 0) || Double.isInfinite(temperature)) {
			throw new IllegalArgumentException("temperature must be positive, was " + temperature);
		}
		if (!(outOfScopeThreshold >= 0 && outOfScopeThreshold <= 1)) {
			throw new IllegalArgumentException("outOfScopeThreshold must be in [0, 1], was " + outOfScopeThreshold);
		}
		if (!(neighbourThreshold >= -1 && neighbourThreshold <= 1)) {
			throw new IllegalArgumentException("neighbourThreshold must be in [-1, 1], was " + neighbourThreshold);
		}
		if (trainingSha256 == null || !trainingSha256.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException("trainingSha256 must be 64 hex digits");
		}
	}

	/** Head names: 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit (they name folders). */
	public static void checkName(String name) {
		if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
			throw new IllegalArgumentException(
					"a head name is 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit; got '"
							+ name + "'");
		}
	}

	HeadSpec withVersion(int newVersion) {
		return new HeadSpec(this.name, newVersion, this.labels, this.encoder, this.features, this.algorithm,
				this.epochs, this.learningRate, this.seed, this.temperature, this.outOfScopeThreshold,
				this.outOfScopeLabel, this.outOfScopeClass, this.trainingSha256, this.trainingExamples, this.trainedAt,
				this.neighbourThreshold);
	}

	/**
	 * Whether the head was trained with the neighbour gate decided: a similarity a message must reach to a training
	 * example, or -1 (every message passes: too few examples). Heads saved before the gate existed have 0.
	 */
	public boolean hasNeighbourThreshold() {
		return this.neighbourThreshold != 0;
	}

}
