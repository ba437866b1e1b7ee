package dev.tessera.core.assistant;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fixed set of assistants, typically read from packs at start-up.
 */
public final class DefaultAssistantCatalog implements AssistantCatalog {

	private final Map<String, AssistantDefinition> byId;

	public DefaultAssistantCatalog(List<AssistantDefinition> assistants) {
		Map<String, AssistantDefinition> map = new LinkedHashMap<>();
		assistants.stream().sorted(Comparator.comparing(AssistantDefinition::id)).forEach(assistant -> {
			AssistantDefinition previous = map.putIfAbsent(assistant.id(), assistant);
			if (previous != null) {
				throw new InvalidPackException(assistant.source(), "id", "assistant id '" + assistant.id()
						+ "' is already used by the pack at " + previous.source());
			}
		});
		this.byId = Map.copyOf(map);
		this.ordered = List.copyOf(map.values());
	}

	private final List<AssistantDefinition> ordered;

	@Override
	public Optional<AssistantDefinition> find(String id) {
		return Optional.ofNullable(this.byId.get(id));
	}

	@Override
	public List<AssistantDefinition> all() {
		return this.ordered;
	}

}
