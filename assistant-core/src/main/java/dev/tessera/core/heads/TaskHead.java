package dev.tessera.core.heads;

import java.util.ArrayList;
import java.util.List;

import dev.tessera.core.heads.HeadFeatures.FeatureVector;
import dev.tessera.core.heads.HeadPrediction.LabelProbability;
import dev.tessera.inference.encoder.EmbeddingMemo;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * A trained classifier on the frozen encoder's features (intent, urgency, clause type, ...), with calibrated
 * probabilities and an explicit "none of these" decision. Immutable and thread-safe; train one with
 * {@link TaskHeadTrainer}, keep it with {@link TaskHeadStore}.
 */
public final class TaskHead {

	private final HeadSpec spec;

	private final TribuoClassifier classifier;

	private final TextEmbedder embedder;

	// the in-scope training examples, for the spec's neighbour threshold; null for a head saved without them
	private final NeighbourIndex neighbours;

	TaskHead(HeadSpec spec, TribuoClassifier classifier, TextEmbedder embedder) {
		this(spec, classifier, embedder, null);
	}

	// decisions on examples the head was not trained on, for its operating point; null for a head saved without them
	private final ConfidenceCurve curve;

	// the number of the last reviewed example from escalations this version was trained with (0: the pack's alone)
	private final long learnedThrough;

	private final java.util.Map<Double, OperatingThreshold> points = new java.util.concurrent.ConcurrentHashMap<>();

	TaskHead(HeadSpec spec, TribuoClassifier classifier, TextEmbedder embedder, NeighbourIndex neighbours) {
		this(spec, classifier, embedder, neighbours, null);
	}

	TaskHead(HeadSpec spec, TribuoClassifier classifier, TextEmbedder embedder, NeighbourIndex neighbours,
			ConfidenceCurve curve) {
		this(spec, classifier, embedder, neighbours, curve, 0);
	}

	TaskHead(HeadSpec spec, TribuoClassifier classifier, TextEmbedder embedder, NeighbourIndex neighbours,
			ConfidenceCurve curve, long learnedThrough) {
		List<String> classes = new ArrayList<>(spec.labels());
		if (spec.outOfScopeClass()) {
			classes.add(spec.outOfScopeLabel());
		}
		classes.sort(null);
		if (!classifier.labels().equals(classes)) {
			throw new IllegalArgumentException(
					"the model's classes " + classifier.labels() + " differ from the head's " + classes);
		}
		if (!embedder.name().equals(spec.encoder())) {
			throw new IllegalArgumentException("head '" + spec.name() + "' was trained on encoder '" + spec.encoder()
					+ "', not '" + embedder.name() + "'");
		}
		this.spec = spec;
		this.classifier = classifier;
		this.embedder = embedder;
		this.neighbours = neighbours;
		this.curve = curve;
		this.learnedThrough = learnedThrough;
	}

	/** The same head with its training examples for the neighbour gate. */
	TaskHead withNeighbours(NeighbourIndex index) {
		return new TaskHead(this.spec, this.classifier, this.embedder, index, this.curve, this.learnedThrough);
	}

	/** The same head with the decisions its operating point is fitted on. */
	TaskHead withCurve(ConfidenceCurve decisions) {
		return new TaskHead(this.spec, this.classifier, this.embedder, this.neighbours, decisions, this.learnedThrough);
	}

	/** The same head, trained with the reviewed examples numbered up to {@code seq}. */
	TaskHead withLearnedThrough(long seq) {
		return new TaskHead(this.spec, this.classifier, this.embedder, this.neighbours, this.curve, seq);
	}

	/**
	 * The number of the last reviewed example (from escalations) this version was trained with besides the pack's
	 * examples; 0 when it was trained on the pack's alone.
	 */
	public long learnedThrough() {
		return this.learnedThrough;
	}

	/** The decisions its operating point is fitted on, when the head has them. */
	public java.util.Optional<ConfidenceCurve> curve() {
		return java.util.Optional.ofNullable(this.curve);
	}

	/**
	 * This version's own operating point for a target local accuracy, fitted on decisions it was not trained on;
	 * empty for a head saved without them.
	 */
	public java.util.Optional<OperatingThreshold> operatingPoint(double targetAccuracy) {
		if (this.curve == null) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(this.points.computeIfAbsent(targetAccuracy,
				target -> OperatingThreshold.fit(this.curve, target)));
	}

	/** The in-scope training examples, when the head has them. */
	java.util.Optional<NeighbourIndex> neighbours() {
		return java.util.Optional.ofNullable(this.neighbours);
	}

	public HeadSpec spec() {
		return this.spec;
	}

	TribuoClassifier classifier() {
		return this.classifier;
	}

	TaskHead withSpec(HeadSpec newSpec) {
		return new TaskHead(newSpec, this.classifier, this.embedder, this.neighbours, this.curve, this.learnedThrough);
	}

	public HeadPrediction predict(String text) {
		return predict(List.of(text)).get(0);
	}

	/** The prediction for one text, embedded through a turn's vectors (one encoder pass per turn). */
	public HeadPrediction predict(String text, EmbeddingMemo embeddings) {
		return predict(List.of(text), embeddings.embed(this.embedder, List.of(text))).get(0);
	}

	/** Predictions for several texts, embedded in one batch. */
	public List<HeadPrediction> predict(List<String> texts) {
		if (texts.isEmpty()) {
			return List.of();
		}
		return predict(texts, this.embedder.embed(texts));
	}

	/** Predictions with temperature 1 and no out-of-scope threshold: the classifier's own probabilities. */
	public List<HeadPrediction> predictUncalibrated(List<String> texts) {
		return texts.isEmpty() ? List.of() : decide(logits(texts, this.embedder.embed(texts)), 1.0, 0);
	}

	List<HeadPrediction> predict(List<String> texts, List<float[]> embeddings) {
		List<HeadPrediction> decided = decide(logits(texts, embeddings), this.spec.temperature(),
				this.spec.outOfScopeThreshold());
		if (this.neighbours == null || !this.spec.hasNeighbourThreshold()) {
			return decided;
		}
		// unlike every training example: out of scope, whatever the classifier's confidence
		List<HeadPrediction> gated = new ArrayList<>(decided.size());
		for (int i = 0; i < decided.size(); i++) {
			HeadPrediction prediction = decided.get(i);
			double nearest = this.neighbours.nearest(embeddings.get(i));
			gated.add(nearest >= this.spec.neighbourThreshold() ? prediction.withNearestExample(nearest)
					: new HeadPrediction(prediction.label(), prediction.confidence(), true, prediction.ranking(),
							nearest));
		}
		return gated;
	}

	double[][] logits(List<String> texts, List<float[]> embeddings) {
		List<FeatureVector> features = this.spec.features().extract(texts, embeddings);
		return this.classifier.logProbabilities(features);
	}

	/**
	 * Calibrated decisions from the classifier's logits (one column per class, in the classifier's order). The label
	 * is the most probable in-scope label; the text is out of scope when the out-of-scope class (if trained) is the
	 * most probable of all, or the label's probability is below the threshold.
	 */
	List<HeadPrediction> decide(double[][] logits, double temperature, double threshold) {
		List<HeadPrediction> predictions = new ArrayList<>(logits.length);
		List<String> classes = this.classifier.labels();
		String oos = this.spec.outOfScopeClass() ? this.spec.outOfScopeLabel() : null;
		for (double[] row : logits) {
			double[] p = TemperatureScaling.probabilities(row, temperature);
			List<LabelProbability> ranking = new ArrayList<>(p.length);
			for (int k = 0; k < p.length; k++) {
				ranking.add(new LabelProbability(classes.get(k), p[k]));
			}
			ranking.sort((a, b) -> Double.compare(b.probability(), a.probability()));
			LabelProbability best = ranking.stream().filter(r -> !r.label().equals(oos)).findFirst().orElseThrow();
			boolean outOfScope = ranking.get(0).label().equals(oos) || best.probability() < threshold;
			predictions.add(new HeadPrediction(best.label(), best.probability(), outOfScope, ranking));
		}
		return predictions;
	}

}
