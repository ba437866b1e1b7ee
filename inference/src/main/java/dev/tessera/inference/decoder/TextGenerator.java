package dev.tessera.inference.decoder;

import java.util.ArrayList;
import java.util.List;

import dev.tessera.inference.tokenizer.TextTokenizer;

/**
 * Generates text with a decoder: one prefill pass over the prompt, then one pass per new token on the key/value
 * cache. Streams final text to a {@link TokenListener}, which can cancel.
 */
public final class TextGenerator {

	private final OnnxCausalLm model;

	private final TextTokenizer tokenizer;

	public TextGenerator(OnnxCausalLm model, TextTokenizer tokenizer) {
		this.model = model;
		this.tokenizer = tokenizer;
	}

	public GenerationResult generate(GenerationRequest request, TokenListener listener) {
		TokenSampler sampler = new TokenSampler(request.sampling());
		List<Long> sequence = new ArrayList<>();
		for (long token : request.promptTokens()) {
			sequence.add(token);
		}
		List<Long> generated = new ArrayList<>();
		String emitted = "";
		GenerationResult.FinishReason reason = GenerationResult.FinishReason.LENGTH;
		long prefillNanos = 0;
		long decodeNanos = 0;
		double logProbabilitySum = 0;
		boolean penalised = request.sampling().repetitionPenalty() != 1;
		int chosen = 0;
		try (OnnxCausalLm.KvCache cache = this.model.newCache()) {
			long started = System.nanoTime();
			float[] logits = this.model.next(request.promptTokens(), cache);
			prefillNanos = System.nanoTime() - started;
			long decodeStarted = System.nanoTime();
			while (true) {
				double logSum = logSumExp(logits);
				long token = sampler.sample(logits, sequence);
				// the sampler's repetition penalty changed the logits of earlier tokens in place: undo it for this one
				float raw = logits[(int) token];
				if (penalised && sequence.contains(token)) {
					float penalty = (float) request.sampling().repetitionPenalty();
					raw = raw > 0 ? raw * penalty : raw / penalty;
				}
				logProbabilitySum += raw - logSum;
				chosen++;
				if (request.stopTokens().contains(token)) {
					reason = GenerationResult.FinishReason.STOP;
					break;
				}
				generated.add(token);
				sequence.add(token);
				String text = decode(generated);
				// hold back text that may still change: an incomplete multi-byte character decodes to U+FFFD
				String stable = text.endsWith("\uFFFD") ? emitted : text;
				int stop = stopIndex(stable, request.stopSequences());
				if (stop >= 0) {
					emitIfGrown(listener, token, emitted, stable.substring(0, stop));
					emitted = stable.substring(0, stop);
					reason = GenerationResult.FinishReason.STOP;
					break;
				}
				String delta = stable.startsWith(emitted) ? stable.substring(emitted.length()) : "";
				if (stable.startsWith(emitted)) {
					emitted = stable;
				}
				if (!listener.onToken(token, delta)) {
					reason = GenerationResult.FinishReason.CANCELLED;
					break;
				}
				if (generated.size() >= request.maxNewTokens()) {
					break;
				}
				logits = this.model.next(new long[] { token }, cache);
			}
			decodeNanos = System.nanoTime() - decodeStarted;
		}
		long[] tokens = generated.stream().mapToLong(Long::longValue).toArray();
		String text = reason == GenerationResult.FinishReason.STOP && !request.stopSequences().isEmpty() ? emitted
				: decode(generated);
		return new GenerationResult(tokens, text, request.promptTokens().length, reason, prefillNanos, decodeNanos,
				chosen == 0 ? Double.NaN : logProbabilitySum / chosen);
	}

	/** log Σ exp(logit), shifted by the maximum so that no exponent overflows: a token's log probability is its logit minus this. */
	static double logSumExp(float[] logits) {
		double max = Double.NEGATIVE_INFINITY;
		for (float logit : logits) {
			max = Math.max(max, logit);
		}
		double sum = 0;
		for (float logit : logits) {
			sum += Math.exp(logit - max);
		}
		return max + Math.log(sum);
	}

	private static void emitIfGrown(TokenListener listener, long token, String emitted, String now) {
		if (now.length() > emitted.length() && now.startsWith(emitted)) {
			listener.onToken(token, now.substring(emitted.length()));
		}
	}

	private String decode(List<Long> tokens) {
		return this.tokenizer.decode(tokens.stream().mapToLong(Long::longValue).toArray(), true);
	}

	private static int stopIndex(String text, List<String> stopSequences) {
		int first = -1;
		for (String stop : stopSequences) {
			int at = text.indexOf(stop);
			if (at >= 0 && (first < 0 || at < first)) {
				first = at;
			}
		}
		return first;
	}

}
