package dev.tessera.core.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.audit.TurnRecorder;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.turn.dialogue.Dialogue;
import dev.tessera.core.turn.dialogue.DialogueStage;
import dev.tessera.core.turn.rails.InputRailsStage;
import dev.tessera.core.turn.rails.OutputRailsStage;
import dev.tessera.core.turn.rails.ReplySources;
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
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain.AppliedVerdict;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.stream.SentenceStreamGuard;
import dev.tessera.inference.encoder.EmbeddingScope;
import dev.tessera.retrieval.ingest.ChunkScreen;

/**
 * The turn, stage by stage:
 * <ol>
 * <li>input rails on the user's message: redact, or stop the turn (block, hand off, escalate);</li>
 * <li>understand: task heads, domain rules and the pack's domain assessor on the redacted message;</li>
 * <li>retrieve: passages from the assistant's knowledge (for what the assessor restated, when it did);</li>
 * <li>dialogue: the pack's tools (called, or the slots they still need) and how the conversation is going;</li>
 * <li>route: answer locally, escalate to the large model, or hand off to a person;</li>
 * <li>respond: write the reply for that route (opened with the assessor's preface, when it gave one);</li>
 * <li>output rails on the reply: redact, amend, or withdraw it;</li>
 * <li>audit: store both messages and the audit record in one transaction; then the dialogue stage remembers
 * what the next turn needs.</li>
 * </ol>
 * Every stage adds a {@link DecisionStep} to the trail, so the reply says how it was produced. Stages after a
 * stopping input rail are recorded as skipped rather than run.
 */
public final class DefaultTurnPipeline implements TurnPipeline {

	private final AssistantCatalog assistants;

	private final InputRailsStage inputRails;

	private final QueryUnderstanding understanding;

	private final KnowledgeRetriever retriever;

	private final Router router;

	private final Responder responder;

	private final OutputRailsStage outputRails;

	private final TurnRecorder recorder;

	private final MeterRegistry meters;

	private final DialogueStage dialogue;

	/** A pipeline without tools and conversation signals. */
	public DefaultTurnPipeline(AssistantCatalog assistants, InputRailsStage inputRails,
			QueryUnderstanding understanding, KnowledgeRetriever retriever, Router router, Responder responder,
			OutputRailsStage outputRails, TurnRecorder recorder, MeterRegistry meters) {
		this(assistants, inputRails, understanding, retriever, DialogueStage.none(), router, responder, outputRails,
				recorder, meters);
	}

	public DefaultTurnPipeline(AssistantCatalog assistants, InputRailsStage inputRails,
			QueryUnderstanding understanding, KnowledgeRetriever retriever, DialogueStage dialogue, Router router,
			Responder responder, OutputRailsStage outputRails, TurnRecorder recorder, MeterRegistry meters) {
		this.assistants = assistants;
		this.inputRails = inputRails;
		this.understanding = understanding;
		this.retriever = retriever;
		this.dialogue = dialogue;
		this.router = router;
		this.responder = responder;
		this.outputRails = outputRails;
		this.recorder = recorder;
		this.meters = meters;
	}

	@Override
	public TurnResult run(TurnRequest request) {
		// the rails, the task head and the retrieval query embed the same message: once per turn is enough
		return EmbeddingScope.run(() -> runTurn(request, null));
	}

	/**
	 * The turn with its reply streamed: a generating model's tokens go through the output rails sentence by sentence
	 * ({@link SentenceStreamGuard}), so nothing unchecked is released and a withdrawn reply is retracted.
	 */
	@Override
	public TurnResult run(TurnRequest request, TurnStream stream) {
		return EmbeddingScope.run(() -> runTurn(request, stream));
	}

	private TurnResult runTurn(TurnRequest request, TurnStream stream) {
		long started = System.nanoTime();
		// looked up per turn: an operator's edit applies from the next turn, a disabled assistant takes none
		AssistantDefinition assistant = this.assistants.require(request.assistantId());
		List<DecisionStep> trail = new ArrayList<>();
		List<RailFinding> findings = new ArrayList<>();

		// 1. input rails (the vault keeps redacted values for this turn only, in memory)
		PlaceholderVault vault = new PlaceholderVault();
		RailChainResult input = timed(trail, "input-rails",
				() -> this.inputRails.check(assistant, request.message(), vault), DefaultTurnPipeline::describeRails);
		Set<String> usersOwnValues = vault.placeholders();
		input.verdicts().forEach(applied -> findings.add(finding(applied, "input")));
		String message = input.text();
		boolean stopped = input.outcome() != RailAction.ALLOW && input.outcome() != RailAction.REWRITE;

		// 2. understand
		Understanding understood = stopped ? skip(trail, "understand", Understanding.nothing())
				: timed(trail, "understand",
						() -> this.understanding.understand(assistant, message, request.conversationId()),
						DefaultTurnPipeline::describeUnderstanding);

		// 3. retrieve (what a domain assessor restated, e.g. a description gathered over follow-up questions)
		String searchText = understood.assessment()
			.map(DomainAssessment::searchText)
			.filter(text -> !text.isBlank())
			.orElse(message);
		Retrieval retrieval = stopped ? skip(trail, "retrieve", Retrieval.none())
				: timed(trail, "retrieve", () -> this.retriever.retrieve(assistant, request.tenantId(), searchText),
						DefaultTurnPipeline::describeRetrieval);

		// 4. dialogue: tools and conversation signals (a step in the trail when a tool was involved)
		Dialogue dialogue = stopped ? Dialogue.none() : dialogue(trail, assistant, request, message, understood);

		// 5. route
		RoutingSignals signals = new RoutingSignals(assistant, input, understood, retrieval,
				QueryComplexity.of(message), dialogue);
		RouteDecision routed = timed(trail, "route", () -> this.router.route(signals),
				d -> new String[] { d.route().name(), describeDecision(d) });

		// 6. respond (a generated local answer the router is unsure of is replaced by the route it picks instead)
		ReplyRequest replyRequest = new ReplyRequest(assistant, request.tenantId(), message, routed, retrieval,
				dialogue.tool());
		List<String> sources = ReplySources.of(assistant, message, retrieval, dialogue, understood);
		SentenceStreamGuard guard = null;
		if (stream != null) {
			stream.routed(routed.route());
			guard = this.outputRails.stream(assistant, vault, sources, new SentenceStreamGuard.Listener() {
				@Override
				public void release(String text) {
					stream.release(vault.restore(text, usersOwnValues));
				}

				@Override
				public void retract(String reason) {
					stream.retract(reason);
				}
			});
			// the assessor's preface opens the reply: released before the model's first token
			String preface = preface(understood);
			if (!preface.isEmpty()) {
				guard.append(preface + "\n\n");
			}
		}
		Consumer<String> tokens = guard == null ? null : guard::append;
		Reply reply = timed(trail, "respond", () -> prefaced(respond(replyRequest, signals, trail, tokens), understood),
				DefaultTurnPipeline::describeReply);
		RouteDecision decision = reply.reroute().orElse(replyRequest.decision());

		// 7. output rails (streamed: sentence by sentence as the reply was written, then the whole-reply rails)
		RailChainResult output;
		if (guard == null) {
			output = timed(trail, "output-rails", () -> this.outputRails.check(assistant, reply.text(), vault, sources),
					DefaultTurnPipeline::describeRails);
		}
		else {
			SentenceStreamGuard streaming = guard;
			output = timed(trail, "output-rails", () -> finish(streaming, reply), DefaultTurnPipeline::describeRails);
		}
		output.verdicts().forEach(applied -> findings.add(finding(applied, "output")));
		Route route = decision.route();
		String routeReason = decision.reason();
		String text = output.text();
		List<Citation> citations = reply.citations();
		if (output.outcome() == RailAction.BLOCK || output.outcome() == RailAction.ESCALATE
				|| output.outcome() == RailAction.HANDOFF) {
			// the reply is withdrawn; without a large model an escalation is a hand-off
			AppliedVerdict decisive = output.verdicts().getLast();
			route = output.outcome() == RailAction.BLOCK ? Route.BLOCKED : Route.HANDOFF_HUMAN;
			routeReason = "reply withdrawn by output rail '" + decisive.verdict().rail() + "': "
					+ decisive.verdict().reason();
			text = route == Route.BLOCKED ? assistant.replies().blocked() : assistant.replies().handoff();
			citations = List.of();
			if (stream != null) {
				stream.release(text);
			}
		}
		else if (text.isBlank()) {
			// a rewrite removed every sentence (none was grounded): say so rather than send nothing
			String emptiedBy = output.verdicts()
				.stream()
				.filter(applied -> applied.verdict().detected())
				.reduce((first, second) -> second)
				.map(applied -> "output rail '" + applied.verdict().rail() + "': " + applied.verdict().reason())
				.orElse("the reply was empty");
			route = Route.HANDOFF_HUMAN;
			routeReason = "every sentence of the reply was removed by " + emptiedBy;
			text = assistant.replies().noAnswer();
			citations = List.of();
			if (stream != null) {
				stream.release(text);
			}
		}

		// 8. audit
		String turnId = UUID.randomUUID().toString();
		long latencyMs = (System.nanoTime() - started) / 1_000_000;
		TurnResult result = new TurnResult(turnId, request.conversationId(), assistant.id(), text, citations, route,
				routeReason, reply.model(), findings, trail, latencyMs);
		long auditStarted = System.nanoTime();
		this.recorder.record(request, message, result);
		trail.add(new DecisionStep("audit", "recorded",
				"user message, reply and audit record " + turnId + " stored in one transaction",
				(System.nanoTime() - auditStarted) / 1_000));
		this.dialogue.conclude(assistant, request, dialogue, route);
		long totalNanos = System.nanoTime() - started;
		Timer.builder("tessera.turn")
			.description("Time to answer and record a turn")
			.tag("assistant", assistant.id())
			.tag("route", route.name())
			.register(this.meters)
			.record(java.time.Duration.ofNanos(totalNanos));
		// stored and audited redacted; the user's own values go back into the reply meant for them, never a value
		// redacted from the reply itself
		String delivered = vault.restore(result.text(), usersOwnValues);
		return new TurnResult(turnId, result.conversationId(), result.assistantId(), delivered, result.citations(),
				result.route(), result.routeReason(), result.model(), result.rails(), trail, totalNanos / 1_000_000);
	}

	private Dialogue dialogue(List<DecisionStep> trail, AssistantDefinition assistant, TurnRequest request,
			String message, Understanding understood) {
		long started = System.nanoTime();
		Dialogue read = this.dialogue.read(assistant, request, message, understood);
		if (read.tool().isPresent()) {
			ToolTurn turn = read.tool().get();
			String outcome = turn.binding().tool() + ":" + switch (turn) {
				case ToolTurn.Called called -> called.result().outcome();
				case ToolTurn.NeedsSlots needs -> "needs-slots";
				case ToolTurn.Failed failed -> "failed";
			};
			trail.add(new DecisionStep("tools", outcome, read.description(), (System.nanoTime() - started) / 1_000));
		}
		return read;
	}

	private Reply respond(ReplyRequest replyRequest, RoutingSignals signals, List<DecisionStep> trail,
			Consumer<String> tokens) {
		Reply reply = tokens == null ? this.responder.respond(replyRequest)
				: this.responder.respond(replyRequest, tokens);
		if (reply.generationConfidence().isEmpty()) {
			return reply;
		}
		return this.router.reconsider(signals, replyRequest.decision(), reply.generationConfidence().getAsDouble())
			.map(second -> {
				trail.add(new DecisionStep("route", second.route().name(), "reconsidered: " + describeDecision(second),
						0));
				Reply replaced = this.responder.respond(replyRequest.withDecision(second));
				return replaced.reroute().isPresent() ? replaced
						: new Reply(replaced.text(), replaced.model(), replaced.citations(), replaced.note(),
								java.util.Optional.of(second), replaced.generationConfidence());
			})
			.orElse(reply);
	}

	/**
	 * Brings the guard in line with the reply that stands: what the responder streamed is kept when the reply goes on
	 * from it (a template written whole is appended now); a replaced reply (the model failed, the router reconsidered)
	 * retracts what was shown and is checked afresh.
	 */
	private static RailChainResult finish(SentenceStreamGuard guard, Reply reply) {
		String fed = guard.fed();
		if (reply.text().startsWith(fed)) {
			guard.append(reply.text().substring(fed.length()));
		}
		else {
			guard.restart(reply.note().isEmpty() ? "the reply was replaced" : "the reply was replaced: " + reply.note());
			guard.append(reply.text());
		}
		return guard.finish();
	}

	/** The assessor's preface when it opens the reply (the assessment left the route to the router). */
	private static String preface(Understanding understood) {
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
	private static Reply prefaced(Reply reply, Understanding understood) {
		Optional<DomainAssessment> assessment = understood.assessment();
		RouteDecision taken = reply.reroute().orElse(null);
		if (assessment.isEmpty() || assessment.get().route().isPresent() || assessment.get().preface().isBlank()
				|| (taken != null && taken.route() == Route.BLOCKED)) {
			return reply;
		}
		String note = (reply.note().isEmpty() ? "" : reply.note() + "; ") + "opened with the preface of assessor '"
				+ assessment.get().assessor() + "'";
		return new Reply(assessment.get().preface() + "\n\n" + reply.text(), reply.model(), reply.citations(), note,
				reply.reroute(), reply.generationConfidence());
	}

	private static String describeDecision(RouteDecision decision) {
		return decision.signals().isEmpty() ? decision.reason()
				: decision.reason() + " [signals: " + String.join("; ", decision.signals()) + "]";
	}

	private static String[] describeReply(Reply reply) {
		String detail = "reply written by " + reply.model() + " with " + reply.citations().size() + " citation(s)";
		if (!reply.note().isEmpty()) {
			detail += "; " + reply.note();
		}
		if (reply.reroute().isPresent()) {
			detail += "; route changed to " + reply.reroute().get().route();
		}
		return new String[] { reply.model(), detail };
	}

	private static <T> T timed(List<DecisionStep> trail, String stage, Supplier<T> work,
			java.util.function.Function<T, String[]> describe) {
		long started = System.nanoTime();
		T value = work.get();
		long micros = (System.nanoTime() - started) / 1_000;
		String[] outcomeAndDetail = describe.apply(value);
		trail.add(new DecisionStep(stage, outcomeAndDetail[0], outcomeAndDetail[1], micros));
		return value;
	}

	private static <T> T skip(List<DecisionStep> trail, String stage, T empty) {
		trail.add(new DecisionStep(stage, "skipped", "not run: an input rail stopped the turn", 0));
		return empty;
	}

	private static String[] describeRails(RailChainResult result) {
		if (result.verdicts().isEmpty()) {
			return new String[] { "allow", "no rails configured for this assistant" };
		}
		List<String> parts = result.verdicts()
			.stream()
			.map(applied -> applied.verdict().rail() + ": "
					+ (applied.verdict().detected() ? applied.action().name().toLowerCase(Locale.ROOT) + " ("
							+ applied.verdict().reason() + ")" : "pass"))
			.toList();
		return new String[] { result.outcome().name().toLowerCase(Locale.ROOT), String.join("; ", parts) };
	}

	private static String[] describeUnderstanding(Understanding understood) {
		String intent = understood.intent()
			.map(name -> String.format(Locale.ROOT, "intent %s (%.2f)", name, understood.intentConfidence()))
			.orElse("no task heads trained for this assistant");
		String assessed = understood.assessment().map(a -> "; " + a.describe()).orElse("");
		String[] ruled = understood.matchedRule()
			.map(rule -> new String[] { "rule:" + rule.name(),
					"domain rule '" + rule.name() + "' matched \"" + understood.matchedPhrase() + "\"; " + intent })
			.orElse(new String[] { "no rule", "no domain rule matched; " + intent });
		return understood.assessment()
			.map(a -> new String[] { a.assessor() + ":" + a.outcome(), ruled[1] + assessed })
			.orElse(ruled);
	}

	private static String[] describeRetrieval(Retrieval retrieval) {
		String withheld = retrieval.withheld().isEmpty() ? ""
				: "; withheld " + retrieval.withheld()
					.stream()
					.map(hit -> hit.chunk().documentId() + " \u00a7 " + hit.chunk().section() + " ("
							+ hit.chunk().metadata().getOrDefault(ChunkScreen.WITHHELD_REASON, "held back at ingestion") + ")")
					.toList();
		if (retrieval.hits().isEmpty()) {
			return new String[] { "0 hits", "nothing in the assistant's knowledge matches" + withheld };
		}
		return new String[] { retrieval.hits().size() + " hits",
				String.format(Locale.ROOT, "best: %s \u00a7 %s (%s)%s", retrieval.hits().getFirst().chunk().documentTitle(),
						retrieval.hits().getFirst().chunk().section(), retrieval.describeSupport(), withheld) };
	}

	private static RailFinding finding(AppliedVerdict applied, String direction) {
		return new RailFinding(applied.verdict().rail(), direction, applied.verdict().detected(),
				applied.action().name(), applied.verdict().reason());
	}

}
