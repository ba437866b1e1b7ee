package dev.tessera.core.assistant;

import java.util.List;
import java.util.Optional;

/**
 * The assistants this server offers. Entries may change at run time (an operator edits or disables an assistant), so
 * callers look an assistant up per turn rather than keeping the definition.
 */
public interface AssistantCatalog {

	/** The assistant, if it exists and takes turns (not disabled). */
	Optional<AssistantDefinition> find(String id);

	/** All assistants that take turns, ordered by id. */
	List<AssistantDefinition> all();

	/**
	 * All assistants including disabled ones, ordered by id: for work done once for every assistant (indexing
	 * knowledge, training heads), so that enabling one later finds it ready.
	 */
	default List<AssistantDefinition> allIncludingDisabled() {
		return all();
	}

	/** Whether the assistant exists but is disabled. */
	default boolean isDisabled(String id) {
		return false;
	}

	/**
	 * The assistant that takes turns, or {@link AssistantDisabledException} when it is disabled, or
	 * {@link UnknownAssistantException} naming the ones that exist.
	 */
	default AssistantDefinition require(String id) {
		return find(id).orElseThrow(() -> isDisabled(id) ? new AssistantDisabledException(id)
				: new UnknownAssistantException(id, all().stream().map(AssistantDefinition::id).toList()));
	}

}
