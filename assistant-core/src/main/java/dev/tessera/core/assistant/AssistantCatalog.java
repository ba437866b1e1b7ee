package dev.tessera.core.assistant;

import java.util.List;
import java.util.Optional;

/**
 * The assistants this server offers.
 */
public interface AssistantCatalog {

	Optional<AssistantDefinition> find(String id);

	/** All assistants, ordered by id. */
	List<AssistantDefinition> all();

}
