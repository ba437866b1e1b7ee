package dev.tessera.guardrails.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Prompt injection and jailbreak, in user messages and in retrieved passages (indirect injection): two signals
 * combined, the known phrasings of {@link InstructionOverrideRail} and an {@link InjectionClassifier}, one model for
 * retrieved passages (direction {@code DOCUMENT}, where any request aimed at the assistant is injected; each sentence
 * or code block scored on its own) and one for user messages and replies (where only override, extraction and
 * jailbreak attempts are; the message judged whole). The text's score is the highest of its segments' scores (a
 * phrasing match scores {@value #PATTERN_SCORE}); the rail detects when it reaches the threshold.
 * <p>
 * Settings: {@code threshold} (default: the classifier's own, chosen at training). Spans mark the segments at or
 * above it. Without an encoder (switched off by configuration) only the patterns run, and the verdict says so.
 * <p>
 * Cost (see {@code bench rails-latency}): on a message, the embedding of the whole message, which the turn computes
 * once for its rails, head and retrieval, and a few word look-ups; on documents every sentence is embedded, since the
 * document model also reads how far each one strays from the rest of the text (a 1 KB document: about 60 ms, paid once
 * at ingestion). Limitations: English; the encoder reads the first 256 tokens of a message (the words feature reads all
 * of it); the document model was trained with BIPIA's training attacks and emails, and an off-topic, request-like
 * sentence in a short document scores high. Recall on kinds of attack not in the training data is low: see the
 * leave-one-source-out figures of {@code bench injection-sources --loso}.
 */
public final class PromptInjectionRail implements Rail {

	public static final String NAME = "prompt-injection";

	static final double PATTERN_SCORE = 0.99;

	/** The phrasing categories that decide on their own in a user's message. */
	public static final java.util.Set<String> MESSAGE_DECISIVE = java.util.Set.of("override", "extraction", "unbound");

	private final InstructionOverrideRail patterns = new InstructionOverrideRail();

	private final Optional<InjectionClassifier> documents;

	private final Optional<InjectionClassifier> messages;

	/**
	 * @param documents the classifier for retrieved passages ({@link RailContext.Direction#DOCUMENT})
	 * @param messages the classifier for user messages and replies
	 */
	public PromptInjectionRail(InjectionClassifier documents, InjectionClassifier messages) {
		this.documents = Optional.of(documents);
		this.messages = Optional.of(messages);
	}

	/** The bundled classifiers on the given encoder. */
	public static PromptInjectionRail bundled(dev.tessera.inference.encoder.SentenceEncoder encoder) {
		return new PromptInjectionRail(InjectionClassifier.bundled(encoder, InjectionClassifier.Scope.DOCUMENT),
				InjectionClassifier.bundled(encoder, InjectionClassifier.Scope.MESSAGE));
	}

	/** Patterns only, for deployments without the sentence encoder. */
	public PromptInjectionRail() {
		this.documents = Optional.empty();
		this.messages = Optional.empty();
	}

	private Optional<InjectionClassifier> classifier(RailContext context) {
		return context.direction() == RailContext.Direction.DOCUMENT ? this.documents : this.messages;
	}

	@Override
	public String name() {
		return NAME;
	}

	/** Its word lists, training data and the encoder it reads through are English. */
	@Override
	public java.util.Set<String> languages() {
		return java.util.Set.of("en");
	}

	@Override
	public Verdict check(String text, RailContext context) {
		Optional<InjectionClassifier> classifier = classifier(context);
		double threshold = context.setting("threshold", classifier.map(InjectionClassifier::threshold).orElse(0.5));
		Assessment assessment = assess(text, context, threshold);
		String mode = classifier.isPresent() ? "" : " (patterns only: no sentence encoder)";
		if (assessment.score() < threshold) {
			return new Verdict(NAME, false, String.format(Locale.ROOT, "score %.2f below threshold %.2f%s",
					assessment.score(), threshold, mode), List.of(), 1 - assessment.score(), null);
		}
		return new Verdict(NAME, true, String.format(Locale.ROOT, "score %.2f >= %.2f: %s%s", assessment.score(),
				threshold, assessment.strongest(), mode), assessment.spans(), assessment.score(), null);
	}

	/** The text's score alone (the highest segment score, or the pattern score), for choosing a threshold. */
	public double score(String text, RailContext.Direction direction) {
		return assess(text, new RailContext("", direction, java.util.Map.of()), 1.0).score();
	}

	private Assessment assess(String text, RailContext context, double threshold) {
		Verdict phrasing = this.patterns.check(text, context);
		// in a user's own message a persona ("pretend you are my trainer") or the word "jailbreak" asks for nothing
		// forbidden: only overriding the instructions or extracting them is decisive there, the rest is the model's
		// call; inside a document every phrasing is
		List<Verdict.Span> decisive = context.direction() == RailContext.Direction.DOCUMENT ? phrasing.spans()
				: phrasing.spans().stream().filter(span -> MESSAGE_DECISIVE.contains(span.label())).toList();
		List<Verdict.Span> spans = new ArrayList<>(decisive);
		double score = decisive.isEmpty() ? 0 : PATTERN_SCORE;
		String strongest = decisive.isEmpty() ? "nothing" : phrasing.reason();
		Optional<InjectionClassifier> classifier = classifier(context);
		if (classifier.isPresent() && !text.isBlank()) {
			List<Segments.Segment> segments = classifier.get().judgesWholeText()
					? List.of(new Segments.Segment(0, text.length(), text)) : Segments.of(text);
			double[] scores = classifier.get()
				.scores(segments.stream().map(Segments.Segment::text).toList(), context.embeddings());
			for (int i = 0; i < scores.length; i++) {
				if (scores[i] >= threshold) {
					spans.add(new Verdict.Span(segments.get(i).start(), segments.get(i).end(), "classifier"));
				}
				if (scores[i] > score) {
					score = scores[i];
					strongest = String.format(Locale.ROOT, "classifier %.2f on \"%s\"", scores[i],
							abbreviate(segments.get(i).text()));
				}
			}
		}
		return new Assessment(score, strongest, spans);
	}

	private record Assessment(double score, String strongest, List<Verdict.Span> spans) {
	}

	private static String abbreviate(String segment) {
		String oneLine = segment.replaceAll("\\s+", " ");
		return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
	}

}
