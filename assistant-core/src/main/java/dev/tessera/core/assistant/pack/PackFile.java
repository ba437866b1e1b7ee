package dev.tessera.core.assistant.pack;

import java.util.List;
import java.util.Map;

/**
 * The shape of {@code assistant.yaml}, as written (kebab-case keys). Validation happens in
 * {@link AssistantPackReader}, which names the file and field at fault.
 */
record PackFile(String id, String name, String description, Languages languages, Rails rails, List<Rule> rules,
		Retrieval retrieval, Replies replies, Routing routing, List<Tool> tools, HandoffWhen handoffWhen,
		Assessor assessor) {

	record Languages(List<String> serves, String onOther, String reply) {
	}

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
			OperatingPoint operatingPoint, Double headAccuracyTarget) {
	}

	record OperatingPoint(String measuredWith, Double localAccuracy, Double escalationRate, String note) {
	}

	record Replies(String answer, String noAnswer, String handoff, String blocked) {
	}

	// tools and hand-off triggers (see AssistantPackReader's "Tools" section)

	record Tool(String tool, List<String> intents, Double minConfidence, List<String> anyOf, List<Slot> slots,
			String ask, Map<String, String> replies, Map<String, String> settings, Boolean citePassage) {
	}

	record Slot(String name, String type, String pattern, String ask, Boolean personal) {
	}

	record HandoffWhen(Upset upset, Integer failedTurns) {
	}

	record Upset(List<String> intents, Double maxSentiment) {
	}

	record Assessor(String name, Map<String, String> settings) {
	}

}
