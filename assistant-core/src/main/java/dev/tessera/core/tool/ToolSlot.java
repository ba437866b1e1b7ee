package dev.tessera.core.tool;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.guardrails.pii.EmailDetector;
import dev.tessera.guardrails.pii.PiiFinding;

/**
 * How a pack finds one slot's value in what the user wrote, and how it asks for it when it is missing.
 *
 * @param name the slot's name, as the tool declares it, e.g. {@code order-number}
 * @param type how the value is found
 * @param pattern for {@link Type#PATTERN}: a regular expression; the value is its first group, or the whole match
 * when it has none. Null for other types.
 * @param ask how the reply names the slot when asking for it, e.g. "your order number"
 * @param personal whether the value is personal data: it is never written to the trail or audit record, and reply
 * templates may not show it
 */
public record ToolSlot(String name, Type type, Pattern pattern, String ask, boolean personal) {

	/** How a slot's value is found. */
	public enum Type {

		/** An email address, found as the {@code pii} rail finds one; personal. */
		EMAIL,
		/** The pack's regular expression. */
		PATTERN

	}

	private static final EmailDetector EMAILS = new EmailDetector();

	public ToolSlot {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("name cannot be null or empty");
		}
		Objects.requireNonNull(type, "type cannot be null");
		if (type == Type.PATTERN && pattern == null) {
			throw new IllegalArgumentException("slot '" + name + "' of type PATTERN needs a pattern");
		}
		if (ask == null || ask.isBlank()) {
			throw new IllegalArgumentException("slot '" + name + "' needs an ask phrase");
		}
	}

	/** The slot's value in the text, if the text holds one (the first one). */
	public Optional<String> find(String text) {
		return switch (this.type) {
			case EMAIL -> EMAILS.find(text)
				.stream()
				.findFirst()
				.map((PiiFinding finding) -> text.substring(finding.start(), finding.end()));
			case PATTERN -> {
				Matcher matcher = this.pattern.matcher(text);
				if (!matcher.find()) {
					yield Optional.empty();
				}
				String value = matcher.groupCount() > 0 && matcher.group(1) != null ? matcher.group(1)
						: matcher.group();
				yield value.isBlank() ? Optional.empty() : Optional.of(value.strip());
			}
		};
	}

	/** The value as it may appear in the decision trail. */
	public String describe(String value) {
		return this.personal ? "(personal, given)" : value;
	}

}
