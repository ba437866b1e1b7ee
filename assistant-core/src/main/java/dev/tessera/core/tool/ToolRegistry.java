package dev.tessera.core.tool;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tools an application registered, by name. Packs may only name these.
 */
public final class ToolRegistry {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private final Map<String, AssistantTool> tools;

	public ToolRegistry(Collection<? extends AssistantTool> tools) {
		Map<String, AssistantTool> byName = new LinkedHashMap<>();
		for (AssistantTool tool : tools) {
			if (tool.name() == null || !NAME.matcher(tool.name()).matches()) {
				throw new IllegalArgumentException("tool " + tool.getClass().getName()
						+ " must be named with lower-case letters, digits and dashes, got '" + tool.name() + "'");
			}
			if (byName.putIfAbsent(tool.name(), tool) != null) {
				throw new IllegalArgumentException("two tools are named '" + tool.name() + "'");
			}
			if (tool.outcomes().isEmpty()) {
				throw new IllegalArgumentException("tool '" + tool.name() + "' declares no outcomes");
			}
		}
		this.tools = Map.copyOf(byName);
	}

	public static ToolRegistry empty() {
		return new ToolRegistry(List.of());
	}

	public Optional<AssistantTool> find(String name) {
		return Optional.ofNullable(this.tools.get(name));
	}

	public AssistantTool require(String name) {
		return find(name).orElseThrow(() -> new IllegalStateException(
				"no tool named '" + name + "' is registered; registered tools: " + names()));
	}

	/** Names of the registered tools, sorted. */
	public List<String> names() {
		return this.tools.keySet().stream().sorted().toList();
	}

}
