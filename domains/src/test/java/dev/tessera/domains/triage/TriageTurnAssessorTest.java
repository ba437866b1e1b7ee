package dev.tessera.domains.triage;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.domains.DemoPacks;

import static org.assertj.core.api.Assertions.assertThat;

class TriageTurnAssessorTest {

	private static final AssistantDefinition TRIAGE = DemoPacks.pack("medical-triage");

	private final TriageTurnAssessor assessor = new TriageTurnAssessor(new TriageAssessor(AcuityModel.bundled(), null));

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
	void asks_one_question_at_a_time_never_twice_and_then_advises_with_what_it_has() {
		List<String> asked = new ArrayList<>();
		DomainAssessment reply = say("I have a headache");
		while ("follow-up".equals(reply.outcome())) {
			assertThat(reply.route()).hasValue(Route.ANSWER_LOCAL);
			assertThat(reply.reply()).startsWith(TriageTurnAssessor.FOLLOW_UP_OPENING).contains("For now: How urgent:");
			List<String> questions = java.util.Arrays.stream(MissingFact.values())
				.map(MissingFact::question)
				.filter(reply.reply()::contains)
				.toList();
			assertThat(questions).as("one question per reply").hasSize(1);
			assertThat(asked).as("never the same question twice").doesNotContain(questions.getFirst());
			asked.add(questions.getFirst());
			assertThat(reply.reasons().getFirst()).startsWith("follow-up: asks for ")
				.contains("with provisional level");
			reply = say(answerTo(questions.getFirst()));
		}
		assertThat(asked).as("at most three questions in a row").hasSizeBetween(1, TriageTurnAssessor.MAX_QUESTIONS);
		assertThat(reply.route()).as("the router decides: an answer from the knowledge").isEmpty();
		assertThat(UrgencyLevel.fromLabel(reply.outcome())).as("advice comes with a level").isPresent();
		assertThat(reply.preface()).startsWith("How urgent:");
		assertThat(reply.searchText()).as("the complaint, without age, duration and severity").contains("headache");
		assertThat(reply.reasons()).anyMatch(r -> r.startsWith("description gathered from this message and "));

		DomainAssessment next = say("What should I do about a sore throat?");
		assertThat(next.outcome()).as("a new question after advice starts afresh").isEqualTo("general-question");
		assertThat(next.searchText()).isEmpty();
	}

	private static String answerTo(String question) {
		if (question.equals(MissingFact.AGE.question())) {
			return "34";
		}
		if (question.equals(MissingFact.DURATION.question())) {
			return "it started this morning";
		}
		if (question.equals(MissingFact.SEVERITY.question())) {
			return "it's mild";
		}
		if (question.equals(MissingFact.MENTAL_STATUS.question())) {
			return "I'm fully awake and alert";
		}
		return "my breathing is normal";
	}

	@Test
	void a_reading_no_one_can_have_or_another_language_gets_no_level() {
		DomainAssessment typo = say("I'm 40, my heart rate is 990 and I feel dizzy");
		assertThat(typo.outcome()).isEqualTo("unreadable");
		assertThat(typo.route()).hasValue(Route.ANSWER_LOCAL);
		assertThat(typo.reply()).contains("can't be right", "heart rate is 990", "won't guess")
			.doesNotContain("How urgent");

		DomainAssessment german = say("Ich habe seit gestern starke Kopfschmerzen und mir ist schwindelig");
		assertThat(german.outcome()).isEqualTo("unreadable");
		assertThat(german.reply()).contains("English", "won't guess", "emergency number");
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
