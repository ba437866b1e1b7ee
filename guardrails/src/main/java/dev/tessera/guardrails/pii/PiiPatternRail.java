package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Finds personal data and replaces each value with a typed, numbered placeholder such as {@code [EMAIL_1]} or
 * {@code [PERSON_2]}; the same value gets the same placeholder throughout a turn, and the values stay in the turn's
 * {@link dev.tessera.guardrails.PlaceholderVault} so the user's own reply can be restored.
 * <p>
 * Detects (see {@link PiiScanner#standard()}): email addresses, phone numbers (libphonenumber), card numbers (Luhn),
 * IBANs (mod 97), US SSNs (issuance rules), IPv4/IPv6 addresses, dates of birth (a date near a birth cue), person names
 * (gazetteer and cues) and street addresses (street-type patterns).
 * <p>
 * Settings: {@code types} — comma-separated {@link PiiType} names to look for (default all); {@code min-confidence}
 * — findings below it are ignored (default 0; names found by gazetteer alone have 0.6); {@code regions} —
 * comma-separated ISO 3166 regions whose national phone numbers are read, the most likely first (default: North
 * America, the British Isles, Australia, India and Western Europe; numbers with a country code are found whatever
 * the regions).
 * <p>
 * Cost: about ten regular-expression scans and hash look-ups, linear in the text. Limitations: those of each
 * detector; names and addresses are judged, not validated — {@code bench pii} measures them.
 */
public final class PiiPatternRail implements Rail {

	public static final String NAME = "pii";

	private final PiiScanner scanner;

	// the standard scanner per regions setting, built on first use; empty when the scanner was given in code
	private final Map<String, PiiScanner> byRegions;

	/** A rail with its own scanner; the {@code regions} setting does not apply to it. */
	public PiiPatternRail(PiiScanner scanner) {
		this.scanner = scanner;
		this.byRegions = null;
	}

	public PiiPatternRail() {
		this.scanner = PiiScanner.standard();
		this.byRegions = new java.util.concurrent.ConcurrentHashMap<>();
	}

	private PiiScanner scanner(String regions) {
		if (regions.isBlank()) {
			return this.scanner;
		}
		if (this.byRegions == null) {
			throw new IllegalArgumentException("rail setting 'regions' applies to the standard scanner only");
		}
		return this.byRegions.computeIfAbsent(regions.strip().toUpperCase(Locale.ROOT),
				key -> PiiScanner.standard(List.of(key.split("\\s*,\\s*"))));
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public void checkSettings(Map<String, String> settings) {
		types(settings.getOrDefault("types", ""));
		new RailContext(NAME, RailContext.Direction.INPUT, settings).setting("min-confidence", 0.0);
		scanner(settings.getOrDefault("regions", ""));
	}

	@Override
	public Verdict check(String text, RailContext context) {
		Set<PiiType> types = types(context.setting("types", ""));
		double minConfidence = context.setting("min-confidence", 0.0);
		List<PiiFinding> findings = scanner(context.setting("regions", "")).scan(text, types)
			.stream()
			.filter(finding -> finding.confidence() >= minConfidence)
			.toList();
		if (findings.isEmpty()) {
			return Verdict.pass(NAME, "no personal data found");
		}
		StringBuilder redacted = new StringBuilder();
		List<Verdict.Span> spans = new ArrayList<>();
		double confidence = 0;
		int position = 0;
		for (PiiFinding finding : findings) {
			String value = text.substring(finding.start(), finding.end());
			redacted.append(text, position, finding.start())
				.append(context.vault().placeholder(finding.type().name(), value));
			position = finding.end();
			spans.add(new Verdict.Span(finding.start(), finding.end(), finding.type().name()));
			confidence = Math.max(confidence, finding.confidence());
		}
		redacted.append(text, position, text.length());
		return new Verdict(NAME, true, describe(findings), spans, confidence, redacted.toString());
	}

	static Set<PiiType> types(String setting) {
		if (setting.isBlank()) {
			return EnumSet.allOf(PiiType.class);
		}
		Set<PiiType> types = EnumSet.noneOf(PiiType.class);
		for (String name : setting.split(",")) {
			try {
				types.add(PiiType.valueOf(name.strip().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("rail setting 'types' names unknown type '" + name.strip()
						+ "'; known types: " + List.of(PiiType.values()));
			}
		}
		return types;
	}

	private static String describe(List<PiiFinding> findings) {
		Map<PiiType, Integer> counts = new LinkedHashMap<>();
		findings.forEach(finding -> counts.merge(finding.type(), 1, Integer::sum));
		List<String> parts = new ArrayList<>();
		counts.forEach((type, count) -> parts.add(count + " " + type.name()));
		return "found " + String.join(", ", parts);
	}

}
