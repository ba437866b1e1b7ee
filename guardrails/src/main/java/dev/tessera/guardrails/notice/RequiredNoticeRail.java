package dev.tessera.guardrails.notice;

import java.util.List;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Makes sure a reply carries the notice the assistant's policy requires (e.g. "This is not legal advice."), appending
 * it when missing. Configure the text with the {@code notice} setting.
 */
public final class RequiredNoticeRail implements Rail {

	public static final String NAME = "required-notice";

	@Override
	public String name() {
		return NAME;
	}

	/** A notice belongs to the whole reply, not to each sentence. */
	@Override
	public boolean checksSentences() {
		return false;
	}

	@Override
	public Verdict check(String text, RailContext context) {
		String notice = context.setting("notice", "").strip();
		if (notice.isEmpty() || text.contains(notice)) {
			return Verdict.pass(NAME, notice.isEmpty() ? "no notice configured" : "notice present");
		}
		String amended = text.stripTrailing() + "\n\n" + notice;
		return new Verdict(NAME, true, "notice missing; appended", List.of(), 1.0, amended);
	}

}
