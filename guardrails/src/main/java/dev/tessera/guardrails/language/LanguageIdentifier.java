package dev.tessera.guardrails.language;

import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.pemistahl.lingua.api.IsoCode639_1;
import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetector;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;

/**
 * Which language a message is written in, judged only where the message gives enough evidence: Lingua's n-gram
 * models (high-accuracy mode) over the words that say something about the language. Words capitalised inside a
 * sentence (names, brands: "José García", "Björn Borg socks") and words touching digits (model numbers, SKUs) are left
 * out, and a message with fewer than {@value #MIN_LETTERS} letters left in a script a served language is written in
 * is not judged at all, so that "iPhone 15 Pro 256GB" or "Pokémon cards" is never taken for another language. Two
 * letters are enough in a script no served language uses (Cyrillic or Arabic for an English assistant), and in Chinese,
 * Japanese and Korean, where a character is a word.
 * <p>
 * The models compared are the served languages and {@link #SCREENED}: the languages most often written to a
 * web assistant. A message in a script none of the served languages is written in (Hangul, Thai, Devanagari, …) is
 * identified by its script, so a language outside the models cannot pass as a served one.
 * <p>
 * Cost: below a millisecond per message; the models of the compared languages take about 20 MB of heap each and are
 * loaded on first use ({@link #warmUp()} loads them ahead).
 */
public final class LanguageIdentifier {

	/** Fewest letters of evidence (in alphabetic scripts) for a judgement. Chosen on development data (see bench language). */
	public static final int MIN_LETTERS = 15;

	/** Languages compared besides the served ones. */
	public static final List<String> SCREENED = List.of("en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "sv",
			"ru", "zh", "ja", "ar");

	// runs of letters (with marks, apostrophes and inner hyphens)
	private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}'’-]+");

	private static final Pattern SENTENCE_END = Pattern.compile("[.!?¿¡。！？]\\s*$");

	private final Map<Set<Language>, LanguageDetector> detectors = new ConcurrentHashMap<>();

	// the languages compared for each set of served ones: built once, not per message
	private final Map<Set<String>, Set<Language>> comparedByServed = new ConcurrentHashMap<>();

	/**
	 * What a message's language is, as far as it can tell.
	 *
	 * @param language the most likely language, ISO 639-1, or the script's name in lower case when none of the
	 * compared languages is written in it
	 * @param confidence Lingua's relative confidence of each compared language (the most likely one has 1.0)
	 */
	public record Identification(String language, Map<String, Double> confidence) {

		/** The relative confidence of a language (0 when it was not compared or is ruled out). */
		public double of(String isoCode) {
			return this.confidence.getOrDefault(isoCode, 0.0);
		}

	}

	/** Whether the identifier knows a language by this ISO 639-1 code. */
	public static boolean knows(String isoCode) {
		return language(isoCode).isPresent();
	}

	/**
	 * The message's language compared among the served languages and {@link #SCREENED}; empty when the message gives
	 * too little evidence.
	 */
	public Optional<Identification> identify(String text, Set<String> served) {
		String evidence = evidence(text);
		Map<UnicodeScript, Integer> scripts = scripts(evidence);
		if (scripts.isEmpty()) {
			return Optional.empty();
		}
		UnicodeScript main = scripts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
		int letters = scripts.values().stream().mapToInt(Integer::intValue).sum();
		// a script no served language is written in is evidence enough on its own; within a served script a few
		// letters could be anything (a name, a brand), and CJK characters carry a word each
		boolean foreignScript = served.stream().noneMatch(code -> scriptsOf(code).contains(main));
		boolean logographic = main == UnicodeScript.HAN || main == UnicodeScript.HIRAGANA
				|| main == UnicodeScript.KATAKANA || main == UnicodeScript.HANGUL;
		if (letters < (foreignScript || logographic ? 2 : MIN_LETTERS)) {
			return Optional.empty();
		}
		Set<Language> compared = this.comparedByServed.computeIfAbsent(Set.copyOf(served), LanguageIdentifier::compared);
		SortedMap<Language, Double> values = detector(compared).computeLanguageConfidenceValues(evidence);
		if (values.isEmpty() || values.get(values.firstKey()) == 0) {
			// no compared language is written in this script
			return Optional.of(new Identification(main.name().toLowerCase(Locale.ROOT), Map.of()));
		}
		Map<String, Double> confidence = new java.util.LinkedHashMap<>();
		values.forEach((language, value) -> confidence.put(iso(language), value));
		return Optional.of(new Identification(iso(values.firstKey()), confidence));
	}

	/** Loads the models of the served and screened languages now rather than at the first message. */
	public void warmUp(Set<String> served) {
		detector(compared(served)).computeLanguageConfidenceValues("a short text to load the language models");
	}

	/** The words that say something about the language (see the class comment). */
	static String evidence(String text) {
		StringBuilder kept = new StringBuilder();
		Matcher word = WORD.matcher(text);
		int previousEnd = 0;
		boolean first = true;
		while (word.find()) {
			boolean sentenceStart = first || SENTENCE_END.matcher(text.substring(previousEnd, word.start())).find();
			first = false;
			previousEnd = word.end();
			boolean touchesDigit = word.start() > 0 && Character.isDigit(text.charAt(word.start() - 1))
					|| word.end() < text.length() && Character.isDigit(text.charAt(word.end()));
			int initial = word.group().codePointAt(0);
			boolean capitalisedInside = !sentenceStart && Character.isUpperCase(initial);
			if (!touchesDigit && !capitalisedInside) {
				kept.append(word.group()).append(' ');
			}
		}
		return kept.toString().strip();
	}

	/** The scripts a language is written in (Latin unless listed). */
	static Set<UnicodeScript> scriptsOf(String isoCode) {
		return switch (isoCode) {
			case "ru", "uk", "bg", "sr", "mk", "be", "kk", "mn" -> Set.of(UnicodeScript.CYRILLIC);
			case "el" -> Set.of(UnicodeScript.GREEK);
			case "ar", "fa", "ur" -> Set.of(UnicodeScript.ARABIC);
			case "he" -> Set.of(UnicodeScript.HEBREW);
			case "zh" -> Set.of(UnicodeScript.HAN);
			case "ja" -> Set.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA, UnicodeScript.KATAKANA);
			case "ko" -> Set.of(UnicodeScript.HANGUL, UnicodeScript.HAN);
			case "hi", "mr" -> Set.of(UnicodeScript.DEVANAGARI);
			case "bn" -> Set.of(UnicodeScript.BENGALI);
			case "th" -> Set.of(UnicodeScript.THAI);
			case "ka" -> Set.of(UnicodeScript.GEORGIAN);
			case "hy" -> Set.of(UnicodeScript.ARMENIAN);
			case "ta" -> Set.of(UnicodeScript.TAMIL);
			case "te" -> Set.of(UnicodeScript.TELUGU);
			case "gu" -> Set.of(UnicodeScript.GUJARATI);
			case "pa" -> Set.of(UnicodeScript.GURMUKHI);
			default -> Set.of(UnicodeScript.LATIN);
		};
	}

	private static Map<UnicodeScript, Integer> scripts(String text) {
		Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
		text.codePoints().filter(Character::isLetter).forEach(c -> counts.merge(UnicodeScript.of(c), 1, Integer::sum));
		counts.remove(UnicodeScript.COMMON);
		counts.remove(UnicodeScript.INHERITED);
		return counts;
	}

	private static Set<Language> compared(Set<String> served) {
		Set<Language> languages = new LinkedHashSet<>();
		for (String code : served) {
			languages.add(language(code).orElseThrow(() -> new IllegalArgumentException("unknown language '" + code
					+ "': use an ISO 639-1 code of a language Lingua knows (en, de, fr, …)")));
		}
		SCREENED.forEach(code -> languages.add(language(code).orElseThrow()));
		return Set.copyOf(languages);
	}

	private LanguageDetector detector(Set<Language> languages) {
		return this.detectors.computeIfAbsent(languages,
				key -> LanguageDetectorBuilder.fromLanguages(key.toArray(Language[]::new)).build());
	}

	private static Optional<Language> language(String isoCode) {
		if (isoCode == null || isoCode.isBlank()) {
			return Optional.empty();
		}
		try {
			Language language = Language.getByIsoCode639_1(IsoCode639_1.valueOf(isoCode.strip().toUpperCase(Locale.ROOT)));
			return language == Language.UNKNOWN ? Optional.empty() : Optional.of(language);
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private static String iso(Language language) {
		return language.getIsoCode639_1().name().toLowerCase(Locale.ROOT);
	}

	/** The English name of a language code, for messages ("German"); the code itself when unknown. */
	public static String displayName(String isoCode) {
		String name = Locale.forLanguageTag(isoCode).getDisplayLanguage(Locale.ENGLISH);
		return name.isBlank() || name.equalsIgnoreCase(isoCode) ? isoCode : name;
	}

}
