package dev.tessera.domains.triage;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.turn.Route;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.domains.DemoPacks;

import static org.assertj.core.api.Assertions.assertThat;

class TriageTurnAssessorTest {

	private static final AssistantDefinition TRIAGE = DemoPacks.pack("medical-triage");

	private final List<String> headSaw = new ArrayList<>();

	private final TriageTurnAssessor assessor = new TriageTurnAssessor(new TriageAssessor(),
			(assistant, head, text) -> {
				this.headSaw.add(assistant + "/" + head + ": " + text);
				return Optional.of(new HeadPrediction("self_care", 0.9, false, List.of()));
			});

	private final List<ChatMessage> conversation = new ArrayList<>();

	private DomainAssessment say(String message) {
		DomainAssessment assessment = this.assessor
			.assess(new AssessmentRequest(TRIAGE, message, this.conversation, TRIAGE.assessor().get().settings()));
		// what the pipeline would store: the message, then the reply (a decided one, or a stand-in answer)
		this.conversation.add(message(ChatMessage.Role.USER, message));
		this.conversation.add(message(ChatMessage.Role.ASSISTANT,
				assessment.reply().isEmpty() ? assessment.preface() + "\n\nFrom our guidance ..." : assessment.reply()
						+ "\n\nThis is general guidance, not a diagnosis."));
		return assessment;
	}

	private ChatMessage message(ChatMessage.Role role, String content) {
		return new ChatMessage("c1", this.conversation.size() + 1, "t", role, content, OffsetDateTime.now());
	}

	@Test
	void an_emergency_is_handed_off_at_once_with_the_reply_that_fits_it() {
		DomainAssessment chest = say("I have chest pain and I'm sweating");

		assertThat(chest.route()).hasValue(Route.HANDOFF_HUMAN);
		assertThat(chest.outcome()).isEqualTo("EMERGENCY");
		assertThat(chest.reasons().getFirst()).startsWith("EMERGENCY red-flag:chest-pain \"chest pain\"");
		assertThat(chest.reply()).startsWith("Chest pain can be a sign of a medical emergency. Call your local"
				+ " emergency number (112 in Europe, 911 in the US) now");

		assertThat(say("I keep thinking about killing myself").reply()).contains("crisis line");
		assertThat(say("she collapsed and is not breathing").reply()).contains("CPR");
	}

	@Test
	void the_emergency_number_comes_from_the_pack_setting() {
		DomainAssessment assessment = this.assessor.assess(new AssessmentRequest(TRIAGE, "I can't breathe", List.of(),
				Map.of(TriageTurnAssessor.EMERGENCY_NUMBER_SETTING, "999")));

		assertThat(assessment.reply()).contains("Call 999 now");
	}

	@Test
	void asks_for_missing_facts_then_advises_once_they_are_given_over_several_turns() {
		DomainAssessment first = say("I have a headache");
		assertThat(first.route()).hasValue(Route.ANSWER_LOCAL);
		assertThat(first.outcome()).isEqualTo("follow-up");
		assertThat(first.reasons().getFirst()).startsWith("follow-up: asks for age, duration, severity");
		assertThat(first.reply()).startsWith(TriageTurnAssessor.FOLLOW_UP_OPENING)
			.contains(MissingFact.AGE.question(), MissingFact.DURATION.question(), MissingFact.SEVERITY.question());

		DomainAssessment second = say("34, it started this morning");
		assertThat(second.outcome()).isEqualTo("follow-up");
		assertThat(second.reply()).contains(MissingFact.SEVERITY.question())
			.doesNotContain(MissingFact.AGE.question(), MissingFact.DURATION.question());

		DomainAssessment third = say("it's mild");
		assertThat(third.route()).as("the router decides: an answer from the knowledge").isEmpty();
		assertThat(third.outcome()).isEqualTo("SELF_CARE");
		assertThat(third.preface()).startsWith("How urgent: this can usually be looked after at home.");
		assertThat(third.searchText()).as("the complaint, without age, duration and severity")
			.isEqualTo("headache");
		assertThat(third.reasons()).contains("description gathered from this message and 2 earlier answer(s)");
		assertThat(this.headSaw.getLast()).startsWith("medical-triage/urgency: I have a headache\n");

		DomainAssessment next = say("What should I do about a sore throat?");
		assertThat(next.outcome()).as("a new question after advice starts afresh").isEqualTo("general-question");
		assertThat(next.searchText()).isEmpty();
	}

	@Test
	void a_red_flag_given_in_an_answer_to_a_follow_up_still_wins() {
		say("my father feels unwell");
		DomainAssessment answer = say("he is 80, since an hour ago, and now his face is drooping");

		assertThat(answer.route()).hasValue(Route.HANDOFF_HUMAN);
		assertThat(answer.reply()).contains("signs of a stroke");
	}

	@Test
	void a_dose_request_is_refused_by_policy() {
		DomainAssessment assessment = say("How much ibuprofen can I give my 3 year old?");

		assertThat(assessment.route()).hasValue(Route.BLOCKED);
		assertThat(assessment.outcome()).isEqualTo("dose-refused");
		assertThat(assessment.reply()).startsWith("I can't advise on which medicine to take or how much")
			.contains("pharmacist");
	}

	@Test
	void a_general_question_goes_to_the_knowledge_without_a_level() {
		DomainAssessment assessment = say("How long does a cold usually last?");

		assertThat(assessment.route()).isEmpty();
		assertThat(assessment.outcome()).isEqualTo("general-question");
		assertThat(assessment.preface()).isEmpty();
	}

	@Test
	void only_answers_to_its_own_follow_up_questions_join_the_description() {
		List<ChatMessage> earlier = List.of(message(ChatMessage.Role.USER, "old topic"),
				message(ChatMessage.Role.ASSISTANT, "From our guidance on Sprains: ..."),
				message(ChatMessage.Role.USER, "I have a rash"),
				message(ChatMessage.Role.ASSISTANT, TriageTurnAssessor.FOLLOW_UP_OPENING + "\n- ..."));

		assertThat(TriageTurnAssessor.gathered(earlier)).containsExactly("I have a rash");
	}

}
