package dev.tessera.guardrails;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.tessera.inference.encoder.EmbeddingMemo;

/**
 * Runs a {@link RailPolicy} over a text: rails in order, each seeing the text as rewritten by the ones before it. A
 * BLOCK, ESCALATE or HANDOFF stops the chain, since later rails cannot change that outcome.
 */
public final class RailChain {

	private final Map<String, Rail> railsByName;

	public RailChain(List<Rail> rails) {
		Map<String, Rail> byName = new LinkedHashMap<>();
		for (Rail rail : rails) {
			if (byName.putIfAbsent(rail.name(), rail) != null) {
				throw new IllegalArgumentException("two rails are named '" + rail.name() + "'");
			}
		}
		this.railsByName = Map.copyOf(byName);
	}

	/** Names of the rails a policy may use. */
	public List<String> railNames() {
		return this.railsByName.keySet().stream().sorted().toList();
	}

	public boolean knows(String railName) {
		return this.railsByName.containsKey(railName);
	}

	/** Checks an entry's settings with its rail ({@link Rail#checkSettings}); an unknown rail has none to check. */
	public void checkSettings(String railName, Map<String, String> settings) {
		Rail rail = this.railsByName.get(railName);
		if (rail != null) {
			rail.checkSettings(settings);
		}
	}

	/** For each rail, the languages it reads ({@link Rail#languages()}; empty for any). */
	public Map<String, Set<String>> railLanguages() {
		Map<String, Set<String>> languages = new LinkedHashMap<>();
		this.railsByName.forEach((name, rail) -> languages.put(name, Set.copyOf(rail.languages())));
		return languages;
	}

	/**
	 * The part of a policy whose rails judge sentence by sentence ({@link Rail#checksSentences()}), or the part whose
	 * rails judge the whole text; order kept. Unknown rails fail as in {@link #run}.
	 */
	public RailPolicy part(RailPolicy policy, boolean sentenceRails) {
		return new RailPolicy(policy.entries()
			.stream()
			.filter(entry -> {
				Rail rail = this.railsByName.get(entry.rail());
				return rail == null || rail.checksSentences() == sentenceRails;
			})
			.toList());
	}

	public RailChainResult run(String text, String assistantId, RailContext.Direction direction, RailPolicy policy) {
		return run(text, assistantId, direction, policy, new PlaceholderVault());
	}

	/**
	 * Runs the policy with the turn's vault, so that input and output rails of one turn number placeholders alike
	 * and the caller can restore the user's own values in the reply.
	 */
	public RailChainResult run(String text, String assistantId, RailContext.Direction direction, RailPolicy policy,
			PlaceholderVault vault) {
		return run(text, assistantId, direction, policy, vault, List.of());
	}

	/**
	 * Runs the policy on a reply with what it may rest on (retrieved passages, a tool's result), for rails that check
	 * a reply against its sources.
	 */
	public RailChainResult run(String text, String assistantId, RailContext.Direction direction, RailPolicy policy,
			PlaceholderVault vault, List<String> sources) {
		return run(text, assistantId, direction, policy, vault, sources, new EmbeddingMemo());
	}

	/**
	 * Runs the policy within a turn: its vault, what a reply may rest on, and the turn's vectors, so that a rail that
	 * embeds the message reuses the pass the other stages make.
	 */
	public RailChainResult run(String text, String assistantId, RailContext.Direction direction, RailPolicy policy,
			PlaceholderVault vault, List<String> sources, EmbeddingMemo embeddings) {
		String current = text;
		List<AppliedVerdict> applied = new ArrayList<>();
		RailAction outcome = RailAction.ALLOW;
		for (RailPolicy.Entry entry : policy.entries()) {
			Rail rail = this.railsByName.get(entry.rail());
			if (rail == null) {
				throw new IllegalStateException("policy of assistant '" + assistantId + "' names unknown rail '"
						+ entry.rail() + "'; known rails: " + railNames());
			}
			long started = System.nanoTime();
			Verdict verdict = rail.check(current, new RailContext(assistantId, direction, entry.settings(), vault, sources,
					embeddings));
			long micros = (System.nanoTime() - started) / 1_000;
			RailAction action = verdict.detected() ? entry.onDetect() : RailAction.ALLOW;
			if ((action == RailAction.REWRITE || action == RailAction.REDACT) && verdict.rewrittenText() != null) {
				current = verdict.rewrittenText();
			}
			// what the user is told when this rail stops the message, where the policy words it
			String reply = action == RailAction.BLOCK || action == RailAction.HANDOFF
					? entry.settings().getOrDefault("reply", "") : "";
			applied.add(new AppliedVerdict(verdict, action, micros, reply));
			if (action == RailAction.BLOCK || action == RailAction.ESCALATE || action == RailAction.HANDOFF) {
				outcome = action;
				break;
			}
		}
		return new RailChainResult(current, applied, outcome, vault);
	}

	/**
	 * A verdict with the action the policy took on it.
	 *
	 * @param verdict the rail's verdict
	 * @param action what the policy did
	 * @param micros how long the rail took
	 * @param reply what the user is told when the rail stopped the message (its {@code reply} setting), or empty
	 */
	public record AppliedVerdict(Verdict verdict, RailAction action, long micros, String reply) {

		public AppliedVerdict {
			reply = reply == null ? "" : reply;
		}

		public AppliedVerdict(Verdict verdict, RailAction action, long micros) {
			this(verdict, action, micros, "");
		}

	}

	/**
	 * @param text the text after rewrites
	 * @param verdicts every rail that ran, in order
	 * @param outcome ALLOW when the turn goes on (possibly rewritten), otherwise the stopping action
	 * @param vault the turn's placeholder values; in memory only, never logged or stored
	 */
	public record RailChainResult(String text, List<AppliedVerdict> verdicts, RailAction outcome,
			PlaceholderVault vault) {

		public RailChainResult {
			verdicts = List.copyOf(verdicts);
			Objects.requireNonNull(vault, "vault cannot be null");
		}

		public RailChainResult(String text, List<AppliedVerdict> verdicts, RailAction outcome) {
			this(text, verdicts, outcome, new PlaceholderVault());
		}

	}

}
