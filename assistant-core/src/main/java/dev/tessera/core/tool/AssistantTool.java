package dev.tessera.core.tool;

import java.util.List;
import java.util.Set;

/**
 * A named action an assistant can take for the user, such as looking up an order, written in Java and registered as a
 * Spring bean. Packs call it by {@link #name()} from their {@code tools:} section, which says which intents or
 * phrases call it, how its slots are found in the conversation and which reply each outcome gets; the pack reader
 * refuses a pack naming a tool that is not registered, a slot the pack cannot fill, or an outcome without a reply.
 * <p>
 * The pipeline calls a tool only when every slot in {@link #slots()} has a value; otherwise the reply asks the user
 * for the missing ones (no guessing). A tool answers with a {@link ToolResult}: an outcome from {@link #outcomes()},
 * fields for the reply template, and a reason for the decision trail. Personal values (an email) reach the tool as
 * given; the trail and audit record only say that they were given.
 * <p>
 * Tools must not throw for expected situations (nothing found, not allowed): those are outcomes. An exception is
 * treated as a failure and the turn goes to a person.
 */
public interface AssistantTool {

	/** The name packs use, lower-case letters, digits and dashes, e.g. {@code order-status}. */
	String name();

	/** The slots the tool needs, all required, e.g. {@code order-number}, {@code email}. */
	List<String> slots();

	/** Every outcome {@link #invoke} can return; a pack must have a reply for each. */
	Set<String> outcomes();

	/**
	 * The fields a result may carry, which reply templates may name; empty when the tool does not declare them (then
	 * templates are not checked).
	 */
	default Set<String> fields() {
		return Set.of();
	}

	ToolResult invoke(ToolCall call);

}
