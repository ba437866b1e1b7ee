package dev.tessera.core.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.record.TurnRecorder;
import dev.tessera.core.conversation.ConversationTranscript;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.turn.RouteProposal.Source;
import dev.tessera.core.turn.dialogue.Dialogue;
import dev.tessera.core.turn.dialogue.DialogueStage;
import dev.tessera.core.turn.rails.InputRailsStage;
import dev.tessera.core.turn.rails.OutputRailsStage;
import dev.tessera.core.turn.rails.ReplySources;
import dev.tessera.core.turn.respond.GroundedTemplateResponder;
import dev.tessera.core.turn.respond.Reply;
import dev.tessera.core.turn.respond.ReplyRequest;
import dev.tessera.core.turn.respond.Responder;
import dev.tessera.core.turn.retrieve.KnowledgeRetriever;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.route.QueryComplexity;
import dev.tessera.core.turn.route.RouteDecision;
import dev.tessera.core.turn.route.Router;
import dev.tessera.core.turn.route.RoutingSignals;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.core.turn.understand.QueryUnderstanding;
import dev.tessera.core.turn.understand.Understanding;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.inference.text.Sentences;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain.AppliedVerdict;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.stream.SentenceStreamGuard;
import dev.tessera.retrieval.ingest.ChunkScreen;
import dev.tessera.core.assistant.Route;

/**
 * The turn, stage by stage, on one {@link Turn} (what the turn knows, each part loaded once):
 * <ol>
 * <li>input rails on the user's message: redact, or propose to stop the turn (block, hand off, escalate);</li>
 * <li>understand: task heads, domain rules and the pack's domain assessor on the redacted message;</li>
 * <li>retrieve: passages from the assistant's knowledge (for what the assessor restated, when it did);</li>
 * <li>dialogue: how the conversation is going and the pack's tools (called, or the slots they still need);</li>
 * <li>route: the one decision ({@link dev.tessera.core.turn.route.RoutePrecedence}) among every stage's
 * {@link RouteProposal}: answer locally, escalate to the large model, hand off to a person, or block;</li>
 * <li>respond: write the reply for that route (opened with the assessor's preface, when it gave one); what writing
 * it found out is one more proposal to the same decision;</li>
 * <li>output rails on the reply: redact, amend, or propose to withdraw it;</li>
 * <li>audit: store both messages and the audit record (every proposal and the decision) in one transaction; then
 * the dialogue stage remembers what the next turn needs.</li>
 * </ol>
 * Every stage adds a {@link DecisionStep} to the trail, so the reply says how it was produced. Stages after a
 * stopping input rail are recorded as skipped rather than run. A streamed turn runs the same stages; only where the
 * checked reply goes differs.
 */
public final class DefaultTurnPipeline implements TurnPipeline {

	/** Replies written per turn at most: the first, and one for each re-decision after writing it. */
	private static final int MAX_REPLIES = 3;

	private final AssistantCatalog assistants;

	private final ConversationTranscript transcript;

	private final InputRailsStage inputRails;

	private final QueryUnderstanding understanding;

	private final KnowledgeRetriever retriever;

	private final DialogueStage dialogue;

	private final Router router;

	private final Responder responder;

	private final OutputRailsStage outputRails;

	private final TurnRecorder recorder;

	private final MeterRegistry meters;

	private DefaultTurnPipeline(Builder builder) {
		this.assistants = builder.assistants;
		this.transcript = builder.transcript;
		this.inputRails = Objects.requireNonNull(builder.inputRails, "the pipeline needs its input rails stage");
		this.understanding = Objects.requireNonNull(builder.understanding, "the pipeline needs its understand stage");
		this.retriever = Objects.requireNonNull(builder.retriever, "the pipeline needs its retrieve stage");
		this.dialogue = builder.dialogue;
		this.router = Objects.requireNonNull(builder.router, "the pipeline needs its router");
		this.responder = Objects.requireNonNull(builder.responder, "the pipeline needs its responder");
		this.outputRails = Objects.requireNonNull(builder.outputRails, "the pipeline needs its output rails stage");
		this.recorder = Objects.requireNonNull(builder.recorder, "the pipeline needs its turn recorder");
		this.meters = builder.meters;
	}

	/** A pipeline for these assistants: name its stages in the order they run, then {@link Builder#build()}. */
	public static Builder builder(AssistantCatalog assistants) {
		return new Builder(assistants);
	}

	/**
	 * The stages of a pipeline, named. Required: input rails, understanding, retriever, router, responder, output
	 * rails and recorder; without a transcript no stage reads the conversation, without a dialogue stage there are no
	 * tools or conversation signals, without a meter registry the turn timer goes nowhere.
	 */
	public static final class Builder {

		private final AssistantCatalog assistants;

		private ConversationTranscript transcript = ConversationTranscript.none();

		private InputRailsStage inputRails;

		private QueryUnderstanding understanding;

		private KnowledgeRetriever retriever;

		private DialogueStage dialogue = DialogueStage.none();

		private Router router;

		private Responder responder;

		private OutputRailsStage outputRails;

		private TurnRecorder recorder;

		private MeterRegistry meters = new SimpleMeterRegistry();

		private Builder(AssistantCatalog assistants) {
			this.assistants = Objects.requireNonNull(assistants, "assistants cannot be null");
		}

		/** Where a turn reads the conversation so far, once, when a stage needs it. */
		public Builder transcript(ConversationTranscript transcript) {
			this.transcript = Objects.requireNonNull(transcript, "transcript cannot be null");
			return this;
		}

		public Builder inputRails(InputRailsStage inputRails) {
			this.inputRails = inputRails;
			return this;
		}

		public Builder understanding(QueryUnderstanding understanding) {
			this.understanding = understanding;
			return this;
		}

		public Builder retriever(KnowledgeRetriever retriever) {
			this.retriever = retriever;
			return this;
		}

		public Builder dialogue(DialogueStage dialogue) {
			this.dialogue = Objects.requireNonNull(dialogue, "dialogue cannot be null");
			return this;
		}

		public Builder router(Router router) {
			this.router = router;
			return this;
		}

		public Builder responder(Responder responder) {
			this.responder = responder;
			return this;
		}

		public Builder outputRails(OutputRailsStage outputRails) {
			this.outputRails = outputRails;
			return this;
		}

		public Builder recorder(TurnRecorder recorder) {
			this.recorder = recorder;
			return this;
		}

		public Builder meters(MeterRegistry meters) {
			this.meters = Objects.requireNonNull(meters, "meters cannot be null");
			return this;
		}

		public DefaultTurnPipeline build() {
			return new DefaultTurnPipeline(this);
		}

	}

	@Override
	public TurnResult run(TurnRequest request) {
		return run(request, null);
	}

	/**
	 * The turn with its reply streamed: a generating model's tokens go through the output rails sentence by sentence
	 * ({@link SentenceStreamGuard}), so nothing unchecked is released and a withdrawn reply is retracted. Without a
	 * stream the reply is checked whole when it is written.
	 */
	@Override
	public TurnResult run(TurnRequest request, TurnStream stream) {
		long started = System.nanoTime();
		// looked up per turn: an operator's edit applies from the next turn, a disabled assistant takes none
		Turn turn = new Turn(request, this.assistants.require(request.assistantId()), this.transcript);
		AssistantDefinition assistant = turn.assistant();
		List<DecisionStep> trail = new ArrayList<>();
		List<RailFinding> findings = new ArrayList<>();

		// 1. input rails: redact, or propose to stop the turn (block, hand off, escalate)
		RailChainResult input = timed(trail, "input-rails",
				() -> this.inputRails.check(turn, request.message()), DefaultTurnPipeline::rails);
		Set<String> usersOwnValues = turn.vault().placeholders();
		input.verdicts().forEach(applied -> findings.add(finding(applied, "input")));
		String message = input.text();
		boolean stopped = InputRailsStage.proposal(input).isPresent();

		// 2. understand: task heads, domain rules, the domain assessor (which may propose a route)
		Understanding understood = stopped ? skip(trail, "understand", Understanding.nothing())
				: timed(trail, "understand", () -> this.understanding.understand(turn, message),
						DefaultTurnPipeline::understanding);

		// 3. retrieve (what a domain assessor restated, e.g. a description gathered over follow-up questions)
		String searchText = understood.assessment()
			.map(DomainAssessment::searchText)
			.filter(text -> !text.isBlank())
			.orElse(message);
		Retrieval retrieval = stopped ? skip(trail, "retrieve", Retrieval.none())
				: timed(trail, "retrieve", () -> this.retriever.retrieve(turn, searchText),
						DefaultTurnPipeline::retrieval);

		// 4. dialogue: conversation signals and tools, each proposing a route
		Dialogue dialogue = stopped ? Dialogue.none()
				: dialogue(trail, turn, message, understood, RoutingSignals.beforeDialogue(input, understood));

		// 5. decide: the one decision among every proposal so far
		RoutingSignals signals = new RoutingSignals(assistant, input, understood, retrieval,
				QueryComplexity.of(message), dialogue);
		RouteDecision decision = timed(trail, "route", () -> this.router.route(signals),
				decided -> new Summary(decided.route().name(), decided.describe()));

		// 6. respond; what writing the reply found out (the large model did not answer, the local model is unsure)
		// is a proposal to the same decision, and a changed route gets its own reply
		ReplyRequest replyRequest = new ReplyRequest(assistant, request.tenantId(), message, decision, retrieval,
				dialogue.tool());
		List<String> sources = ReplySources.of(assistant, message, retrieval, dialogue, understood);
		ReplyCheck check = stream == null ? new WholeReplyCheck(turn, sources)
				: new StreamedReplyCheck(turn, sources, stream, usersOwnValues);
		check.routed(decision.route(), preface(understood, decision));
		RouteDecision first = decision;
		Reply reply = timed(trail, "respond", () -> prefaced(write(replyRequest, check), understood, first),
				DefaultTurnPipeline::reply);
		for (int written = 1; written < MAX_REPLIES; written++) {
			RouteDecision standing = decision;
			Reply standingReply = reply;
			Optional<RouteProposal> learned = reply.proposal()
				.or(() -> reconsider(signals, standing, standingReply));
			if (learned.isEmpty()) {
				break;
			}
			decision = redecide(trail, standing, learned.get(), signals);
			if (decision.route() == standing.route() || reply.proposal().isPresent()) {
				break; // the route stands, or the responder wrote the reply for the route it proposed
			}
			RouteDecision redecided = decision;
			reply = timed(trail, "respond", () -> prefaced(this.responder.respond(replyRequest.withDecision(redecided)),
					understood, redecided), DefaultTurnPipeline::reply);
		}

		// 7. output rails: a withdrawal (or a reply emptied of every sentence) is a proposal to the same decision
		Reply written = reply;
		RailChainResult output = timed(trail, "output-rails", () -> check.finish(written),
				DefaultTurnPipeline::rails);
		output.verdicts().forEach(applied -> findings.add(finding(applied, "output")));
		String text = output.text();
		List<Citation> citations = reply.citations();
		Optional<RouteProposal> withdrawal = withdrawal(assistant, output);
		Optional<String> remnant = withdrawal.isPresent() ? Optional.empty() : remnant(reply, output);
		if (remnant.isPresent() && decision.route() == Route.ANSWER_LOCAL) {
			// never serve what is left of a generated answer the rails took apart: the grounded template instead
			RouteDecision standing = decision;
			Reply template = timed(trail, "respond",
					() -> prefaced(this.responder.respond(replyRequest.withDecision(standing).withoutGeneration()),
							understood, standing),
					written2 -> new Summary("grounded-template", remnant.get() + "; answered with the grounded template"));
			RailChainResult templateOutput = timed(trail, "output-rails",
					() -> this.outputRails.check(turn, template.text(), sources), DefaultTurnPipeline::rails);
			templateOutput.verdicts().forEach(applied -> findings.add(finding(applied, "output")));
			reply = template;
			text = templateOutput.text();
			citations = template.citations();
			withdrawal = withdrawal(assistant, templateOutput);
			if (withdrawal.isEmpty()) {
				check.replaced(text);
			}
		}
		else if (remnant.isPresent()) {
			withdrawal = Optional.of(new RouteProposal(Source.OUTPUT_RAILS, Route.HANDOFF_HUMAN, remnant.get(),
					assistant.replies().handoff(), false));
		}
		if (withdrawal.isPresent()) {
			decision = redecide(trail, decision, withdrawal.get(), signals);
			text = decision.reply();
			citations = List.of();
			check.replaced(text);
		}

		// 8. audit
		String turnId = UUID.randomUUID().toString();
		long latencyMs = (System.nanoTime() - started) / 1_000_000;
		TurnResult result = new TurnResult(turnId, request.conversationId(), assistant.id(), text, citations,
				decision.route(), decision.reason(), reply.model(), findings, trail, latencyMs, decision.proposals(),
				understood.predictions());
		long auditStarted = System.nanoTime();
		this.recorder.record(request, message, result);
		trail.add(new DecisionStep("audit", "recorded",
				"user message, reply and audit record " + turnId + " stored in one transaction",
				(System.nanoTime() - auditStarted) / 1_000));
		this.dialogue.conclude(turn, dialogue, decision.route());
		long totalNanos = System.nanoTime() - started;
		Timer.builder("tessera.turn")
			.description("Time to answer and record a turn")
			.tag("assistant", assistant.id())
			.tag("route", decision.route().name())
			.register(this.meters)
			.record(java.time.Duration.ofNanos(totalNanos));
		// stored and audited redacted; the user's own values go back into the reply meant for them, never a value
		// redacted from the reply itself
		String delivered = turn.vault().restore(result.text(), usersOwnValues);
		return new TurnResult(turnId, result.conversationId(), result.assistantId(), delivered, result.citations(),
				result.route(), result.routeReason(), result.model(), result.rails(), trail, totalNanos / 1_000_000,
				result.proposals(), result.headPredictions());
	}

	private Dialogue dialogue(List<DecisionStep> trail, Turn turn, String message, Understanding understood,
			List<RouteProposal> earlier) {
		long started = System.nanoTime();
		Dialogue read = this.dialogue.read(turn, message, understood, earlier);
		if (read.tool().isPresent()) {
			ToolTurn tool = read.tool().get();
			String outcome = tool.binding().tool() + ":" + switch (tool) {
				case ToolTurn.Called called -> called.result().outcome();
				case ToolTurn.NeedsSlots needs -> "needs-slots";
				case ToolTurn.Failed failed -> "failed";
			};
			trail.add(new DecisionStep("tools", outcome, read.description(), (System.nanoTime() - started) / 1_000));
		}
		return read;
	}

	/** The reply for the request's route, its tokens streamed through the check when the turn is streamed. */
	private Reply write(ReplyRequest request, ReplyCheck check) {
		Consumer<String> tokens = check.tokens();
		return tokens == null ? this.responder.respond(request) : this.responder.respond(request, tokens);
	}

	/** A generated local answer the router is unsure of: its proposal, or empty to keep the answer. */
	private Optional<RouteProposal> reconsider(RoutingSignals signals, RouteDecision standing, Reply reply) {
		if (reply.generationConfidence().isEmpty()) {
			return Optional.empty();
		}
		return this.router.reconsider(signals, standing, reply.generationConfidence().getAsDouble());
	}

	/** The same decision step applied again, with one more proposal; recorded in the trail. */
	private RouteDecision redecide(List<DecisionStep> trail, RouteDecision standing, RouteProposal learned,
			RoutingSignals signals) {
		long started = System.nanoTime();
		List<RouteProposal> proposals = new ArrayList<>(standing.proposals());
		proposals.add(learned);
		RouteDecision decision = this.router.decide(proposals, signals);
		trail.add(new DecisionStep("route", decision.route().name(),
				"reconsidered after " + learned.source().label() + ": " + decision.describe(),
				(System.nanoTime() - started) / 1_000));
		return decision;
	}

	/**
	 * The output rails' proposal when they withdrew the reply (blocked, or to a person: without the reply there is
	 * nothing to escalate), or when a rewrite removed every sentence (none was grounded): say so rather than send
	 * nothing.
	 */
	private static Optional<RouteProposal> withdrawal(AssistantDefinition assistant, RailChainResult output) {
		RailAction outcome = output.outcome();
		if (outcome == RailAction.BLOCK || outcome == RailAction.ESCALATE || outcome == RailAction.HANDOFF) {
			AppliedVerdict decisive = output.verdicts().getLast();
			boolean blocked = outcome == RailAction.BLOCK;
			return Optional.of(new RouteProposal(Source.OUTPUT_RAILS, blocked ? Route.BLOCKED : Route.HANDOFF_HUMAN,
					"reply withdrawn by output rail '" + decisive.verdict().rail() + "': " + decisive.verdict().reason(),
					blocked ? assistant.replies().blocked() : assistant.replies().handoff(), false));
		}
		if (!output.text().isBlank()) {
			return Optional.empty();
		}
		String emptiedBy = output.verdicts()
			.stream()
			.filter(applied -> applied.verdict().detected())
			.reduce((first, second) -> second)
			.map(applied -> "output rail '" + applied.verdict().rail() + "': " + applied.verdict().reason())
			.orElse("the reply was empty");
		return Optional.of(new RouteProposal(Source.OUTPUT_RAILS, Route.HANDOFF_HUMAN,
				"every sentence of the reply was removed by " + emptiedBy, assistant.replies().noAnswer(), false));
	}

	/**
	 * Why a reply not written from the template is not worth serving after the output rails: they removed more than
	 * half of its sentences (a model's unsupported statements, say), so what is left is no longer the answer it wrote.
	 * Empty when it stands.
	 */
	static Optional<String> remnant(Reply reply, RailChainResult output) {
		if (reply.model().equals(GroundedTemplateResponder.MODEL) || output.text().isBlank()) {
			return Optional.empty();
		}
		List<Sentences.Span> sentences = Sentences.of(reply.text());
		long removed = sentences.stream()
			.map(span -> reply.text().substring(span.start(), span.end()).strip())
			.filter(sentence -> !sentence.isEmpty() && !output.text().contains(sentence))
			.count();
		if (removed * 2 <= sentences.size()) {
			return Optional.empty();
		}
		String by = output.verdicts()
			.stream()
			.filter(applied -> applied.verdict().detected())
			.reduce((first, second) -> second)
			.map(applied -> "output rail '" + applied.verdict().rail() + "' (" + applied.verdict().reason() + ")")
			.orElse("the output rails");
		return Optional.of(String.format(java.util.Locale.ROOT, "%d of %d sentences of the %s reply were removed by %s",
				removed, sentences.size(), reply.model(), by));
	}

	/**
	 * How the reply is checked by the output rails: whole once written, or sentence by sentence as it is streamed.
	 * One turn, one path: only where checked text goes differs.
	 */
	private interface ReplyCheck {

		/** The route is decided; the reply opens with {@code preface} (empty for none). */
		void routed(Route route, String preface);

		/** Where a generating responder hands its tokens, or {@code null} to write the reply whole. */
		Consumer<String> tokens();

		/** The output rails on the reply that stands. */
		RailChainResult finish(Reply reply);

		/** The reply was withdrawn and {@code text} answers instead. */
		void replaced(String text);

	}

	private final class WholeReplyCheck implements ReplyCheck {

		private final Turn turn;

		private final List<String> sources;

		WholeReplyCheck(Turn turn, List<String> sources) {
			this.turn = turn;
			this.sources = sources;
		}

		@Override
		public void routed(Route route, String preface) {
		}

		@Override
		public Consumer<String> tokens() {
			return null;
		}

		@Override
		public RailChainResult finish(Reply reply) {
			return DefaultTurnPipeline.this.outputRails.check(this.turn, reply.text(), this.sources);
		}

		@Override
		public void replaced(String text) {
		}

	}

	private final class StreamedReplyCheck implements ReplyCheck {

		private final TurnStream stream;

		private final SentenceStreamGuard guard;

		StreamedReplyCheck(Turn turn, List<String> sources, TurnStream stream, Set<String> usersOwnValues) {
			this.stream = stream;
			PlaceholderVault vault = turn.vault();
			this.guard = DefaultTurnPipeline.this.outputRails.stream(turn, sources,
					new SentenceStreamGuard.Listener() {
						@Override
						public void release(String text) {
							stream.release(vault.restore(text, usersOwnValues));
						}

						@Override
						public void retract(String reason) {
							stream.retract(reason);
						}
					});
		}

		@Override
		public void routed(Route route, String preface) {
			this.stream.routed(route);
			// the assessor's preface opens the reply: released before the model's first token
			if (!preface.isEmpty()) {
				this.guard.append(preface + "\n\n");
			}
		}

		@Override
		public Consumer<String> tokens() {
			return this.guard::append;
		}

		/**
		 * Brings the guard in line with the reply that stands: what the responder streamed is kept when the reply goes
		 * on from it (a template written whole is appended now); a replaced reply (the model failed, the route was
		 * reconsidered) retracts what was shown and is checked afresh.
		 */
		@Override
		public RailChainResult finish(Reply reply) {
			String fed = this.guard.fed();
			if (reply.text().startsWith(fed)) {
				this.guard.append(reply.text().substring(fed.length()));
			}
			else {
				this.guard.restart(reply.note().isEmpty() ? "the reply was replaced"
						: "the reply was replaced: " + reply.note());
				this.guard.append(reply.text());
			}
			return this.guard.finish();
		}

		@Override
		public void replaced(String text) {
			this.stream.release(text);
		}

	}

	/** The assessor's preface when it opens the reply (the assessment left the route to the router). */
	private static String preface(Understanding understood, RouteDecision decision) {
		if (decision.route() == Route.BLOCKED) {
			return "";
		}
		return understood.assessment()
			.filter(assessment -> assessment.route().isEmpty())
			.map(DomainAssessment::preface)
			.filter(preface -> !preface.isBlank())
			.orElse("");
	}

	/**
	 * Opens the reply with the domain assessor's preface (e.g. how urgently to seek care) when the assessment left
	 * the route to the router; a refusal gets none.
	 */
	private static Reply prefaced(Reply reply, Understanding understood, RouteDecision decision) {
		String preface = preface(understood, decision);
		if (preface.isEmpty()) {
			return reply;
		}
		String note = (reply.note().isEmpty() ? "" : reply.note() + "; ") + "opened with the preface of assessor '"
				+ understood.assessment().orElseThrow().assessor() + "'";
		return new Reply(preface + "\n\n" + reply.text(), reply.model(), reply.citations(), note, reply.proposal(),
				reply.generationConfidence());
	}

	/** What a stage did, for its step in the trail. */
	private record Summary(String outcome, String detail) {
	}

	private static Summary reply(Reply reply) {
		String detail = "reply written by " + reply.model() + " with " + reply.citations().size() + " citation(s)";
		if (!reply.note().isEmpty()) {
			detail += "; " + reply.note();
		}
		if (reply.proposal().isPresent()) {
			detail += "; proposes " + reply.proposal().get().route();
		}
		return new Summary(reply.model(), detail);
	}

	private static <T> T timed(List<DecisionStep> trail, String stage, Supplier<T> work,
			Function<T, Summary> describe) {
		long started = System.nanoTime();
		T value = work.get();
		long micros = (System.nanoTime() - started) / 1_000;
		Summary summary = describe.apply(value);
		trail.add(new DecisionStep(stage, summary.outcome(), summary.detail(), micros));
		return value;
	}

	private static <T> T skip(List<DecisionStep> trail, String stage, T empty) {
		trail.add(new DecisionStep(stage, "skipped", "not run: an input rail stopped the turn", 0));
		return empty;
	}

	private static Summary rails(RailChainResult result) {
		if (result.verdicts().isEmpty()) {
			return new Summary("allow", "no rails configured for this assistant");
		}
		List<String> parts = result.verdicts()
			.stream()
			.map(applied -> applied.verdict().rail() + ": "
					+ (applied.verdict().detected() ? applied.action().name().toLowerCase(Locale.ROOT) + " ("
							+ applied.verdict().reason() + ")" : "pass"))
			.toList();
		return new Summary(result.outcome().name().toLowerCase(Locale.ROOT), String.join("; ", parts));
	}

	private static Summary understanding(Understanding understood) {
		String intent = understood.intent()
			.map(name -> String.format(Locale.ROOT, "intent %s (%.2f)", name, understood.intentConfidence()))
			.orElse("no task heads trained for this assistant");
		String assessed = understood.assessment().map(a -> "; " + a.describe()).orElse("");
		Summary ruled = understood.matchedRule()
			.map(rule -> new Summary("rule:" + rule.name(),
					"domain rule '" + rule.name() + "' matched \"" + understood.matchedPhrase() + "\"; " + intent))
			.orElse(new Summary("no rule", "no domain rule matched; " + intent));
		return understood.assessment()
			.map(a -> new Summary(a.assessor() + ":" + a.outcome(), ruled.detail() + assessed))
			.orElse(ruled);
	}

	private static Summary retrieval(Retrieval retrieval) {
		String withheld = retrieval.withheld().isEmpty() ? ""
				: "; withheld " + retrieval.withheld()
					.stream()
					.map(hit -> hit.chunk().documentId() + " \u00a7 " + hit.chunk().section() + " ("
							+ hit.chunk().metadata().getOrDefault(ChunkScreen.WITHHELD_REASON, "held back at ingestion") + ")")
					.toList();
		if (retrieval.hits().isEmpty()) {
			return new Summary("0 hits", "nothing in the assistant's knowledge matches" + withheld);
		}
		return new Summary(retrieval.hits().size() + " hits",
				String.format(Locale.ROOT, "best: %s \u00a7 %s (%s)%s", retrieval.hits().getFirst().chunk().documentTitle(),
						retrieval.hits().getFirst().chunk().section(), retrieval.describeSupport(), withheld));
	}

	private static RailFinding finding(AppliedVerdict applied, String direction) {
		return new RailFinding(applied.verdict().rail(), direction, applied.verdict().detected(),
				applied.action().name(), applied.verdict().reason());
	}

}
