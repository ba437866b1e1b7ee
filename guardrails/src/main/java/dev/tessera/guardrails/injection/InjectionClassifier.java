package dev.tessera.guardrails.injection;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.tessera.inference.encoder.EmbeddingMemo;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * Scores text segments for injected instructions: logistic regression on the sentence encoder's embedding of each
 * segment, its hashed words and word pairs, and (for documents) how far it strays from the rest of the text; see
 * {@link InjectionFeatures}.
 * <p>
 * Two bundled models, one per {@link Scope}, are trained by {@code bench train-injection} on each precision of the
 * bundled all-MiniLM-L6-v2. They differ in what they read and in one class of examples: a task request ("translate
 * this", "what is the capital of Brazil?") is an ordinary user message but, found inside a retrieved document, an
 * injected instruction. The document model judges each sentence in its document; the message model judges the whole
 * message ({@link InjectionFeatures.Kind#WHOLE_TEXT}) on the vector the turn already computed for its head, scope and
 * retrieval, so it costs no encoder pass of its own. A model with a words-only gate ({@link InjectionModel#gate()})
 * clears plainly benign segments without the encoder.
 */
public final class InjectionClassifier {

	/** Which texts a model judges. */
	public enum Scope {

		/** Retrieved passages and other documents: any instruction or request aimed at the assistant is injected. */
		DOCUMENT,
		/** A user's own message: only attempts to override, extract or jailbreak count. */
		MESSAGE;

		/** The bundled model of this scope trained on the named encoder's embeddings. */
		public String resource(String encoder) {
			return "/dev/tessera/guardrails/injection/injection-" + name().toLowerCase(Locale.ROOT) + "-" + encoder
					+ ".txt";
		}

	}

	private final TextEmbedder embedder;

	private final InjectionModel model;

	/**
	 * @param embedder turns texts into unit vectors, in order (the sentence encoder, or a cache in front of it)
	 * @param model the trained model
	 */
	public InjectionClassifier(TextEmbedder embedder, InjectionModel model) {
		if (!model.encoder().equals(embedder.name())) {
			throw new IllegalArgumentException("the injection model was trained on the encoder " + model.encoder()
					+ ", not " + embedder.name() + ": its weights mean nothing in another embedding space");
		}
		this.embedder = embedder;
		this.model = model;
	}

	public static InjectionClassifier bundled(SentenceEncoder encoder, Scope scope) {
		return new InjectionClassifier(encoder, bundledModel(scope, encoder.name()));
	}

	/** The bundled model of the scope for the named encoder (both precisions of all-MiniLM-L6-v2 have one). */
	public static InjectionModel bundledModel(Scope scope, String encoder) {
		String resource = scope.resource(encoder);
		try (InputStream in = InjectionClassifier.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("no bundled " + scope.name().toLowerCase(Locale.ROOT)
						+ " injection model for the encoder " + encoder + " (" + resource
						+ " is not on the classpath); train one with bench train-injection --encoder");
			}
			return InjectionModel.read(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the model judges a text whole ({@link InjectionFeatures.Kind#WHOLE_TEXT}) rather than by segment. */
	public boolean judgesWholeText() {
		return this.model.kind().wholeText();
	}

	/** The model's own threshold, chosen when it was trained. */
	public double threshold() {
		return this.model.threshold();
	}

	public InjectionModel model() {
		return this.model;
	}

	/** One probability of "injected instruction" per segment of one text, in order, embedded through the turn's vectors. */
	public double[] scores(List<String> segments, EmbeddingMemo embeddings) {
		return score(segments, embeddings).scores();
	}

	/** The scores, and how many segments went through the encoder. */
	public Scores score(List<String> segments) {
		return score(segments, new EmbeddingMemo());
	}

	/** The scores, embedding through the turn's vectors, and how many segments went through the encoder. */
	public Scores score(List<String> segments, EmbeddingMemo embeddings) {
		double[] scores = new double[segments.size()];
		InjectionFeatures.Kind kind = this.model.kind();
		if (!kind.needsEmbeddings()) {
			for (int i = 0; i < scores.length; i++) {
				scores[i] = this.model.model().probability(InjectionFeatures.one(kind, segments.get(i), null, null));
			}
			return new Scores(scores, 0);
		}
		// cascade: the gate clears plainly benign segments; the rest are embedded and scored by the main model
		List<Integer> uncertain = new ArrayList<>();
		SparseLogisticRegression gate = this.model.gate();
		for (int i = 0; i < scores.length; i++) {
			if (gate == null) {
				uncertain.add(i);
				continue;
			}
			scores[i] = gate.probability(InjectionFeatures.one(InjectionFeatures.Kind.WORDS, segments.get(i), null, null));
			if (scores[i] >= gate.threshold()) {
				uncertain.add(i);
			}
		}
		if (uncertain.isEmpty()) {
			return new Scores(scores, 0);
		}
		List<String> texts = uncertain.stream().map(segments::get).toList();
		List<InjectionFeatures.SparseVector> features = InjectionFeatures.of(kind, texts,
				embeddings.embed(this.embedder, texts));
		for (int k = 0; k < texts.size(); k++) {
			scores[uncertain.get(k)] = this.model.model().probability(features.get(k));
		}
		return new Scores(scores, texts.size());
	}

	/**
	 * @param scores one probability per segment
	 * @param encoded how many segments were embedded (the others were cleared by the gate)
	 */
	public record Scores(double[] scores, int encoded) {
	}

}
