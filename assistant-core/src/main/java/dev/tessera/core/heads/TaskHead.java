package dev.tessera.core.heads;

import java.util.ArrayList;
import java.util.List;

import dev.tessera.core.heads.HeadFeatures.FeatureVector;
import dev.tessera.core.heads.HeadPrediction.LabelProbability;

/**
 * A trained classifier on the frozen encoder's features (intent, urgency, clause type, ...), with calibrated
 * probabilities and an explicit "none of these" decision. Immutable and thread-safe; train one with
 * {@link TaskHeadTrainer}, keep it with {@link TaskHeadStore}.
 */
public final class TaskHead {

	private final HeadSpec spec;

	private final TribuoClassifier classifier;

	private final TextEmbedder embedder;

	TaskHead(HeadSpec spec, TribuoClassifier classifier, TextEmbedder embedder) {
		if (!classifier.labels().equals(spec.labels())) {
			throw new IllegalArgumentException(
					"the model's labels " + classifier.labels() + " differ from the head's " + spec.labels());
		}
		if (!embedder.name().equals(spec.encoder())) {
			throw new IllegalArgumentException("head '" + spec.name() + "' was trained on encoder '" + spec.encoder()
					+ "', not '" + embedder.name() + "'");
		}
		this.spec = spec;
		this.classifier = classifier;
		this.embedder = embedder;
	}

	public HeadSpec spec() {
		return this.spec;
	}

	TribuoClassifier classifier() {
		return this.classifier;
	}

	TaskHead withSpec(HeadSpec newSpec) {
		return new TaskHead(newSpec, this.classifier, this.embedder);
	}

	public HeadPrediction predict(String text) {
		return predict(List.of(text)).get(0);
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
		return decide(logits(texts, embeddings), this.spec.temperature(), this.spec.outOfScopeThreshold());
	}

	double[][] logits(List<String> texts, List<float[]> embeddings) {
		List<FeatureVector> features = this.spec.features().extract(texts, embeddings);
		return this.classifier.logProbabilities(features);
	}

	List<HeadPrediction> decide(double[][] logits, double temperature, double threshold) {
		List<HeadPrediction> predictions = new ArrayList<>(logits.length);
		List<String> labels = this.spec.labels();
		for (double[] row : logits) {
			double[] p = TemperatureScaling.probabilities(row, temperature);
			List<LabelProbability> ranking = new ArrayList<>(p.length);
			for (int k = 0; k < p.length; k++) {
				ranking.add(new LabelProbability(labels.get(k), p[k]));
			}
			ranking.sort((a, b) -> Double.compare(b.probability(), a.probability()));
			LabelProbability top = ranking.get(0);
			predictions.add(new HeadPrediction(top.label(), top.probability(), top.probability() < threshold, ranking));
		}
		return predictions;
	}

}
