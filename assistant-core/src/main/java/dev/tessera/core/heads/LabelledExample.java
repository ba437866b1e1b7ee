package dev.tessera.core.heads;

/**
 * One training or evaluation example for a task head: a text and its label.
 */
public record LabelledExample(String text, String label) {

	public LabelledExample {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("text cannot be null or blank");
		}
		if (label == null || label.isBlank()) {
			throw new IllegalArgumentException("label cannot be null or blank");
		}
		label = label.strip();
	}

}
