package dev.tessera.domains.triage;

/**
 * What the triage assistant says when the assessment decides: the emergency replies (what to do while help comes,
 * without a diagnosis or a dose), the follow-up questions, the dose refusal, and how each level opens a reply.
 */
final class TriageReplies {

	private static final String ALERTED = " A nurse has been alerted to this conversation.";

	private TriageReplies() {
	}

	static String emergency(EmergencyAdvice advice, String number) {
		return switch (advice) {
			case SELF_HARM -> "I'm really sorry you're feeling this way. Please call " + number
					+ " or a crisis line now; you don't have to go through this alone." + ALERTED;
			case CHEST_PAIN -> "Chest pain can be a sign of a medical emergency. Call " + number
					+ " now, and sit down and rest while you wait." + ALERTED;
			case BREATHING -> "Difficulty breathing is a medical emergency. Call " + number
					+ " now, and sit upright while you wait." + ALERTED;
			case STROKE -> "These can be signs of a stroke. Call " + number
					+ " now and note the time the symptoms started." + ALERTED;
			case BLEEDING -> "This is a medical emergency. Call " + number
					+ " now. If there is heavy bleeding, press firmly on the wound with a clean cloth and keep pressing."
					+ ALERTED;
			case SEVERE_ALLERGY -> "This may be a severe allergic reaction. Call " + number
					+ " now. If the person has their own adrenaline auto-injector, it should be used as its"
					+ " instructions say." + ALERTED;
			case UNCONSCIOUS -> "This is a medical emergency. Call " + number
					+ " now. If the person is not breathing normally, the call handler will tell you how to start CPR."
					+ ALERTED;
			case POISONING -> "This is a medical emergency. Call " + number
					+ " now, and keep the packet or bottle to show the paramedics." + ALERTED;
			case GENERAL -> "This needs medical attention straight away. Call " + number
					+ " now or go to the nearest emergency department." + ALERTED;
		};
	}

	/** One question, what to do in the meantime, and the signs that mean not to wait for the answer. */
	static String followUp(String opening, MissingFact question, UrgencyLevel provisional, String number) {
		return opening + "\n\n" + question.question() + "\n\nFor now: " + preface(provisional)
				+ "\n\nIf there is chest pain, difficulty breathing, heavy bleeding, fainting, or sudden weakness or"
				+ " confusion, don't wait for my answer: call " + number + " now.";
	}

	/** Why no level is given, and how to get help anyway: never a guess presented as an assessment. */
	static String unreadable(String why, String number) {
		String ask = why.startsWith("a reading")
				? "One of the readings can't be right (" + why.substring("a reading no living person can have: ".length(),
						why.indexOf(';')) + "). Please check it and tell me again."
				: why.contains("English") ? "I can only assess descriptions written in English. Please describe the"
						+ " problem in English, or contact a doctor or nurse directly."
				: why.contains("longer than") ? "That is more than I can read at once. Please tell me the main problem in"
						+ " a few sentences: what is wrong, how old the person is, and since when."
						: "Please describe the problem in a few words: what is wrong, how old the person is, and"
								+ " since when.";
		return ask + " I won't guess how urgent it is without reading it properly. If the person seems very unwell,"
				+ " call " + number + " now.";
	}

	static String doseRefusal() {
		return "I can't advise on which medicine to take or how much of it. A pharmacist or doctor can tell you the"
				+ " right dose for the person's age and weight, and the leaflet in the pack says the most that may be"
				+ " taken. If you tell me the symptoms, the person's age, how long it has been going on and how bad it"
				+ " is, I can tell you how urgently to seek care.";
	}

	static String preface(UrgencyLevel level) {
		return switch (level) {
			case EMERGENCY -> "How urgent: an emergency. Call your local emergency number now.";
			case URGENT -> "How urgent: see a doctor today. Contact your doctor, an urgent care service or, if you"
					+ " cannot reach one, an emergency department.";
			case ROUTINE -> "How urgent: not an emergency. Book a routine appointment with your doctor, sooner if it"
					+ " gets worse.";
			case SELF_CARE -> "How urgent: this can usually be looked after at home. A pharmacist can advise, and see a"
					+ " doctor if it gets worse or does not improve.";
		};
	}

}
