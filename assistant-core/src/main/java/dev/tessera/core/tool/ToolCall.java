package dev.tessera.core.tool;

import java.util.Map;
import java.util.Objects;

/**
 * One call of a tool.
 *
 * @param tenantId the tenant of the conversation: a tool reads and writes that tenant's data only
 * @param assistantId the assistant calling
 * @param conversationId the conversation the call is made in
 * @param slots a value for every slot the tool needs, as the user gave it (personal values included: keep them in
 * memory, never log them)
 * @param settings the pack's {@code settings} for this tool, e.g. a return window
 */
public record ToolCall(String tenantId, String assistantId, String conversationId, Map<String, String> slots,
		Map<String, String> settings) {

	public ToolCall {
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(assistantId, "assistantId cannot be null");
		Objects.requireNonNull(conversationId, "conversationId cannot be null");
		slots = Map.copyOf(slots);
		settings = settings == null ? Map.of() : Map.copyOf(settings);
	}

	/** The value of a slot the tool declared. */
	public String slot(String name) {
		String value = this.slots.get(name);
		if (value == null) {
			throw new IllegalArgumentException("no value for slot '" + name + "'; given: " + this.slots.keySet());
		}
		return value;
	}

	/** A setting, or the default when the pack sets none. */
	public String setting(String name, String defaultValue) {
		return this.settings.getOrDefault(name, defaultValue);
	}

}
