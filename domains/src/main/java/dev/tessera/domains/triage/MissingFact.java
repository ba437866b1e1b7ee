package dev.tessera.domains.triage;

/**
 * A fact triage needs before it advises, with the question that asks for it.
 */
public enum MissingFact {

	AGE("How old is the person who is unwell?"),
	DURATION("When did it start, or how long has it been going on?"),
	SEVERITY("How bad is it: mild, moderate or severe (or a score from 0 to 10)?");

	private final String question;

	MissingFact(String question) {
		this.question = question;
	}

	public String question() {
		return this.question;
	}

}
