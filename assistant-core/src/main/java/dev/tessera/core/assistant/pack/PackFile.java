package dev.tessera.core.assistant.pack;

import java.util.List;
import java.util.Map;

/**
 * The shape of {@code assistant.yaml}, as written (kebab-case keys). Validation happens in
 * {@link AssistantPackReader}, which names the file and field at fault.
 */
record PackFile(String id, String name, String description, Rails rails, List<Rule> rules, Retrieval retrieval,
		Replies replies, Routing routing, Assessor assessor) {

	record Rails(List<RailEntry> input, List<RailEntry> output) {
	}

	record RailEntry(String rail, String onDetect, Map<String, String> settings) {
	}

	record Rule(String name, List<String> anyOf, String route, String reason, String reply) {
	}

	record Retrieval(Integer topK, Double minScore, Double minSimilarity) {
	}

	record Routing(String onUnsupported, Integer maxWords, Integer maxQuestions, String onComplex,
			Double minHeadConfidence, Double minGenerationConfidence, String onLowConfidence,
			OperatingPoint operatingPoint) {
	}

	record OperatingPoint(String measuredWith, Double localAccuracy, Double escalationRate, String note) {
	}

	record Replies(String answer, String noAnswer, String handoff, String blocked) {
	}

	record Assessor(String name, Map<String, String> settings) {
	}

}
