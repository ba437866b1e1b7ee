package dev.tessera.guardrails.injection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Scores text segments for injected instructions: logistic regression on the sentence encoder's embeddings.
 * <p>
 * Two bundled models, one per {@link Scope}, are trained on the examples in {@code guardrails/training/} by
 * {@code bench train-injection}, with the bundled all-MiniLM-L6-v2 at full precision; none of the evaluation data is
 * among them. They differ in one class of examples: a task request ("translate this", "what is the capital of
 * Brazil?") is an ordinary user message but, found inside a retrieved document, an injected instruction.
 */
public final class InjectionClassifier {

	/** Which texts a model judges. */
	public enum Scope {

		/** Retrieved passages and other documents: any instruction or request aimed at the assistant is injected. */
		DOCUMENT,
		/** A user's own message: only attempts to override, extract or jailbreak count. */
		MESSAGE;

		public String resource() {
			return "/dev/tessera/guardrails/injection/injection-" + name().toLowerCase(java.util.Locale.ROOT) + "-lr.txt";
		}

	}

	private final Function<List<String>, List<float[]>> embedder;

	private final LogisticRegression model;

	/**
	 * @param embedder turns texts into unit vectors, in order (the sentence encoder, or a cache in front of it)
	 * @param model weights over the embedder's dimensions
	 */
	public InjectionClassifier(Function<List<String>, List<float[]>> embedder, LogisticRegression model) {
		this.embedder = embedder;
		this.model = model;
	}

	public static InjectionClassifier bundled(SentenceEncoder encoder, Scope scope) {
		return new InjectionClassifier(encoder::embed, bundledModel(scope));
	}

	public static LogisticRegression bundledModel(Scope scope) {
		try (InputStream in = InjectionClassifier.class.getResourceAsStream(scope.resource())) {
			if (in == null) {
				throw new IllegalStateException(scope.resource() + " is not on the classpath; generate it with bench train-injection");
			}
			return LogisticRegression.read(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The model's own threshold, chosen when it was trained. */
	public double threshold() {
		return this.model.threshold();
	}

	/** One probability of "injected instruction" per segment, in order. */
	public double[] scores(List<String> segments) {
		List<float[]> vectors = this.embedder.apply(segments);
		double[] scores = new double[segments.size()];
		for (int i = 0; i < scores.length; i++) {
			scores[i] = this.model.probability(vectors.get(i));
		}
		return scores;
	}

}
