package dev.tessera.core.turn.dialogue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.tool.AssistantTool;
import dev.tessera.core.tool.ToolBinding;
import dev.tessera.core.tool.ToolCall;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.core.tool.ToolResult;
import dev.tessera.core.tool.ToolSlot;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.RouteProposal.Source;
import dev.tessera.core.turn.Turn;
import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.assistant.HandoffTriggers;
import dev.tessera.core.turn.route.QueryComplexity;
import dev.tessera.core.turn.understand.LexiconSentiment;
import dev.tessera.core.turn.understand.Understanding;

/**
 * The pack's tools and conversation signals:
 * <ol>
 * <li>signals: the message's sentiment, whether it repeats the user's previous message, and the unhelpful turns in a
 * row so far (from {@link ConversationMemory}). A turn is unhelpful when its tool found nothing or had to ask for a
 * detail again, or when the user's next message repeats it;</li>
 * <li>proposals: a person for an upset complaint (one of the pack's complaint intents said with strongly negative
 * sentiment) or for too many unhelpful turns in a row (the pack's {@link HandoffTriggers});</li>
 * <li>no tool runs when an earlier stage's proposal outranks a tool's (a domain rule matched, the assessor decided) or
 * a person will take over anyway: a tool may change data, and the person should decide;</li>
 * <li>the tool: the one whose follow-up question is open (or that found nothing last turn) when the message gives
 * one of its slots, else the first whose phrase is in the message, else the first whose intent the head names;</li>
 * <li>its slots: from this message (as sent, in memory), else from values given earlier in the conversation
 * (memory), else, for values that are not personal, from the stored history; the user's own values are never
 * guessed. Missing ones are asked for; otherwise the tool is called. The tool's turn proposes its route: its answer,
 * the question for what it still needs (unless the message is too complex for a follow-up question), or a person
 * when it failed.</li>
 * </ol>
 */
public final class DefaultDialogueStage implements DialogueStage {

	/** Earlier user messages searched for slot values (newest first). */
	static final int HISTORY_MESSAGES = 10;

	private final ToolRegistry tools;

	private final ConversationMemory memory;

	private final ContextRedactor redactor;

	private final LexiconSentiment sentiment = new LexiconSentiment();

	/**
	 * @param redactor applied to the trail's description of a tool turn, so that nothing personal a tool returns
	 * reaches the audit record
	 */
	public DefaultDialogueStage(ToolRegistry tools, ConversationMemory memory, ContextRedactor redactor) {
		this.tools = tools;
		this.memory = memory;
		this.redactor = redactor;
	}

	@Override
	public Dialogue read(Turn turn, String redactedMessage, Understanding understanding,
			List<RouteProposal> earlierProposals) {
		AssistantDefinition assistant = turn.assistant();
		if (assistant.tools().isEmpty() && !assistant.handoffWhen().any()) {
			return Dialogue.none();
		}
		ConversationMemory.State state = this.memory.recall(turn.request().conversationId());
		List<String> earlier = earlierUserMessages(turn);
		boolean repeated = !earlier.isEmpty() && sameRequest(earlier.getFirst(), redactedMessage);
		ConversationSignals signals = new ConversationSignals(this.sentiment.score(redactedMessage),
				state.failedTurns(), repeated);
		HandoffTriggers triggers = assistant.handoffWhen();
		List<RouteProposal> proposals = new ArrayList<>();
		if (triggers.upset(understanding.intentLabel(), signals.sentiment())) {
			proposals.add(new RouteProposal(Source.CONVERSATION, Route.HANDOFF_HUMAN,
					String.format(Locale.ROOT, "the customer is upset: intent %s with sentiment %.2f (at most %.2f)",
							understanding.intentLabel().get(), signals.sentiment(), triggers.maxSentiment())));
		}
		boolean personTakesOver = RouteProposal.anyOutranks(earlierProposals, Source.TOOL) || !proposals.isEmpty()
				|| triggers.tooManyFailures(state.failedTurns() + (repeated ? 1 : 0));
		Optional<ToolTurn> tool = personTakesOver ? Optional.empty()
				: tool(assistant, turn.request(), redactedMessage, understanding, state, earlier);
		Dialogue dialogue = new Dialogue(tool, signals,
				tool.map(called -> this.redactor.redact(called.describe(), assistant.id())).orElse(""));
		int failed = dialogue.failedTurnsIncludingThis();
		if (triggers.tooManyFailures(failed)) {
			proposals.add(new RouteProposal(Source.CONVERSATION, Route.HANDOFF_HUMAN, failed
					+ " turns in a row did not help (at most " + triggers.maxFailedTurns().getAsInt() + ")"
					+ describeFailures(dialogue)));
		}
		// a follow-up question suits a short request; a long, many-sided message is routed as any other
		boolean complex = QueryComplexity.of(redactedMessage).exceeds(assistant.routing());
		tool.filter(called -> !(complex && called instanceof ToolTurn.NeedsSlots))
			.ifPresent(called -> proposals.add(proposal(called)));
		return dialogue.withProposals(proposals);
	}

	private static RouteProposal proposal(ToolTurn turn) {
		String tool = "tool '" + turn.binding().tool() + "'";
		return switch (turn) {
			case ToolTurn.Called called -> new RouteProposal(Source.TOOL, Route.ANSWER_LOCAL,
					tool + " answered: " + called.result().outcome() + " (" + called.result().reason() + ")");
			case ToolTurn.NeedsSlots needs -> new RouteProposal(Source.TOOL, Route.ANSWER_LOCAL, tool + " needs "
					+ needs.missing().stream().map(ToolSlot::name).toList()
					+ ": asking the user for them rather than guessing");
			case ToolTurn.Failed failedTool -> new RouteProposal(Source.TOOL, Route.HANDOFF_HUMAN,
					tool + " failed (see the tools step), so a person takes over");
		};
	}

	private static String describeFailures(Dialogue dialogue) {
		List<String> parts = new ArrayList<>();
		if (dialogue.signals().repeated()) {
			parts.add("the message repeats the previous one");
		}
		dialogue.tool().filter(turn -> !turn.helped()).ifPresent(turn -> parts.add(switch (turn) {
			case ToolTurn.Called called -> turn.binding().tool() + ": " + called.result().outcome();
			case ToolTurn.NeedsSlots needs -> turn.binding().tool() + " had to ask again for "
					+ needs.missing().stream().map(ToolSlot::name).toList();
			case ToolTurn.Failed failedTool -> turn.binding().tool() + " failed";
		}));
		return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
	}

	@Override
	public void conclude(Turn turn, Dialogue dialogue, Route route) {
		AssistantDefinition assistant = turn.assistant();
		TurnRequest request = turn.request();
		if (assistant.tools().isEmpty() && !assistant.handoffWhen().any()) {
			return;
		}
		ConversationMemory.State before = this.memory.recall(request.conversationId());
		Map<String, String> slots = new LinkedHashMap<>(before.slots());
		Optional<String> pending = Optional.empty();
		Set<String> asked = Set.of();
		if (dialogue.tool().isPresent()) {
			ToolTurn toolTurn = dialogue.tool().get();
			slots.putAll(toolTurn.slots());
			// the question is open only when the reply asked it; after "nothing found" the user is likely to correct
			// one of the values, so the tool waits for any of its slots
			if (toolTurn instanceof ToolTurn.NeedsSlots needs && route == Route.ANSWER_LOCAL) {
				pending = Optional.of(toolTurn.binding().tool());
				asked = needs.missing().stream().map(ToolSlot::name).collect(Collectors.toSet());
			}
			else if (toolTurn instanceof ToolTurn.Called called && !called.result().resolved() && route == Route.ANSWER_LOCAL) {
				pending = Optional.of(toolTurn.binding().tool());
			}
		}
		// a person has the conversation now, or the turn went on normally: the count starts again
		boolean unhelpful = dialogue.signals().repeated()
				|| dialogue.tool().isPresent() && !dialogue.tool().get().helped();
		int failed = route != Route.HANDOFF_HUMAN && route != Route.BLOCKED && unhelpful
				? dialogue.failedTurnsIncludingThis() : 0;
		this.memory.remember(request.conversationId(), new ConversationMemory.State(slots, pending, asked, failed));
	}

	private Optional<ToolTurn> tool(AssistantDefinition assistant, TurnRequest request, String redactedMessage,
			Understanding understanding, ConversationMemory.State state, List<String> earlier) {
		ToolBinding chosen = null;
		String trigger = null;
		if (state.pendingTool().isPresent()) {
			Optional<ToolBinding> pending = binding(assistant, state.pendingTool().get());
			if (pending.isPresent()
					&& pending.get().slots().stream().anyMatch(slot -> slot.find(request.message()).isPresent())) {
				chosen = pending.get();
				trigger = "answer to the open question";
			}
		}
		// a phrase names what the user wants more surely than the head's intent: phrases of every tool first
		for (ToolBinding binding : chosen == null ? assistant.tools() : List.<ToolBinding>of()) {
			Optional<String> matched = binding.triggerPhrase(redactedMessage);
			if (matched.isPresent()) {
				chosen = binding;
				trigger = matched.get();
				break;
			}
		}
		for (ToolBinding binding : chosen == null ? assistant.tools() : List.<ToolBinding>of()) {
			Optional<String> matched = binding.triggerIntent(understanding.intentLabel(),
					understanding.intentConfidence());
			if (matched.isPresent()) {
				chosen = binding;
				trigger = matched.get();
				break;
			}
		}
		if (chosen == null) {
			return Optional.empty();
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (ToolSlot slot : chosen.slots()) {
			slotValue(slot, request.message(), state, earlier).ifPresent(value -> values.put(slot.name(), value));
		}
		List<ToolSlot> missing = chosen.slots().stream().filter(slot -> !values.containsKey(slot.name())).toList();
		if (!missing.isEmpty()) {
			String tool = chosen.tool();
			boolean askedAgain = state.pendingTool().filter(tool::equals).isPresent()
					&& missing.stream().anyMatch(slot -> state.asked().contains(slot.name()));
			return Optional.of(new ToolTurn.NeedsSlots(chosen, trigger, values, missing, askedAgain));
		}
		AssistantTool tool = this.tools.require(chosen.tool());
		try {
			ToolResult result = tool.invoke(new ToolCall(request.tenantId(), assistant.id(), request.conversationId(),
					values, chosen.settings()));
			if (!tool.outcomes().contains(result.outcome())) {
				return Optional.of(new ToolTurn.Failed(chosen, trigger, values, "undeclared outcome '"
						+ result.outcome() + "' (declared: " + tool.outcomes().stream().sorted().toList() + ")"));
			}
			return Optional.of(new ToolTurn.Called(chosen, trigger, values, result));
		}
		catch (RuntimeException ex) {
			return Optional.of(new ToolTurn.Failed(chosen, trigger, values, ex.getClass().getSimpleName()
					+ (ex.getMessage() == null ? "" : ": " + ex.getMessage())));
		}
	}

	private static Optional<String> slotValue(ToolSlot slot, String message, ConversationMemory.State state,
			List<String> earlier) {
		Optional<String> now = slot.find(message);
		if (now.isPresent()) {
			return now;
		}
		String remembered = state.slots().get(slot.name());
		if (remembered != null) {
			return Optional.of(remembered);
		}
		if (slot.personal()) {
			// stored messages hold placeholders, never the value: it must be asked for again
			return Optional.empty();
		}
		return earlier.stream().map(slot::find).flatMap(Optional::stream).findFirst();
	}

	private static Optional<ToolBinding> binding(AssistantDefinition assistant, String tool) {
		return assistant.tools().stream().filter(binding -> binding.tool().equals(tool)).findFirst();
	}

	/** The user's earlier messages (as stored: redacted), newest first. */
	private static List<String> earlierUserMessages(Turn turn) {
		return turn.history()
			.reversed()
			.stream()
			.filter(message -> message.role() == ChatMessage.Role.USER)
			.limit(HISTORY_MESSAGES)
			.map(ChatMessage::content)
			.toList();
	}

	/**
	 * Whether two messages ask the same: equal once case and punctuation are ignored, or, for messages of three words
	 * or more, sharing at least 80% of their distinct words.
	 */
	static boolean sameRequest(String previous, String current) {
		Set<String> a = words(previous);
		Set<String> b = words(current);
		if (a.isEmpty() || b.isEmpty()) {
			return false;
		}
		if (a.equals(b)) {
			return true;
		}
		if (a.size() < 3 || b.size() < 3) {
			return false;
		}
		Set<String> shared = new HashSet<>(a);
		shared.retainAll(b);
		Set<String> all = new HashSet<>(a);
		all.addAll(b);
		return shared.size() >= 0.8 * all.size();
	}

	private static Set<String> words(String text) {
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
			.filter(word -> !word.isEmpty())
			.collect(Collectors.toSet());
	}

}
