package dev.tessera.guardrails.grounding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.guardrails.injection.Segments;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Grounding: every sentence of a reply that states something must be supported by what the reply may rest on
 * ({@link RailContext#sources()}: the retrieved passages, a tool's result, the assistant's own wording). Detects when
 * one is not; the rewrite removes the unsupported sentences, so the policy can revise (REWRITE), escalate, hand off or
 * block.
 * <p>
 * A sentence is supported when every number in it appears in the sources (a changed amount, date or deadline is the
 * costliest invention), and either most of its content words are in one source ({@code min-coverage}, default 0.6)
 * or, with the sentence encoder, it is close in meaning to one source sentence ({@code min-similarity}, default
 * 0.7; catches paraphrase). The defaults are the balance measured by {@code bench grounding} on FAQ answers and
 * question paraphrases. Questions and sentences of fewer than three content words state nothing to check.
 * A sentence that is one of the assistant's own templates (a source with {@code {placeholders}}) is supported when
 * the values filled in are the sources' words and numbers. Placeholders of redacted values and citation markers are
 * ignored. Cost: word sets for every reply; the encoder only for sentences the
 * words did not support.
 * <p>
 * Limitations: a sentence that reuses a source's words to say the opposite ("not refundable" against "refundable")
 * passes the word test; English stop words and plural folding only.
 */
public final class GroundingRail implements Rail {

	public static final String NAME = "grounding";

	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:[.,'’][\\p{L}\\p{N}]+)*");

	private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");

	// redacted values ([EMAIL_1]) and citation markers ([1]) are not claims
	private static final Pattern PLACEHOLDER = Pattern.compile("\\[(?:[A-Z_]+_)?\\d+]");

	private static final Pattern TEMPLATE_FIELD = Pattern.compile("\\{[a-z][a-z0-9_-]*}");

	private static final int MIN_CONTENT_WORDS = 3;

	// function words carry no claim: a sentence is judged by the words that do
	private static final Set<String> STOP_WORDS = Set.of("a", "about", "above", "after", "again", "all", "also", "am",
			"an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "both", "but", "by",
			"can", "could", "did", "do", "does", "doing", "during", "each", "either", "for", "from", "further", "had",
			"has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is",
			"it", "its", "itself", "just", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "now",
			"of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she",
			"should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they",
			"this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
			"when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
			"yes", "please", "thanks", "thank", "hello", "hi");

	private final Optional<SentenceEncoder> encoder;

	// a streamed reply is checked sentence by sentence against the same sources: read them once
	private volatile Sources lastParsed;

	/** Words and numbers only, for deployments without the sentence encoder. */
	public GroundingRail() {
		this.encoder = Optional.empty();
	}

	/** Words and numbers first; the encoder for the sentences they did not support. */
	public GroundingRail(SentenceEncoder encoder) {
		this.encoder = Optional.of(encoder);
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Verdict check(String text, RailContext context) {
		double minCoverage = context.setting("min-coverage", 0.6);
		double minSimilarity = context.setting("min-similarity", 0.7);
		List<Claim> claims = claims(text);
		if (claims.isEmpty()) {
			return Verdict.pass(NAME, "no sentence states something to check");
		}
		Sources parsed = parse(context.sources());
		List<Source> sources = parsed.each();
		Set<String> sourceNumbers = parsed.numbers();
		Set<String> sourceWords = parsed.words();
		List<Pattern> templates = parsed.templates();

		List<Claim> unsupported = new ArrayList<>();
		List<Claim> needMeaning = new ArrayList<>();
		for (Claim claim : claims) {
			if (filledTemplate(claim, templates, sourceWords, sourceNumbers, minCoverage)) {
				continue;
			}
			if (!sourceNumbers.containsAll(claim.numbers())) {
				unsupported.add(claim.because("states " + missing(claim.numbers(), sourceNumbers)
						+ ", which no source says"));
			}
			else if (coverage(claim, sources) >= minCoverage) {
				continue;
			}
			else {
				needMeaning.add(claim);
			}
		}
		if (!needMeaning.isEmpty()) {
			unsupported.addAll(byMeaning(needMeaning, context, minSimilarity, minCoverage));
		}
		if (unsupported.isEmpty()) {
			return new Verdict(NAME, false,
					String.format(Locale.ROOT, "all %d stated sentences are supported by the %d sources", claims.size(),
							sources.size()),
					List.of(), 1.0, null);
		}
		unsupported.sort((a, b) -> Integer.compare(a.segment().start(), b.segment().start()));
		List<Verdict.Span> spans = unsupported.stream()
			.map(claim -> new Verdict.Span(claim.segment().start(), claim.segment().end(), "UNSUPPORTED"))
			.toList();
		String reason = String.format(Locale.ROOT, "%d of %d stated sentences not supported by the %d sources: \"%s\" %s",
				unsupported.size(), claims.size(), sources.size(), abbreviate(unsupported.get(0).segment().text()),
				unsupported.get(0).why());
		double confidence = (double) unsupported.size() / claims.size();
		return new Verdict(NAME, true, reason, spans, Math.max(0.5, confidence), without(text, spans));
	}

	private List<Claim> byMeaning(List<Claim> claims, RailContext context, double minSimilarity,
			double minCoverage) {
		List<String> sourceTexts = context.sources();
		String why = String.format(Locale.ROOT, "shares under %.0f%% of its words with any source", minCoverage * 100);
		if (this.encoder.isEmpty() || sourceTexts.isEmpty()) {
			return claims.stream().map(claim -> claim.because(why)).toList();
		}
		List<String> sourceSentences = new ArrayList<>();
		for (String source : sourceTexts) {
			Segments.of(source).forEach(segment -> sourceSentences.add(segment.text()));
		}
		List<String> texts = new ArrayList<>(claims.stream().map(claim -> claim.segment().text()).toList());
		texts.addAll(sourceSentences);
		// through the turn's vectors: the sources are embedded once for every sentence of a streamed reply
		List<float[]> vectors = context.embeddings().embed(this.encoder.get(), texts);
		List<Claim> unsupported = new ArrayList<>();
		for (int i = 0; i < claims.size(); i++) {
			double best = 0;
			for (int j = claims.size(); j < vectors.size(); j++) {
				best = Math.max(best, SentenceEncoder.similarity(vectors.get(i), vectors.get(j)));
			}
			if (best < minSimilarity) {
				unsupported.add(claims.get(i).because(why + String.format(Locale.ROOT,
						" and is at most %.2f similar in meaning to any source sentence", best)));
			}
		}
		return unsupported;
	}

	/** Sentences that state something: not questions, with at least three content words or a number. */
	static List<Claim> claims(String text) {
		List<Claim> claims = new ArrayList<>();
		for (Segments.Segment segment : Segments.of(text)) {
			String sentence = PLACEHOLDER.matcher(segment.text()).replaceAll(" ").strip();
			if (sentence.endsWith("?")) {
				continue;
			}
			Set<String> words = contentWords(sentence);
			Set<String> numbers = numbers(sentence);
			if (words.size() < MIN_CONTENT_WORDS && numbers.isEmpty()) {
				continue;
			}
			claims.add(new Claim(segment, words, numbers, ""));
		}
		return claims;
	}

	private Sources parse(List<String> texts) {
		Sources last = this.lastParsed;
		if (last != null && last.texts() == texts) {
			return last;
		}
		List<Source> each = texts.stream().map(Source::of).toList();
		Set<String> numbers = new java.util.HashSet<>();
		Set<String> words = new java.util.HashSet<>();
		List<Pattern> templates = new ArrayList<>();
		for (Source source : each) {
			numbers.addAll(source.numbers());
			words.addAll(source.words());
			templates.addAll(source.templates());
		}
		Sources parsed = new Sources(texts, each, Set.copyOf(numbers), Set.copyOf(words), List.copyOf(templates));
		this.lastParsed = parsed;
		return parsed;
	}

	/**
	 * Whether the sentence is one of the assistant's own templates filled in, every filled-in value made of the
	 * sources' words and numbers ("Order {order} left our warehouse on {date}." with the tool's values).
	 */
	private static boolean filledTemplate(Claim claim, List<Pattern> templates, Set<String> sourceWords,
			Set<String> sourceNumbers, double minCoverage) {
		String sentence = claim.segment().text().replaceAll("\\s+", " ").strip();
		for (Pattern template : templates) {
			Matcher matcher = template.matcher(sentence);
			if (!matcher.matches()) {
				continue;
			}
			StringBuilder values = new StringBuilder();
			for (int g = 1; g <= matcher.groupCount(); g++) {
				values.append(' ').append(matcher.group(g));
			}
			String filled = PLACEHOLDER.matcher(values).replaceAll(" ");
			Set<String> words = contentWords(filled);
			long known = words.stream().filter(sourceWords::contains).count();
			if (sourceNumbers.containsAll(numbers(filled)) && (words.isEmpty() || known >= minCoverage * words.size())) {
				return true;
			}
		}
		return false;
	}

	/** Each sentence of a text with {placeholders} as a pattern: literal wording, one short value per placeholder. */
	static List<Pattern> templates(String text) {
		if (!TEMPLATE_FIELD.matcher(text).find()) {
			return List.of();
		}
		List<Pattern> patterns = new ArrayList<>();
		for (String line : text.split("\\n+")) {
			for (Segments.Segment segment : Segments.of(line)) {
				String sentence = segment.text().replaceAll("\\s+", " ").strip();
				Matcher field = TEMPLATE_FIELD.matcher(sentence);
				StringBuilder regex = new StringBuilder();
				int at = 0;
				while (field.find()) {
					regex.append(Pattern.quote(sentence.substring(at, field.start())));
					// a value stays within its sentence: a placeholder cannot swallow another claim
					regex.append("([^.!?\\n]{0,200}?)");
					at = field.end();
				}
				regex.append(Pattern.quote(sentence.substring(at)));
				patterns.add(Pattern.compile(regex.toString().replace("\\Q\\E", ""), Pattern.CASE_INSENSITIVE));
			}
		}
		return patterns;
	}

	private static double coverage(Claim claim, List<Source> sources) {
		if (claim.words().isEmpty()) {
			return 1.0;
		}
		double best = 0;
		for (Source source : sources) {
			long found = claim.words().stream().filter(source.words()::contains).count();
			best = Math.max(best, (double) found / claim.words().size());
		}
		return best;
	}

	static Set<String> contentWords(String text) {
		Set<String> words = new java.util.HashSet<>();
		Matcher matcher = WORD.matcher(text.toLowerCase(Locale.ROOT));
		while (matcher.find()) {
			String word = matcher.group();
			if (STOP_WORDS.contains(word) || Character.isDigit(word.charAt(0))) {
				continue;
			}
			words.add(fold(word));
		}
		return words;
	}

	/** Plural and possessive folded, so "refunds" in a reply matches "refund" in a source. */
	private static String fold(String word) {
		String w = word.replace('’', '\'');
		if (w.endsWith("'s")) {
			w = w.substring(0, w.length() - 2);
		}
		if (w.length() > 4 && w.endsWith("ies")) {
			return w.substring(0, w.length() - 3) + "y";
		}
		if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) {
			return w.substring(0, w.length() - 1);
		}
		return w;
	}

	static Set<String> numbers(String text) {
		Set<String> numbers = new java.util.HashSet<>();
		Matcher matcher = NUMBER.matcher(text);
		while (matcher.find()) {
			// "1,000" and "1000" are one number; a trailing ".00" or ",00" adds nothing
			String number = matcher.group().replace(",", "").replaceAll("\\.0+$", "");
			numbers.add(number);
		}
		return numbers;
	}

	private static String missing(Set<String> numbers, Set<String> known) {
		return numbers.stream().filter(n -> !known.contains(n)).sorted().findFirst().orElse("?");
	}


	private static String without(String text, List<Verdict.Span> spans) {
		StringBuilder kept = new StringBuilder();
		int at = 0;
		for (Verdict.Span span : spans) {
			kept.append(text, at, span.start());
			at = span.end();
		}
		kept.append(text.substring(at));
		return kept.toString().replaceAll("[ \\t]{2,}", " ").replaceAll("\\n{3,}", "\n\n").strip();
	}

	private static String abbreviate(String sentence) {
		String oneLine = sentence.replaceAll("\\s+", " ");
		return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
	}

	/** A sentence of the reply that states something, with why it is not supported (empty while it may be). */
	record Claim(Segments.Segment segment, Set<String> words, Set<String> numbers, String why) {

		Claim because(String reason) {
			return new Claim(this.segment, this.words, this.numbers, reason);
		}

	}

	/** A turn's sources, read: each one, and the numbers, words and templates of all. */
	private record Sources(List<String> texts, List<Source> each, Set<String> numbers, Set<String> words,
			List<Pattern> templates) {
	}

	private record Source(Set<String> words, Set<String> numbers, List<Pattern> templates) {

		static Source of(String text) {
			return new Source(contentWords(text), GroundingRail.numbers(text), GroundingRail.templates(text));
		}

	}

}
