package dev.tessera.guardrails.language;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Stops a message written in a language the assistant does not serve, before any rail, model or search reads it: the
 * other rails and the encoder read the served languages only, so a message in another language would pass them
 * unread. Detected when the {@link LanguageIdentifier} is sure enough that the message is in another language: every
 * served language's relative confidence is below {@code max-served-confidence}. Short or mixed messages
 * ("iPhone 15 Pro 256GB", a name, an order number) are not judged and pass.
 * <p>
 * Settings: {@code serves} — comma-separated ISO 639-1 codes (default {@code en}); {@code max-served-confidence}
 * (default {@value #DEFAULT_MAX_SERVED_CONFIDENCE}, chosen on development data: see {@code bench language}). Packs
 * declare their languages in {@code languages:}, and the pack reader puts this rail
 * after the rails that read no language (PII redaction) and before the first that does.
 */
public final class LanguageRail implements Rail {

	public static final String NAME = "language";

	/** At or above this relative confidence a served language is too likely for the message to be refused. */
	public static final double DEFAULT_MAX_SERVED_CONFIDENCE = 0.85;

	private final LanguageIdentifier identifier;

	// the parsed and checked "serves" setting of each policy, kept rather than parsed per message
	private final java.util.Map<String, Set<String>> servedBySetting = new java.util.concurrent.ConcurrentHashMap<>();

	public LanguageRail(LanguageIdentifier identifier) {
		this.identifier = identifier;
	}

	public LanguageRail() {
		this(new LanguageIdentifier());
	}

	@Override
	public String name() {
		return NAME;
	}

	/** It judges the whole message, not sentence by sentence. */
	@Override
	public boolean checksSentences() {
		return false;
	}

	@Override
	public void checkSettings(java.util.Map<String, String> settings) {
		served(settings.getOrDefault("serves", "en"));
		new RailContext(NAME, RailContext.Direction.INPUT, settings).setting("max-served-confidence",
				DEFAULT_MAX_SERVED_CONFIDENCE);
	}

	@Override
	public Verdict check(String text, RailContext context) {
		Set<String> served = this.servedBySetting.computeIfAbsent(context.setting("serves", "en"), LanguageRail::served);
		double maxServed = context.setting("max-served-confidence", DEFAULT_MAX_SERVED_CONFIDENCE);
		Optional<LanguageIdentifier.Identification> identified = this.identifier.identify(text, served);
		if (identified.isEmpty()) {
			return Verdict.pass(NAME, "too little text to tell its language");
		}
		LanguageIdentifier.Identification identification = identified.get();
		double servedConfidence = served.stream().mapToDouble(identification::of).max().orElse(0);
		String language = identification.language();
		if (served.contains(language) || servedConfidence >= maxServed) {
			return Verdict.pass(NAME, "written in " + LanguageIdentifier.displayName(
					served.contains(language) ? language : served.iterator().next()));
		}
		String reason = String.format(Locale.ROOT, "written in %s (%s), not in a language this assistant serves (%s;"
				+ " confidence of those %.2f < %.2f)", LanguageIdentifier.displayName(language), language,
				String.join(", ", served), servedConfidence, maxServed);
		return new Verdict(NAME, true, reason, List.of(), 1 - servedConfidence, null);
	}

	/** The served languages of a {@code serves} setting, checked: each must be a language the identifier knows. */
	public static Set<String> served(String setting) {
		Set<String> served = Arrays.stream(setting.split(","))
			.map(code -> code.strip().toLowerCase(Locale.ROOT))
			.filter(code -> !code.isEmpty())
			.collect(Collectors.toCollection(LinkedHashSet::new));
		if (served.isEmpty()) {
			throw new IllegalArgumentException("rail setting 'serves' names no language");
		}
		for (String code : served) {
			if (!LanguageIdentifier.knows(code)) {
				throw new IllegalArgumentException("rail setting 'serves' names unknown language '" + code
						+ "': use ISO 639-1 codes (en, de, fr, …)");
			}
		}
		return served;
	}

	/** Loads the models ahead of the first message. */
	public void warmUp(Set<String> served) {
		this.identifier.warmUp(served);
	}

}
