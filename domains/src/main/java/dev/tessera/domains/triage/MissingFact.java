package dev.tessera.domains.triage;

/**
 * A fact triage would like before it advises, with the plain question that asks for it and two answers, one
 * reassuring and one worrying, that the assessment tries in turn to see how much the answer would change its level.
 */
public enum MissingFact {

	AGE("How old is the person who is unwell?", "age 30.", "age 80."),
	DURATION("When did it start, or how long has it been going on?", "it has been going on for three weeks.",
			"it started suddenly an hour ago."),
	SEVERITY("How bad is it: mild, moderate or severe (or a score from 0 to 10)?", "it is mild, 2 out of 10.",
			"it is very bad, 8 out of 10."),
	MENTAL_STATUS("Is the person fully awake and making sense, or drowsy, confused or hard to wake?",
			"fully awake and alert.", "drowsy and hard to wake."),
	BREATHING("Is the breathing normal, or fast or hard work?", "breathing rate 16.", "breathing rate 28.");

	private final String question;

	private final String reassuring;

	private final String worrying;

	MissingFact(String question, String reassuring, String worrying) {
		this.question = question;
		this.reassuring = reassuring;
		this.worrying = worrying;
	}

	public String question() {
		return this.question;
	}

	String reassuring() {
		return this.reassuring;
	}

	String worrying() {
		return this.worrying;
	}

}
