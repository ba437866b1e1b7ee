package dev.tessera.core.heads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import dev.tessera.core.heads.HeadFeatures.FeatureVector;

/**
 * A Tribuo classification model behind a head: trains, returns log-probabilities per label in a fixed label order,
 * saves and loads with Tribuo's own protobuf format.
 */
final class TribuoClassifier {

	private static final LabelFactory LABELS = new LabelFactory();

	/** Rank of the factorized interactions; small, as the inputs are already dense 384-d sentence vectors. */
	private static final int FM_FACTORS = 16;

	private final Model<Label> model;

	private final List<String> labels;

	private TribuoClassifier(Model<Label> model, List<String> labels) {
		this.model = model;
		this.labels = labels;
	}

	static TribuoClassifier train(List<FeatureVector> features, List<String> targets, HeadAlgorithm algorithm,
			int epochs, double learningRate, long seed) {
		List<Example<Label>> examples = new ArrayList<>(features.size());
		for (int i = 0; i < features.size(); i++) {
			examples.add(new ArrayExample<>(new Label(targets.get(i)), features.get(i).names(), features.get(i).values()));
		}
		var provenance = new SimpleDataSourceProvenance("task head training examples", OffsetDateTime.now(), LABELS);
		MutableDataset<Label> dataset = new MutableDataset<>(new ListDataSource<>(examples, LABELS, provenance));
		// loggingInterval -1: no progress lines in the server log
		Trainer<Label> trainer = switch (algorithm) {
			case LOGISTIC_REGRESSION ->
				new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(learningRate, 0.1), epochs, -1, 1, seed);
			case FACTORIZATION_MACHINE -> new FMClassificationTrainer(new LogMulticlass(),
					new AdaGrad(learningRate, 0.1), epochs, -1, 1, seed, FM_FACTORS, 0.1);
		};
		Model<Label> model = trainer.train(dataset);
		return of(model);
	}

	private static TribuoClassifier of(Model<Label> model) {
		if (!model.generatesProbabilities()) {
			throw new IllegalStateException("the model does not produce probabilities");
		}
		List<String> labels = new ArrayList<>();
		model.getOutputIDInfo().getDomain().forEach(label -> labels.add(label.getLabel()));
		labels.sort(null);
		return new TribuoClassifier(model, List.copyOf(labels));
	}

	/** The labels in the order of {@link #logProbabilities}: sorted. */
	List<String> labels() {
		return this.labels;
	}

	/**
	 * Natural logs of the model's probabilities, which equal its logits up to a constant per row; temperature
	 * scaling divides them and applies softmax again, so the constant cancels.
	 */
	double[][] logProbabilities(List<FeatureVector> features) {
		List<Example<Label>> examples = new ArrayList<>(features.size());
		for (FeatureVector vector : features) {
			examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, vector.names(), vector.values()));
		}
		List<Prediction<Label>> predictions = this.model.predict(examples);
		double[][] rows = new double[predictions.size()][];
		for (int i = 0; i < rows.length; i++) {
			Map<String, Label> scores = predictions.get(i).getOutputScores();
			double[] row = new double[this.labels.size()];
			for (int k = 0; k < row.length; k++) {
				Label scored = scores.get(this.labels.get(k));
				// a probability that underflowed to 0 stays finite, and far below every real one
				row[k] = Math.log(Math.max(scored == null ? 0 : scored.getScore(), Double.MIN_NORMAL));
			}
			rows[i] = row;
		}
		return rows;
	}

	void save(Path file) {
		try {
			this.model.serializeToFile(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

	static TribuoClassifier load(Path file) {
		try {
			Model<?> model = Model.deserializeFromFile(file);
			if (!model.validate(Label.class)) {
				throw new IllegalStateException(file + " is not a classification model");
			}
			@SuppressWarnings("unchecked")
			Model<Label> classifier = (Model<Label>) model;
			return of(classifier);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the model " + file + ": " + ex.getMessage(), ex);
		}
	}

}
