package dev.tessera.core.testing;

import java.util.Set;

import org.springframework.core.io.ClassPathResource;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.pack.AssistantPackReader;

/**
 * The packs under {@code src/test/resources/packs}.
 */
public final class TestPacks {

	public static final Set<String> RAILS = Set.of("pii", "instruction-override", "required-notice");

	private TestPacks() {
	}

	public static AssistantDefinition faqBot() {
		return read("faq-bot");
	}

	/** The FAQ bot with a routing policy: escalates unsupported and unsure turns, hands complex ones to a person. */
	public static AssistantDefinition routedFaq() {
		return read("routed-faq");
	}

	public static AssistantDefinition read(String pack) {
		return new AssistantPackReader(RAILS).read(new ClassPathResource("packs/" + pack + "/assistant.yaml"));
	}

}
