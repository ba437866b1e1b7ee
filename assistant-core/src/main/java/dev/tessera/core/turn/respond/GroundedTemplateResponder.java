package dev.tessera.core.turn.respond;

import java.util.List;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.tool.ToolReplies;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.turn.Citation;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.route.RouteDecision;
import dev.tessera.retrieval.SearchHit;

/**
 * Replies without a generative model: the assistant's answer template filled with the best passage, quoted verbatim
 * and cited, so every word of a local answer comes from the knowledge. A tool turn answered locally gets the pack's
 * reply for the tool's outcome filled with its result (or the follow-up question for missing slots), after the best
 * passage when the pack asks for it and the knowledge supports it. Other routes get their templates.
 */
public final class GroundedTemplateResponder implements Responder {

	public static final String MODEL = "grounded-template";

	@Override
	public Reply respond(ReplyRequest request) {
		RouteDecision decision = request.decision();
		Retrieval retrieval = request.retrieval();
		AssistantDefinition.ReplyTemplates templates = request.assistant().replies();
		if (!decision.reply().isBlank()) {
			return new Reply(decision.reply(), MODEL, List.of());
		}
		if (decision.route() == Route.ANSWER_LOCAL && request.tool().isPresent()) {
			return toolReply(request.tool().get(), templates, retrieval);
		}
		return switch (decision.route()) {
			case ANSWER_LOCAL -> answer(templates.answer(), retrieval);
			case BLOCKED -> new Reply(templates.blocked(), MODEL, List.of());
			case HANDOFF_HUMAN, ESCALATE_LLM ->
				new Reply(decision.knowledgeGap() ? templates.noAnswer() : templates.handoff(), MODEL, List.of());
		};
	}

	private static Reply toolReply(ToolTurn turn, AssistantDefinition.ReplyTemplates templates, Retrieval retrieval) {
		String text = ToolReplies.text(turn);
		// a question the knowledge answers is answered before the tool asks for its details ("Where can I track my
		// parcel?": the tracking passage, then the offer to look the order up)
		boolean cite = turn.binding().citePassage() || turn instanceof ToolTurn.NeedsSlots;
		if (cite && retrieval.supported()) {
			Reply passage = answer(templates.answer(), retrieval);
			return new Reply(passage.text() + "\n\n" + text, MODEL, passage.citations());
		}
		return new Reply(text, MODEL, List.of());
	}

	/** The passages at or above the support threshold, as citations. */
	static List<Citation> citations(Retrieval retrieval) {
		return retrieval.hits()
			.stream()
			.filter(retrieval::supports)
			.map(hit -> new Citation(hit.chunk().documentId(), hit.chunk().documentTitle(), hit.chunk().section(),
					hit.chunk().start(), hit.chunk().end(), hit.score(), hit.chunk().text()))
			.toList();
	}

	private static Reply answer(String template, Retrieval retrieval) {
		SearchHit best = retrieval.hits().getFirst();
		String text = template.replace("{passage}", best.chunk().text())
			.replace("{title}", best.chunk().documentTitle())
			.replace("{section}", best.chunk().section().isEmpty() ? best.chunk().documentTitle()
					: best.chunk().section());
		return new Reply(text, MODEL, citations(retrieval));
	}

}
