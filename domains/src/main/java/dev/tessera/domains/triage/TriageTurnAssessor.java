package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.turn.Route;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.core.turn.understand.DomainAssessor;

/**
 * The triage assessment in a chat turn, named {@value #NAME} in a pack's {@code assessor}:
 * <ol>
 * <li>an emergency (red flag, danger-zone vital sign, severe pain) is handed to a person at once, with the emergency
 * reply that fits it;</li>
 * <li>a request for a medicine dose is refused (route BLOCKED): doses are outside the assistant's policy;</li>
 * <li>a report of symptoms without the person's age, how long, or how bad gets those questions instead of advice
 * (route ANSWER_LOCAL, outcome {@code follow-up}): no guess;</li>
 * <li>otherwise the router answers from the knowledge as usual, and the reply opens with how urgently to seek care.</li>
 * </ol>
 * The description is the current message together with the messages that answered this assessor's own follow-up
 * questions, so facts given over several turns add up; the knowledge is searched for that description without the
 * words that gave the age, duration and severity.
 * <p>
 * Settings: {@code head} (the task head to consult, default {@code urgency}) and {@code emergency-number} (how
 * replies name the number to call).
 */
public final class TriageTurnAssessor implements DomainAssessor {

	public static final String NAME = "triage";

	public static final String HEAD_SETTING = "head";

	public static final String EMERGENCY_NUMBER_SETTING = "emergency-number";

	static final String DEFAULT_EMERGENCY_NUMBER = "your local emergency number (112 in Europe, 911 in the US)";

	/** How every follow-up reply opens: the way the next turn recognizes that it answered one. */
	static final String FOLLOW_UP_OPENING = "To advise you safely I need to know a little more:";

	/** At most this many earlier messages join the description, so an old topic cannot linger forever. */
	private static final int MAX_GATHERED = 4;

	private final TriageAssessor assessor;

	private final UrgencyHead head;

	/**
	 * @param assessor the triage itself
	 * @param head the urgency head of an assistant, when it has one
	 */
	public TriageTurnAssessor(TriageAssessor assessor, UrgencyHead head) {
		this.assessor = assessor;
		this.head = head;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Set<String> settingNames() {
		return Set.of(HEAD_SETTING, EMERGENCY_NUMBER_SETTING);
	}

	@Override
	public DomainAssessment assess(AssessmentRequest request) {
		List<String> gathered = gathered(request.earlier());
		String description = description(gathered, request.message(), request.earlier());
		Optional<HeadPrediction> prediction = this.head.predict(request.assistant().id(),
				request.setting(HEAD_SETTING, "urgency"), description);
		TriageAssessment triage = this.assessor.assess(description, prediction);
		String number = request.setting(EMERGENCY_NUMBER_SETTING, DEFAULT_EMERGENCY_NUMBER);
		List<String> reasons = reasons(triage, gathered.size());
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
		if (triage.needsFollowUp()) {
			List<String> why = new ArrayList<>(List.of("follow-up: asks for "
					+ triage.missing().stream().map(fact -> fact.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
					+ " before advising, instead of guessing"));
			why.addAll(reasons);
			return DomainAssessment.decide(NAME, "follow-up", why, Route.ANSWER_LOCAL,
					TriageReplies.followUp(FOLLOW_UP_OPENING, triage.missing(), number));
		}
		if (!triage.symptomReport()) {
			// a general question ("how long does a cold last?") is answered from the knowledge, without a level
			return DomainAssessment.proceed(NAME, "general-question", reasons, "", "");
		}
		// the knowledge is searched for the complaint: the whole description without its age, duration and severity
		return DomainAssessment.proceed(NAME, triage.level().name(), reasons, TriageReplies.preface(triage.level()),
				triage.complaint());
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
		if (gathered > 0) {
			reasons.add("description gathered from this message and " + gathered + " earlier answer(s)");
		}
		return reasons;
	}

	/**
	 * The urgency head of an assistant, looked up per turn (heads are retrained without a restart).
	 */
	@FunctionalInterface
	public interface UrgencyHead {

		/** What the assistant's head of that name says of the text; empty when it has no such head. */
		Optional<HeadPrediction> predict(String assistantId, String headName, String text);

		static UrgencyHead none() {
			return (assistantId, headName, text) -> Optional.empty();
		}

		/** The heads a {@link TaskHeadService} serves, looked up on every call. */
		static UrgencyHead of(TaskHeadService heads) {
			return (assistantId, headName, text) -> heads.head(assistantId, headName).map(head -> head.predict(text));
		}

	}

}
