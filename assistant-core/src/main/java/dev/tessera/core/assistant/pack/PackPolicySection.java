package dev.tessera.core.assistant.pack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.core.assistant.DomainRule;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.assistant.RoutingPolicy;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailPolicy;
import dev.tessera.guardrails.language.LanguageIdentifier;
import dev.tessera.guardrails.language.LanguageRail;

import static dev.tessera.core.assistant.pack.PackFields.enumValue;
import static dev.tessera.core.assistant.pack.PackFields.probability;
import static dev.tessera.core.assistant.pack.PackFields.required;

/**
 * The policy sections of a pack: {@code rails:} (checked against the rails the application has), {@code rules:} and
 * {@code routing:}.
 */
final class PackPolicySection {

	private final Set<String> knownRails;

	private final Map<String, Set<String>> railLanguages;

	private final java.util.function.BiConsumer<String, Map<String, String>> settingsCheck;

	/**
	 * @param railLanguages the rails a policy may use, each with the languages it reads (empty: any)
	 * @param settingsCheck checks an entry's settings with its rail, throwing {@link IllegalArgumentException}
	 */
	PackPolicySection(Map<String, Set<String>> railLanguages,
			java.util.function.BiConsumer<String, Map<String, String>> settingsCheck) {
		this.railLanguages = Map.copyOf(railLanguages);
		this.knownRails = this.railLanguages.keySet();
		this.settingsCheck = settingsCheck;
	}

	/**
	 * The input rails as listed, each of which must read every served language, with the {@code language} rail (when
	 * the application has it and the pack does not place it itself) set to the pack's {@code languages:} (default
	 * English only) before the first rail that reads a language: after PII redaction, before injection, abuse and
	 * scope.
	 */
	RailPolicy inputPolicy(String file, List<PackFile.RailEntry> entries, PackFile.Languages languages) {
		RailPolicy declared = policy(file, "rails.input", entries);
		java.util.Optional<RailPolicy.Entry> placed = declared.entries()
			.stream()
			.filter(entry -> entry.rail().equals(LanguageRail.NAME))
			.findFirst();
		if (placed.isPresent() && languages != null) {
			throw new InvalidPackException(file, "languages",
					"the pack lists the '" + LanguageRail.NAME + "' rail itself: declare its languages in one place");
		}
		List<String> serves = placed.isPresent() ? List.of(placed.get().settings().getOrDefault("serves", "en"))
				: languages == null || languages.serves() == null || languages.serves().isEmpty() ? List.of("en")
						: languages.serves();
		Set<String> served;
		try {
			served = LanguageRail.served(String.join(",", serves));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidPackException(file, "languages.serves", ex.getMessage());
		}
		for (RailPolicy.Entry entry : declared.entries()) {
			Set<String> reads = this.railLanguages.getOrDefault(entry.rail(), Set.of());
			if (!reads.isEmpty() && !reads.containsAll(served)) {
				throw new InvalidPackException(file, "languages.serves", "the input rail '" + entry.rail()
						+ "' reads " + reads.stream().sorted().toList() + " only: serving " + served
						+ " would let messages past it unread");
			}
		}
		if (placed.isPresent() || !this.knownRails.contains(LanguageRail.NAME)) {
			if (languages != null) {
				throw new InvalidPackException(file, "languages", "needs the '" + LanguageRail.NAME
						+ "' rail, which this application does not have");
			}
			return declared;
		}
		RailAction onOther = languages == null || languages.onOther() == null ? RailAction.BLOCK
				: enumValue(file, "languages.on-other", languages.onOther(), RailAction::valueOf,
						new RailAction[] { RailAction.BLOCK, RailAction.HANDOFF });
		String reply = languages == null || languages.reply() == null || languages.reply().isBlank()
				? otherLanguageReply(served) : languages.reply().strip();
		// before the first rail that reads words of a language; after those that read none (PII redaction), so that
		// what is stored of a refused message is redacted too
		List<RailPolicy.Entry> withLanguage = new ArrayList<>(declared.entries());
		int first = 0;
		while (first < withLanguage.size()
				&& this.railLanguages.getOrDefault(withLanguage.get(first).rail(), Set.of()).isEmpty()) {
			first++;
		}
		withLanguage.add(first, new RailPolicy.Entry(LanguageRail.NAME, onOther,
				Map.of("serves", String.join(",", served), "reply", reply)));
		return new RailPolicy(withLanguage);
	}

	/** "I can only help in English. …", naming the served languages. */
	static String otherLanguageReply(Set<String> served) {
		List<String> names = served.stream().map(LanguageIdentifier::displayName).toList();
		String listed = names.size() == 1 ? names.get(0)
				: String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
		return "I can only help in " + listed + ". Please write your message in " + (names.size() == 1 ? listed
				: "one of these languages") + ".";
	}

	RailPolicy policy(String file, String field, List<PackFile.RailEntry> entries) {
		if (entries == null) {
			return RailPolicy.none();
		}
		List<RailPolicy.Entry> result = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			PackFile.RailEntry entry = entries.get(i);
			String at = field + "[" + i + "]";
			String rail = required(file, at + ".rail", entry.rail());
			if (!this.knownRails.contains(rail)) {
				throw new InvalidPackException(file, at + ".rail",
						"unknown rail '" + rail + "'; known rails: " + this.knownRails.stream().sorted().toList());
			}
			RailAction action = enumValue(file, at + ".on-detect", required(file, at + ".on-detect", entry.onDetect()),
					RailAction::valueOf, RailAction.values());
			try {
				this.settingsCheck.accept(rail, entry.settings() == null ? Map.of() : entry.settings());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidPackException(file, at + ".settings", ex.getMessage());
			}
			result.add(new RailPolicy.Entry(rail, action, entry.settings()));
		}
		return new RailPolicy(result);
	}

	static List<DomainRule> rules(String file, List<PackFile.Rule> rules) {
		if (rules == null) {
			return List.of();
		}
		List<DomainRule> result = new ArrayList<>();
		for (int i = 0; i < rules.size(); i++) {
			PackFile.Rule rule = rules.get(i);
			String at = "rules[" + i + "]";
			String name = required(file, at + ".name", rule.name());
			if (rule.anyOf() == null || rule.anyOf().isEmpty()) {
				throw new InvalidPackException(file, at + ".any-of", "needs at least one phrase");
			}
			Route route = enumValue(file, at + ".route", required(file, at + ".route", rule.route()), Route::valueOf,
					new Route[] { Route.ANSWER_LOCAL, Route.ESCALATE_LLM, Route.HANDOFF_HUMAN });
			result.add(new DomainRule(name, rule.anyOf(), route, required(file, at + ".reason", rule.reason()),
					rule.reply()));
		}
		return result;
	}

	static RoutingPolicy routing(String file, PackFile.Routing routing) {
		RoutingPolicy defaults = RoutingPolicy.defaults();
		if (routing == null) {
			return defaults;
		}
		Route[] deferring = { Route.ESCALATE_LLM, Route.HANDOFF_HUMAN };
		Route onUnsupported = routing.onUnsupported() == null ? defaults.onUnsupported()
				: enumValue(file, "routing.on-unsupported", routing.onUnsupported(), Route::valueOf, deferring);
		Route onComplex = routing.onComplex() == null ? defaults.onComplex()
				: enumValue(file, "routing.on-complex", routing.onComplex(), Route::valueOf, deferring);
		Route onLowConfidence = routing.onLowConfidence() == null ? defaults.onLowConfidence()
				: enumValue(file, "routing.on-low-confidence", routing.onLowConfidence(), Route::valueOf, deferring);
		int maxWords = routing.maxWords() == null ? defaults.maxWords() : routing.maxWords();
		if (maxWords < 1) {
			throw new InvalidPackException(file, "routing.max-words", "must be >= 1, got " + maxWords);
		}
		int maxQuestions = routing.maxQuestions() == null ? defaults.maxQuestions() : routing.maxQuestions();
		if (maxQuestions < 1) {
			throw new InvalidPackException(file, "routing.max-questions", "must be >= 1, got " + maxQuestions);
		}
		PackFile.OperatingPoint point = routing.operatingPoint();
		RoutingPolicy.OperatingPoint operatingPoint = point == null ? RoutingPolicy.OperatingPoint.unmeasured()
				: new RoutingPolicy.OperatingPoint(point.measuredWith(),
						probability(file, "routing.operating-point.local-accuracy", point.localAccuracy()),
						probability(file, "routing.operating-point.escalation-rate", point.escalationRate()),
						point.note());
		return new RoutingPolicy(onUnsupported, maxWords, maxQuestions, onComplex,
				probability(file, "routing.min-head-confidence", routing.minHeadConfidence()),
				probability(file, "routing.min-generation-confidence", routing.minGenerationConfidence()),
				onLowConfidence, operatingPoint, accuracyTarget(file, routing.headAccuracyTarget()));
	}

	private static java.util.OptionalDouble accuracyTarget(String file, Double value) {
		if (value == null) {
			return java.util.OptionalDouble.empty();
		}
		if (!(value > 0.5 && value < 1)) {
			throw new InvalidPackException(file, "routing.head-accuracy-target",
					"must be a local accuracy within (0.5, 1), e.g. 0.97; got " + value);
		}
		return java.util.OptionalDouble.of(value);
	}

}
