package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.core.turn.understand.DomainAssessor;

/**
 * The triage assessment in a chat turn, named {@value #NAME} in a pack's {@code assessor}:
 * <ol>
 * <li>an emergency (red flag, danger-zone vital sign, severe pain, or the acuity model's emergency) is handed to a
 * person at once, with the emergency reply that fits it;</li>
 * <li>a description that cannot be assessed safely (an implausible reading such as "heart rate 990", another
 * language, no words) gets a reply that says so and how to get help, never a level;</li>
 * <li>a request for a medicine dose is refused (route BLOCKED): doses are outside the assistant's policy;</li>
 * <li>a report of symptoms that lacks a fact the level depends on gets one question, the one whose answer would most
 * change the level, beside what to do for now (route ANSWER_LOCAL, outcome {@code follow-up}); at most
 * {@value #MAX_QUESTIONS} questions in a row, each fact asked once;</li>
 * <li>otherwise the router answers from the knowledge as usual, and the reply opens with how urgently to seek care.</li>
 * </ol>
 * The description is the current message together with the messages that answered this assessor's own follow-up
 * questions, so facts given over several turns add up; the knowledge is searched for that description without the
 * words that gave the age, duration and severity.
 * <p>
 * Setting: {@code emergency-number} (how replies name the number to call).
 */
public final class TriageTurnAssessor implements DomainAssessor {

	public static final String NAME = "triage";

	public static final String EMERGENCY_NUMBER_SETTING = "emergency-number";

	static final String DEFAULT_EMERGENCY_NUMBER = "your local emergency number (112 in Europe, 911 in the US)";

	/** How every follow-up reply opens: the way the next turn recognizes that it answered one. */
	static final String FOLLOW_UP_OPENING = "To advise you safely I need to know a little more:";

	/** Questions asked in a row before the assessment advises with what it has. */
	static final int MAX_QUESTIONS = 3;

	/** At most this many earlier messages join the description, so an old topic cannot linger forever. */
	private static final int MAX_GATHERED = 4;

	private final TriageAssessor assessor;

	/** @param assessor the triage itself */
	public TriageTurnAssessor(TriageAssessor assessor) {
		this.assessor = assessor;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Set<String> settingNames() {
		return Set.of(EMERGENCY_NUMBER_SETTING);
	}

	@Override
	public DomainAssessment assess(AssessmentRequest request) {
		List<String> gathered = gathered(request.earlier());
		String description = description(gathered, request.message(), request.earlier());
		TriageAssessment triage = this.assessor.assess(description);
		String number = request.setting(EMERGENCY_NUMBER_SETTING, DEFAULT_EMERGENCY_NUMBER);
		List<String> reasons = reasons(triage, gathered.size());
		if (triage.unreadable().isPresent()) {
			List<String> why = new ArrayList<>(List.of("not assessed: " + triage.unreadable().get()));
			why.addAll(reasons);
			return DomainAssessment.decide(NAME, "unreadable", why, Route.ANSWER_LOCAL,
					TriageReplies.unreadable(triage.unreadable().get(), number));
		}
		if (triage.emergency()) {
			return DomainAssessment.decide(NAME, triage.level().name(), reasons, Route.HANDOFF_HUMAN,
					TriageReplies.emergency(triage.emergencyAdvice(), number));
		}
		if (triage.doseRequest()) {
			List<String> why = new ArrayList<>(List.of("asks for a medicine dose, which this assistant's policy does"
					+ " not give: a pharmacist or doctor does"));
			why.addAll(reasons);
			return DomainAssessment.decide(NAME, "dose-refused", why, Route.BLOCKED, TriageReplies.doseRefusal());
		}
		Optional<MissingFact> question = triage.needsFollowUp() && gathered.size() < MAX_QUESTIONS
				? triage.missing().stream().filter(fact -> !asked(request.earlier(), fact)).findFirst()
				: Optional.empty();
		if (question.isPresent()) {
			List<String> why = new ArrayList<>(List.of("follow-up: asks for "
					+ question.get().name().toLowerCase(Locale.ROOT).replace('_', ' ')
					+ " (of the missing facts, the answer that would most change the level), with provisional level "
					+ triage.level().label()));
			why.addAll(reasons);
			return DomainAssessment.decide(NAME, "follow-up", why, Route.ANSWER_LOCAL,
					TriageReplies.followUp(FOLLOW_UP_OPENING, question.get(), triage.level(), number));
		}
		if (!triage.symptomReport()) {
			// a general question ("how long does a cold last?") is answered from the knowledge, without a level
			return DomainAssessment.proceed(NAME, "general-question", reasons, "", "");
		}
		// the knowledge is searched for the complaint: the whole description without its age, duration and severity
		return DomainAssessment.proceed(NAME, triage.level().name(), reasons, TriageReplies.preface(triage.level()),
				triage.complaint());
	}

	/** Whether one of this assessor's earlier follow-ups in the conversation asked for the fact. */
	private static boolean asked(List<ChatMessage> earlier, MissingFact fact) {
		return earlier.stream().anyMatch(m -> isFollowUp(m) && m.content().contains(fact.question()));
	}

	/**
	 * The user messages that answered this assessor's follow-up questions, oldest first: walking back from the
	 * latest message, each user message counts while the reply after it was a follow-up question. An answer to a
	 * question about age that is a bare number ("34, since yesterday") is read as the age.
	 */
	static List<String> gathered(List<ChatMessage> earlier) {
		List<String> answered = new ArrayList<>();
		for (int i = earlier.size() - 1; i > 0 && answered.size() < MAX_GATHERED; i -= 2) {
			ChatMessage reply = earlier.get(i);
			ChatMessage asked = earlier.get(i - 1);
			if (!isFollowUp(reply) || asked.role() != ChatMessage.Role.USER) {
				break;
			}
			answered.add(withAge(asked.content(), i >= 2 && asksForAge(earlier.get(i - 2))));
		}
		Collections.reverse(answered);
		return answered;
	}

	/** The earlier answers and the message as one description. */
	private static String description(List<String> gathered, String message, List<ChatMessage> earlier) {
		List<String> parts = new ArrayList<>(gathered);
		parts.add(withAge(message, !earlier.isEmpty() && asksForAge(earlier.getLast())));
		return String.join("\n", parts);
	}

	private static boolean isFollowUp(ChatMessage message) {
		return message.role() == ChatMessage.Role.ASSISTANT && message.content().startsWith(FOLLOW_UP_OPENING);
	}

	private static boolean asksForAge(ChatMessage message) {
		return isFollowUp(message) && message.content().contains(MissingFact.AGE.question());
	}

	private static String withAge(String answer, boolean askedForAge) {
		if (!askedForAge) {
			return answer;
		}
		return PatientFacts.bareAge(answer).map(age -> "age " + age + ". " + answer).orElse(answer);
	}

	private static List<String> reasons(TriageAssessment triage, int gathered) {
		List<String> reasons = new ArrayList<>();
		triage.reasons().stream().limit(5).map(TriageReason::describe).forEach(reasons::add);
		if (triage.reasons().size() > 5) {
			reasons.add("and " + (triage.reasons().size() - 5) + " more finding(s)");
		}
		if (!triage.findings().all().isEmpty()) {
			reasons.add("findings: " + String.join("; ", triage.findings().describe()));
		}
		if (gathered > 0) {
			reasons.add("description gathered from this message and " + gathered + " earlier answer(s)");
		}
		return reasons;
	}

}
