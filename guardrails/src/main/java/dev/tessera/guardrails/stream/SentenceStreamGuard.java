package dev.tessera.guardrails.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.inference.encoder.EmbeddingMemo;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.RailChain.AppliedVerdict;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.RailPolicy;
import dev.tessera.guardrails.Verdict;
import dev.tessera.inference.text.Sentences;

/**
 * Output rails on a reply that arrives in pieces (tokens of a generating model): text is held until a sentence is
 * complete, the policy's sentence rails check that sentence, and only then is it released, redacted or amended as the
 * policy says. A sentence whose verdict stops the reply (block, escalate, hand off) retracts everything released
 * before it and ends the stream; rails that judge the whole reply (a required notice) run at the end, and what they
 * add is released last. So no unchecked sentence ever reaches the user, and a withdrawn reply is withdrawn on screen.
 * <p>
 * Not thread-safe: one turn feeds it from one thread.
 */
public final class SentenceStreamGuard {

	/** Where released text goes. */
	public interface Listener {

		/** A checked piece of the reply, to show after what was released before. */
		void release(String text);

		/** Everything released so far is withdrawn; say why. */
		void retract(String reason);

	}

	private final RailChain chain;

	private final String assistantId;

	private final RailPolicy sentenceRails;

	private final RailPolicy wholeRails;

	private final PlaceholderVault vault;

	private final List<String> sources;

	private final Listener listener;

	private final EmbeddingMemo embeddings;

	private final StringBuilder fed = new StringBuilder();

	private final StringBuilder pending = new StringBuilder();

	private final StringBuilder released = new StringBuilder();

	private final Map<String, Tally> tallies = new LinkedHashMap<>();

	private RailAction stopped;

	private AppliedVerdict decisive; // the verdict that stopped the stream

	/**
	 * @param policy the assistant's output policy: its sentence rails check each sentence, the others the whole
	 * reply at the end
	 * @param vault the turn's placeholder values
	 * @param sources what the reply may rest on (for grounding)
	 */
	public SentenceStreamGuard(RailChain chain, String assistantId, RailPolicy policy, PlaceholderVault vault,
			List<String> sources, Listener listener) {
		this(chain, assistantId, policy, vault, sources, new EmbeddingMemo(), listener);
	}

	/** The same, with the turn's vectors (the sources are embedded once for all the reply's sentences). */
	public SentenceStreamGuard(RailChain chain, String assistantId, RailPolicy policy, PlaceholderVault vault,
			List<String> sources, EmbeddingMemo embeddings, Listener listener) {
		this.embeddings = embeddings;
		this.chain = chain;
		this.assistantId = assistantId;
		this.sentenceRails = chain.part(policy, true);
		this.wholeRails = chain.part(policy, false);
		this.vault = vault;
		this.sources = List.copyOf(sources);
		this.listener = listener;
	}

	/** Takes the next piece of the reply; releases each sentence it completes once the rails pass it. */
	public void append(String piece) {
		if (piece == null || piece.isEmpty()) {
			return;
		}
		this.fed.append(piece);
		if (this.stopped != null) {
			return;
		}
		this.pending.append(piece);
		// sentences end where the project's splitter says, line breaks included; the last waits until it is finished
		List<Sentences.Span> finished = Sentences.finished(this.pending);
		for (Sentences.Span sentence : finished) {
			if (this.stopped != null) {
				break;
			}
			check(sentence.of(this.pending));
		}
		this.pending.delete(0, finished.isEmpty() ? 0 : finished.getLast().end());
	}

	/** Everything appended so far, checked or not. */
	public String fed() {
		return this.fed.toString();
	}

	/**
	 * The reply was replaced (the model failed, a template answers instead): what was released is retracted and the
	 * stream starts again.
	 */
	public void restart(String reason) {
		if (!this.released.isEmpty()) {
			this.listener.retract(reason);
		}
		this.fed.setLength(0);
		this.pending.setLength(0);
		this.released.setLength(0);
		this.stopped = null;
		this.decisive = null;
		this.tallies.clear();
	}

	/**
	 * Checks what is left, runs the whole-reply rails and releases what they add.
	 *
	 * @return the reply as released (or empty when withdrawn), one verdict per rail summing up its sentences, and the
	 * stopping action (ALLOW when the reply stands)
	 */
	public RailChainResult finish() {
		if (this.stopped == null && !this.pending.toString().isBlank()) {
			check(this.pending.toString());
		}
		this.pending.setLength(0);
		List<AppliedVerdict> verdicts = new ArrayList<>();
		if (this.stopped != null) {
			// the stopping rail last, as in a chain that stopped
			String rail = this.decisive.verdict().rail();
			this.tallies.values().stream().filter(t -> !t.rail.equals(rail)).forEach(t -> verdicts.add(t.summary()));
			verdicts.add(this.tallies.get(rail).summary());
			return new RailChainResult("", verdicts, this.stopped, this.vault);
		}
		this.tallies.values().forEach(t -> verdicts.add(t.summary()));
		String sofar = this.released.toString();
		RailChainResult whole = this.chain.run(sofar, this.assistantId, RailContext.Direction.OUTPUT, this.wholeRails,
				this.vault, this.sources, this.embeddings);
		verdicts.addAll(whole.verdicts());
		if (whole.outcome() != RailAction.ALLOW) {
			if (!sofar.isEmpty()) {
				this.listener.retract("reply withdrawn by output rail '" + whole.verdicts().getLast().verdict().rail() + "'");
			}
			return new RailChainResult("", verdicts, whole.outcome(), this.vault);
		}
		String text = whole.text();
		String shown = sofar.stripTrailing(); // an appended notice follows the text without its trailing space
		if (text.startsWith(shown)) {
			release(text.substring(shown.length()));
		}
		else if (!text.equals(sofar)) {
			// a whole-reply rail rewrote what was already shown: show the rewritten reply instead
			this.listener.retract("reply amended by the output rails");
			this.released.setLength(0);
			release(text);
		}
		return new RailChainResult(this.released.toString().strip(), verdicts, RailAction.ALLOW, this.vault);
	}

	private void check(String sentence) {
		RailChainResult result = this.chain.run(sentence, this.assistantId, RailContext.Direction.OUTPUT,
				this.sentenceRails, this.vault, this.sources, this.embeddings);
		for (AppliedVerdict applied : result.verdicts()) {
			this.tallies.computeIfAbsent(applied.verdict().rail(), Tally::new).add(applied);
		}
		if (result.outcome() != RailAction.ALLOW) {
			this.stopped = result.outcome();
			this.decisive = result.verdicts().getLast();
			if (!this.released.isEmpty()) {
				this.listener.retract("reply withdrawn by output rail '" + this.decisive.verdict().rail() + "': "
						+ this.decisive.verdict().reason());
			}
			this.released.setLength(0);
			return;
		}
		String text = result.text();
		// a sentence removed whole (grounding, clinical advice) leaves no gap behind
		if (text.isBlank()) {
			return;
		}
		if (!sentence.equals(text) && Character.isWhitespace(sentence.charAt(sentence.length() - 1))
				&& !Character.isWhitespace(text.charAt(text.length() - 1))) {
			text = text + sentence.substring(sentence.stripTrailing().length());
		}
		release(text);
	}

	private void release(String text) {
		if (!text.isEmpty()) {
			this.released.append(text);
			this.listener.release(text);
		}
	}

	/** One rail's verdicts over the sentences, summed up as one verdict for the record. */
	private static final class Tally {

		private final String rail;

		private int sentences;

		private int detected;

		private long micros;

		private RailAction action = RailAction.ALLOW;

		private String firstReason = "";

		private double confidence = 1.0;

		Tally(String rail) {
			this.rail = rail;
		}

		void add(AppliedVerdict applied) {
			this.sentences++;
			this.micros += applied.micros();
			if (applied.verdict().detected()) {
				this.detected++;
				if (this.firstReason.isEmpty()) {
					this.firstReason = applied.verdict().reason();
					this.action = applied.action();
					this.confidence = applied.verdict().confidence();
				}
			}
			else if (this.detected == 0) {
				this.firstReason = applied.verdict().reason();
			}
		}

		AppliedVerdict summary() {
			String reason = this.detected == 0 ? "streamed: " + this.sentences + " sentence(s) checked, none detected"
					: "streamed: detected in " + this.detected + " of " + this.sentences + " sentence(s); first: "
							+ this.firstReason;
			return new AppliedVerdict(new Verdict(this.rail, this.detected > 0, reason, List.of(),
					this.detected > 0 ? this.confidence : 1.0, null), this.action, this.micros);
		}

	}

}
