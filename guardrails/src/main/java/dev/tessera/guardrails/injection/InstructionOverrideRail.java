package dev.tessera.guardrails.injection;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Detects the common phrasings of prompt injection and jailbreak attempts: overriding earlier instructions,
 * reassigning the assistant's role, asking for the hidden prompt, and named jailbreak modes.
 * <p>
 * Cost: a handful of regular-expression scans, linear in the text. Limitations: patterns only catch known phrasings;
 * paraphrases and other languages pass.
 */
public final class InstructionOverrideRail implements Rail {

	public static final String NAME = "instruction-override";

	private static final Map<String, Pattern> PATTERNS_BY_CATEGORY = Map.of(
			// override: "ignore/disregard/forget (all) (the) previous/prior/above instructions/rules"
			"override", Pattern.compile(
					"\\b(ignore|disregard|forget|override)\\s+(all\\s+|any\\s+|the\\s+|your\\s+)*(previous|prior|above|earlier|preceding|system)\\s+(instructions?|rules|prompts?|directions|guidelines)",
					Pattern.CASE_INSENSITIVE),
			// role reassignment: "you are now ...", "from now on you are/act as ..."
			"role", Pattern.compile("\\b(you\\s+are\\s+now|from\\s+now\\s+on,?\\s+(you|act)|pretend\\s+(to\\s+be|you\\s+are))\\b",
					Pattern.CASE_INSENSITIVE),
			// prompt extraction: "reveal/print/show your system prompt / hidden instructions / your instructions" ("repeat
			// the instructions for assembling the shelf" asks for something else)
			"extraction", Pattern.compile(
					"\\b(reveal|print|show|repeat|output)\\s+(me\\s+)?((your|the)\\s+(system\\s+prompt|hidden\\s+instructions|initial\\s+instructions)|your\\s+instructions)",
					Pattern.CASE_INSENSITIVE),
			// named jailbreak modes
			"jailbreak", Pattern.compile("\\b(DAN\\s+mode|developer\\s+mode|jailbreak|do\\s+anything\\s+now)\\b",
					Pattern.CASE_INSENSITIVE));

	@Override
	public String name() {
		return NAME;
	}

	/** Its word lists, training data and the encoder it reads through are English. */
	@Override
	public java.util.Set<String> languages() {
		return java.util.Set.of("en");
	}

	@Override
	public Verdict check(String text, RailContext context) {
		List<Verdict.Span> spans = new ArrayList<>();
		List<String> categories = new ArrayList<>();
		PATTERNS_BY_CATEGORY.forEach((category, pattern) -> {
			Matcher matcher = pattern.matcher(text);
			boolean found = false;
			while (matcher.find()) {
				spans.add(new Verdict.Span(matcher.start(), matcher.end(), category));
				found = true;
			}
			if (found) {
				categories.add(category);
			}
		});
		if (spans.isEmpty()) {
			return Verdict.pass(NAME, "no known injection phrasing");
		}
		categories.sort(null);
		return new Verdict(NAME, true, "injection phrasing: " + String.join(", ", categories), spans, 0.9, null);
	}

}
