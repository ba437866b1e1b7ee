package dev.tessera.domains;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.domains.triage.AcuityModel;
import dev.tessera.domains.triage.ClinicalAdviceRail;
import dev.tessera.domains.triage.TriageAssessor;
import dev.tessera.domains.triage.TriageTurnAssessor;

/**
 * The shipped packs, read as the server reads them: with the rails, the demo store's tools and the domain assessor
 * this module provides.
 */
public final class DemoPacks {

	public static final Set<String> RAILS = Set.of("pii", "prompt-injection", "instruction-override",
			"required-notice", ClinicalAdviceRail.NAME, "grounding", "abusive-language", "scope", "language");

	private DemoPacks() {
	}

	public static AssistantPackReader reader() {
		return new AssistantPackReader(new PathMatchingResourcePatternResolver(), RAILS,
				dev.tessera.domains.store.DemoTools.registry(), Map.of(TriageTurnAssessor.NAME,
						new TriageTurnAssessor(new TriageAssessor(AcuityModel.bundled(), null))
							.settingNames()));
	}

	public static List<AssistantDefinition> all() {
		return reader().readAll(List.of("classpath*:tessera/packs/*/assistant.yaml"));
	}

	public static AssistantDefinition pack(String id) {
		return all().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
	}

}
