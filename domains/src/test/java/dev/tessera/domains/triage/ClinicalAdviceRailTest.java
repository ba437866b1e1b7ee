package dev.tessera.domains.triage;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

class ClinicalAdviceRailTest {

	private final ClinicalAdviceRail rail = new ClinicalAdviceRail();

	private Verdict check(String reply) {
		return this.rail.check(reply, new RailContext("medical-triage", RailContext.Direction.OUTPUT, Map.of()));
	}

	@Test
	void removes_a_dose_and_keeps_the_rest_of_the_reply() {
		Verdict verdict = check("Rest and drink plenty of fluids. Take 400 mg of ibuprofen every 6 hours.\n\n"
				+ "See a doctor if it lasts more than a week.");

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.reason()).isEqualTo("found 1 sentence giving a dose");
		assertThat(verdict.spans()).singleElement().extracting(Verdict.Span::label).isEqualTo("DOSE");
		assertThat(verdict.rewrittenText()).isEqualTo("Rest and drink plenty of fluids. \n\n"
				+ "See a doctor if it lasts more than a week.\n\n" + ClinicalAdviceRail.REMOVED_NOTE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "You probably have tonsillitis.", "It sounds like a migraine.",
			"This is a urinary tract infection.", "Your child has chickenpox.", "You've got the flu.",
			"My diagnosis is a sprain." })
	void removes_a_diagnosis(String sentence) {
		Verdict verdict = check("Thanks for the details. " + sentence + " Drink water.");

		assertThat(verdict.detected()).as(sentence).isTrue();
		assertThat(verdict.reason()).isEqualTo("found 1 sentence stating a diagnosis");
		assertThat(verdict.rewrittenText()).doesNotContain(sentence.substring(0, sentence.length() - 1))
			.contains("Thanks for the details.", "Drink water.");
	}

	@Test
	void a_reply_that_is_all_dose_becomes_the_note() {
		Verdict verdict = check("Give two tablets twice a day.");

		assertThat(verdict.rewrittenText()).isEqualTo(ClinicalAdviceRail.REMOVED_NOTE);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"From our guidance on Sprains:\n\nFor the first two days, rest the joint, apply an ice pack wrapped in a"
					+ " towel for up to 20 minutes every few hours, and keep the limb raised.",
			"A temperature of 38 degrees Celsius or more is a fever. Rest, drink fluids and wear light clothing.",
			"See a doctor if you have an infection that is spreading.",
			"Chest pain can be a sign of a medical emergency. Call your local emergency number now.",
			"These can be signs of a stroke. Call 112 now and note the time the symptoms started.",
			"This is general guidance, not a diagnosis. If you are worried, contact a doctor.",
			"I can't advise on which medicine to take or how much of it. A pharmacist can." })
	void passes_guidance_emergency_replies_and_notices(String reply) {
		Verdict verdict = check(reply);

		assertThat(verdict.detected()).as(reply).isFalse();
		assertThat(verdict.rewrittenText()).isNull();
	}

}
