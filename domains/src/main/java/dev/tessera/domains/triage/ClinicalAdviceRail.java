package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.List;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.inference.text.Sentences;

/**
 * The medical output policy: a reply must not diagnose ("you probably have tonsillitis") or give a medicine dose
 * ("take 400 mg every four hours"). Finds the sentences that do; its rewrite removes them and says why, so the rest
 * of the reply (where to seek care, self-care steps) still reaches the person. A pack chooses the action:
 * {@code REWRITE} keeps the rest, {@code BLOCK} or {@code HANDOFF} withdraws the whole reply.
 * <p>
 * It guards what the pack's own templates never say: a large model's answer to an escalated turn, and uploaded
 * documents quoted in a grounded answer.
 * <p>
 * Cost: a sentence split and a few regular expressions per sentence, well under a millisecond for a reply.
 * Limitations: see {@link ClinicalAdvice}; its recall and false-positive rate are not measured, since no labelled set
 * of medical replies is among the development data.
 */
public final class ClinicalAdviceRail implements Rail {

	public static final String NAME = "clinical-advice";

	static final String REMOVED_NOTE = "(Part of this reply was removed: I can't give a diagnosis or medicine doses."
			+ " A doctor or pharmacist can.)";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Verdict check(String text, RailContext context) {
		StringBuilder kept = new StringBuilder();
		List<Verdict.Span> spans = new ArrayList<>();
		int doses = 0;
		int diagnoses = 0;
		for (Sentences.Span span : Sentences.of(text)) {
			int start = span.start();
			int end = span.end();
			String sentence = span.of(text);
			boolean dose = ClinicalAdvice.statesDose(sentence);
			boolean diagnosis = !dose && ClinicalAdvice.statesDiagnosis(sentence);
			if (dose || diagnosis) {
				doses += dose ? 1 : 0;
				diagnoses += diagnosis ? 1 : 0;
				spans.add(new Verdict.Span(start, end, dose ? "DOSE" : "DIAGNOSIS"));
				// keep the line breaks that followed the removed sentence, so paragraphs stay apart
				String trailing = sentence.substring(sentence.stripTrailing().length());
				kept.append(trailing.contains("\n") ? trailing : "");
			}
			else {
				kept.append(sentence);
			}
		}
		if (spans.isEmpty()) {
			return Verdict.pass(NAME, "no diagnosis or dose stated");
		}
		String rest = kept.toString().strip();
		String rewritten = rest.isEmpty() ? REMOVED_NOTE : rest + "\n\n" + REMOVED_NOTE;
		String reason = "found " + describe(doses, "sentence giving a dose", "sentences giving doses")
				+ (doses > 0 && diagnoses > 0 ? " and " : "")
				+ describe(diagnoses, "sentence stating a diagnosis", "sentences stating diagnoses");
		return new Verdict(NAME, true, reason, spans, 1.0, rewritten);
	}

	private static String describe(int count, String one, String many) {
		return count == 0 ? "" : count == 1 ? "1 " + one : count + " " + many;
	}

}
