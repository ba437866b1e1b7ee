package dev.tessera.core.turn.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.tool.ToolReplies;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.turn.dialogue.Dialogue;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.understand.Understanding;
import dev.tessera.guardrails.RailPolicy;

/**
 * What a turn's reply may rest on, for output rails that check a reply against its sources (grounding): the
 * retrieved passages, a tool's result, what the user said (a reply may repeat it), and the assistant's own configured
 * wording (reply templates, a tool's replies
 * and question, a domain assessment's reply and preface, the notices of its policy, what an input rail that stops a
 * message replies). A sentence of the reply that none
 * of these supports was made up.
 */
public final class ReplySources {

	private ReplySources() {
	}

	public static List<String> of(AssistantDefinition assistant, String message, Retrieval retrieval,
			Dialogue dialogue, Understanding understood) {
		List<String> sources = new ArrayList<>();
		sources.add(message);
		retrieval.hits().forEach(hit -> {
			sources.add(hit.chunk().text());
			// a template names the passage's document and section
			sources.add(hit.chunk().documentTitle() + ": " + hit.chunk().section());
		});
		dialogue.tool().ifPresent(turn -> {
			sources.add(turn.binding().ask());
			sources.addAll(turn.binding().replies().values());
			// the values the conversation gave the tool (an order number said two turns ago) and what it found, with
			// the values derived from them; in memory only
			Map<String, String> fields = turn instanceof ToolTurn.Called called ? called.result().fields() : Map.of();
			ToolReplies.values(turn.binding(), turn.slots(), fields)
				.forEach((name, value) -> sources.add(name + ": " + value));
			if (turn instanceof ToolTurn.Called called) {
				sources.add(called.result().reason());
			}
			sources.add(ToolReplies.text(turn));
		});
		understood.assessment().ifPresent(assessment -> {
			sources.add(assessment.reply());
			sources.add(assessment.preface());
		});
		understood.matchedRule().ifPresent(rule -> sources.add(rule.reply()));
		AssistantDefinition.ReplyTemplates replies = assistant.replies();
		sources.addAll(List.of(replies.answer(), replies.noAnswer(), replies.handoff(), replies.blocked()));
		for (RailPolicy.Entry entry : assistant.inputRails().entries()) {
			String reply = entry.settings().get("reply");
			if (reply != null) {
				sources.add(reply);
			}
		}
		for (RailPolicy.Entry entry : assistant.outputRails().entries()) {
			String notice = entry.settings().get("notice");
			if (notice != null) {
				sources.add(notice);
			}
		}
		sources.removeIf(text -> text == null || text.isBlank());
		return List.copyOf(sources);
	}

}
