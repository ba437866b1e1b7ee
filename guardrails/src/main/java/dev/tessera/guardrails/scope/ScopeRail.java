package dev.tessera.guardrails.scope;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.inference.encoder.EmbeddingMemo;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Out-of-scope messages: what the assistant is not for ("write me a poem" to a triage assistant). The message's
 * embedding is compared with the assistant's references ({@link ScopeReferences}): it is out of scope when its
 * nearest reference is an out-of-scope example, or when no in-scope reference reaches {@code min-similarity}
 * (default 0.3, chosen with {@code bench scope}). An off-topic question then gets the policy's answer (usually a
 * polite refusal) instead of a search of the knowledge and a paid call to a large model.
 * <p>
 * Greetings, thanks, answers to the assistant's questions and details about oneself are in scope for every assistant
 * ({@link #CONVERSATIONAL}): scope is about topics. The references' embeddings are computed once per assistant and kept until its references change. The message's
 * embedding is the one the turn's other stages use (one encoder pass per turn). Limitations: a short message with
 * few words ("ok", "and then?") is judged in scope, since it continues a conversation; nearest-neighbour on the
 * pack's examples, so a pack with few examples has a coarse scope.
 */
public final class ScopeRail implements Rail {

	public static final String NAME = "scope";

	private static final int MIN_WORDS = 3;

	/**
	 * Turns of any conversation, in scope for every assistant: scope is about topics, and greetings, thanks, answers
	 * to the assistant's questions and details about oneself belong to whatever the conversation is about.
	 */
	static final List<String> CONVERSATIONAL = List.of("Hello, good morning", "Hi there, I need some help",
			"Can you help me with something?", "Thanks, that's all for today", "Thank you very much for your help",
			"Goodbye, have a nice day", "Yes please, go ahead", "No thanks, that's fine", "Okay, sounds good",
			"I don't know, I'm not sure", "I don't have it with me right now", "My name is Anna and I live in London",
			"It was last week, I think", "Sorry, I meant the other one", "That's right, exactly",
			"Could you say that again?");

	private final SentenceEncoder encoder;

	private final ScopeReferences references;

	private final Map<String, Embedded> embedded = new ConcurrentHashMap<>();

	/**
	 * @param encoder the sentence encoder; null when it is switched off, and then every message passes and the
	 * verdict says it was not judged
	 */
	public ScopeRail(SentenceEncoder encoder, ScopeReferences references) {
		this.encoder = encoder;
		this.references = references;
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
		double minSimilarity = context.setting("min-similarity", 0.3);
		if (this.encoder == null) {
			return Verdict.pass(NAME, "not judged: no sentence encoder");
		}
		Assessment assessment = assess(text, context.assistantId(), context.embeddings());
		if (assessment == null) {
			return Verdict.pass(NAME, "too short to judge, or the assistant has no scope references");
		}
		boolean outOfScope = assessment.nearestIsOutOfScope() || assessment.inScopeSimilarity() < minSimilarity;
		String reason = String.format(Locale.ROOT, "nearest in-scope reference %.2f (\"%s\")%s%s",
				assessment.inScopeSimilarity(), abbreviate(assessment.nearestInScope()),
				assessment.outOfScopeSimilarity() > 0 ? String.format(Locale.ROOT,
						", nearest out-of-scope example %.2f (\"%s\")", assessment.outOfScopeSimilarity(),
						abbreviate(assessment.nearestOutOfScope())) : "",
				outOfScope ? assessment.nearestIsOutOfScope() ? ": closer to what the assistant is not for"
						: String.format(Locale.ROOT, ": below %.2f", minSimilarity) : "");
		if (!outOfScope) {
			return new Verdict(NAME, false, reason, List.of(), 1.0, null);
		}
		double confidence = Math.min(1.0, Math.max(0.5, 1 - assessment.inScopeSimilarity()));
		return new Verdict(NAME, true, "out of scope: " + reason,
				List.of(new Verdict.Span(0, text.length(), "OUT_OF_SCOPE")), confidence, null);
	}

	/** The similarities alone, for choosing a threshold; null when the text cannot be judged. */
	public Assessment assess(String text, String assistantId) {
		return assess(text, assistantId, new EmbeddingMemo());
	}

	private Assessment assess(String text, String assistantId, EmbeddingMemo embeddings) {
		if (text.isBlank() || text.strip().split("\\s+").length < MIN_WORDS) {
			return null;
		}
		ScopeReferences.Reference reference = this.references.of(assistantId);
		if (reference.inScope().isEmpty()) {
			return null;
		}
		Embedded refs = this.embedded.compute(assistantId,
				(id, known) -> known != null && known.reference().equals(reference) ? known : embed(reference));
		float[] message = embeddings.embed(this.encoder, List.of(text)).getFirst();
		int bestIn = nearest(message, refs.inScope());
		int bestOut = nearest(message, refs.outOfScope());
		double in = bestIn < 0 ? 0 : SentenceEncoder.similarity(message, refs.inScope().get(bestIn));
		double out = bestOut < 0 ? 0 : SentenceEncoder.similarity(message, refs.outOfScope().get(bestOut));
		return new Assessment(text, in, bestIn < 0 ? "" : refs.inScopeTexts().get(bestIn), out,
				bestOut < 0 ? "" : reference.outOfScope().get(bestOut), bestOut >= 0 && out > in);
	}

	private Embedded embed(ScopeReferences.Reference reference) {
		List<String> inTexts = new java.util.ArrayList<>(reference.inScope());
		inTexts.addAll(CONVERSATIONAL);
		List<float[]> in = this.encoder.embed(inTexts);
		List<float[]> out = reference.outOfScope().isEmpty() ? List.of() : this.encoder.embed(reference.outOfScope());
		return new Embedded(reference, inTexts, in, out);
	}

	private static int nearest(float[] vector, List<float[]> candidates) {
		int best = -1;
		double bestScore = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < candidates.size(); i++) {
			double score = SentenceEncoder.similarity(vector, candidates.get(i));
			if (score > bestScore) {
				bestScore = score;
				best = i;
			}
		}
		return best;
	}


	private static String abbreviate(String text) {
		String oneLine = text.replaceAll("\\s+", " ");
		return oneLine.length() <= 50 ? oneLine : oneLine.substring(0, 47) + "...";
	}

	/**
	 * @param text the judged text
	 * @param inScopeSimilarity cosine similarity to the nearest in-scope reference
	 * @param nearestInScope that reference
	 * @param outOfScopeSimilarity cosine similarity to the nearest out-of-scope example, 0 without any
	 * @param nearestOutOfScope that example, empty without any
	 * @param nearestIsOutOfScope whether the nearest reference of all is an out-of-scope example
	 */
	public record Assessment(String text, double inScopeSimilarity, String nearestInScope, double outOfScopeSimilarity,
			String nearestOutOfScope, boolean nearestIsOutOfScope) {
	}

	private record Embedded(ScopeReferences.Reference reference, List<String> inScopeTexts, List<float[]> inScope,
			List<float[]> outOfScope) {
	}

}
