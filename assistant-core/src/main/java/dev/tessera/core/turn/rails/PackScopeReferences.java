package dev.tessera.core.turn.rails;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.guardrails.scope.ScopeReferences;

/**
 * An assistant's scope read from its pack: in scope are its description, the examples of its heads
 * ({@code examples/*.csv}, every label but {@code out_of_scope}) and the section titles of its knowledge; the
 * {@code out_of_scope} rows are what it is not for. The turns of {@code examples/routes.csv} are left out: they are
 * what the scope is measured on. Read once per version of the assistant.
 */
public final class PackScopeReferences implements ScopeReferences {

	private final Supplier<AssistantCatalog> assistants;

	private final PackExamples examples;

	private final Map<String, Read> cache = new ConcurrentHashMap<>();

	/**
	 * @param assistants the catalog, looked up when first needed (the catalog checks that the rails its packs name
	 * exist, so it is made after them)
	 */
	public PackScopeReferences(Supplier<AssistantCatalog> assistants, PackExamples examples) {
		this.assistants = assistants;
		this.examples = examples;
	}

	@Override
	public Reference of(String assistantId) {
		AssistantDefinition assistant = this.assistants.get().require(assistantId);
		return this.cache
			.compute(assistantId, (id, known) -> known != null && known.assistant().equals(assistant) ? known
					: new Read(assistant, read(assistant, this.examples.read(assistant))))
			.reference();
	}

	/** The references of an assistant with the given examples (head name to examples). */
	public static Reference read(AssistantDefinition assistant, Map<String, TrainingSet> heads) {
		List<String> inScope = new ArrayList<>();
		List<String> outOfScope = new ArrayList<>();
		inScope.add(assistant.description());
		for (TrainingSet set : heads.values()) {
			for (LabelledExample example : set.examples()) {
				(HeadTrainingOptions.OUT_OF_SCOPE.equals(example.label()) ? outOfScope : inScope).add(example.text());
			}
		}
		for (AssistantDefinition.KnowledgeDocument document : assistant.knowledge()) {
			inScope.add(document.title());
			document.content()
				.lines()
				.filter(line -> line.startsWith("#"))
				.map(line -> line.replaceFirst("^#+\\s*", "").strip())
				.filter(title -> !title.isEmpty())
				.forEach(inScope::add);
		}
		inScope.removeIf(String::isBlank);
		return new Reference(inScope.stream().distinct().toList(), outOfScope.stream().distinct().toList());
	}

	private record Read(AssistantDefinition assistant, Reference reference) {
	}

}
