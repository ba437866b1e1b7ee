package dev.tessera.guardrails.pii;

/**
 * The kinds of personal data the PII rail finds; the name is the placeholder's prefix ({@code [EMAIL_1]}).
 */
public enum PiiType {

	EMAIL, PHONE, CARD, IBAN, SSN, IP, DATE_OF_BIRTH, PERSON, ADDRESS;

	/** Structured identifiers are validated by a checksum, a library or a fixed format; the others are judged. */
	public boolean structured() {
		return this != PERSON && this != ADDRESS && this != DATE_OF_BIRTH;
	}

}
