package dev.tessera.domains.contract;

/**
 * One clause of a contract: {@code [start, end)} of the contract's text, so a citation can point at the source.
 *
 * @param number how the contract numbers it ("7.2"), or, for text without a number, its section's number or heading
 * ("12", "Governing Law", "preamble"), with the paragraph's position when a section has several ("7 ¶2")
 * @param heading the name of the section it sits in ("Limitation of Liability"), empty when there is none
 * @param start first character, inclusive
 * @param end last character, exclusive
 * @param text exactly the contract's text between start and end
 */
public record Clause(String number, String heading, int start, int end, String text) {

	public Clause {
		if (number == null || number.isBlank()) {
			throw new IllegalArgumentException("number cannot be null or blank");
		}
		if (heading == null) {
			throw new IllegalArgumentException("heading cannot be null");
		}
		if (start < 0 || end <= start) {
			throw new IllegalArgumentException("span must satisfy 0 <= start < end, got [" + start + ", " + end + ")");
		}
		if (text == null || text.length() != end - start) {
			throw new IllegalArgumentException("text must be the " + (end - start) + " characters of the span");
		}
	}

	/** What the clause-type head reads: the section's name gives words the clause itself may not repeat. */
	public String classifiedText() {
		return this.heading.isEmpty() ? this.text : this.heading + ". " + this.text;
	}

}
