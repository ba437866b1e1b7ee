package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A description as triage reads it: lower-cased, with typographic quotes and degree signs made plain, and a
 * finding's words checked for negation ("denies chest pain", "no shortness of breath"), for being history ("history
 * of previous suicide attempts", "a seizure as a child") and for being the person's usual state ("is usually
 * unresponsive").
 * <p>
 * The negation check follows NegEx (Chapman et al., 2001): a trigger a few words before the finding negates it, unless
 * a word that starts a new clause ("but", "now", a pronoun, a verb such as "has") stands between them. Written here
 * because no Java library for it is among the project's dependencies.
 * <p>
 * Limitations: negations written after the finding ("chest pain: none") and double negations are not understood; a
 * finding the check cannot clear stays affirmed, since missing an emergency costs more than a false alarm.
 */
final class ClinicalText {

	private static final Pattern WORD = Pattern.compile("[a-z0-9']+");

	private static final Pattern SENTENCE_END = Pattern.compile("[.!?;:]\\s|\\s-\\s|\\n");

	/** Triggers and how many words may stand between them and the finding. */
	private static final List<Trigger> NEGATIONS = List.of(
			// clinical lists: "denies fever, chills, abdominal pain, or vaginal discharge"
			new Trigger("denies", 10), new Trigger("denied", 10), new Trigger("deny", 10), new Trigger("denying", 10),
			new Trigger("negative for", 10), new Trigger("without", 6), new Trigger("no sign of", 6),
			new Trigger("no signs of", 6), new Trigger("no evidence of", 6), new Trigger("free of", 6),
			new Trigger("absence of", 6), new Trigger("no", 5), new Trigger("nor", 3), new Trigger("never", 3),
			new Trigger("not", 3), new Trigger("don't have", 3), new Trigger("doesn't have", 3),
			new Trigger("didn't have", 3), new Trigger("do not have", 3), new Trigger("does not have", 3),
			new Trigger("did not have", 3), new Trigger("haven't had", 3), new Trigger("hasn't had", 3),
			new Trigger("have not had", 3), new Trigger("has not had", 3), new Trigger("isn't", 1),
			new Trigger("wasn't", 1), new Trigger("aren't", 1), new Trigger("weren't", 1),
			// a patient's own doubt: "I don't think it's broken", "it doesn't look infected" (the pronoun is part of
			// the trigger, since a pronoun otherwise ends a negation's reach)
			new Trigger("don't think it's", 1), new Trigger("don't think it is", 1), new Trigger("don't think i", 1),
			new Trigger("do not think it's", 1), new Trigger("do not think it is", 1), new Trigger("do not think i", 1),
			new Trigger("doubt it's", 1), new Trigger("doubt it is", 1), new Trigger("doubt i", 1),
			new Trigger("doesn't look", 1), new Trigger("doesn't seem", 2), new Trigger("does not look", 1),
			new Trigger("does not seem", 2),
			// "didn't hit my head", but not "I don't feel well and have chest pain"
			new Trigger("don't", 0), new Trigger("doesn't", 0), new Trigger("didn't", 0), new Trigger("do not", 0),
			new Trigger("does not", 0), new Trigger("did not", 0));

	/** Words after "no"/"not" that do not negate: "no idea why", "not sure if". */
	private static final Set<String> PSEUDO_NEGATED = Set.of("idea", "sure", "only", "just", "doubt", "longer",
			"change", "better", "improving");

	private static final List<Trigger> HISTORY = List.of(new Trigger("history of", 3), new Trigger("history", 2),
			new Trigger("hx of", 3), new Trigger("previous", 2), new Trigger("previously", 2), new Trigger("prior", 2),
			new Trigger("past", 2), new Trigger("used to", 3));

	private static final List<Trigger> BASELINE = List.of(new Trigger("usually", 2), new Trigger("normally", 2),
			new Trigger("always", 2), new Trigger("chronically", 2), new Trigger("at baseline", 2));

	private static final Pattern HISTORY_AFTER = Pattern.compile(
			"^[^.!?;]{0,40}?\\b((\\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|many|several) years? ago"
					+ "|as a (child|kid|teenager|baby)|when (i|he|she) was (a )?(child|kid|little|young|baby))\\b");

	/** Words that start a new clause, ending a trigger's reach. */
	private static final Set<String> TERMINATORS = Set.of("but", "however", "although", "though", "except", "apart",
			"aside", "yet", "still", "now", "today", "currently", "which", "who", "whose", "because", "since", "as",
			"when", "while", "if", "then", "i", "i'm", "i've", "i'd", "he", "she", "they", "we", "you", "he's", "she's",
			"they're", "we're", "it", "it's", "there", "that", "has", "have", "had", "is", "are", "was", "were",
			"feels", "feel", "felt", "got", "gets", "developed", "develops", "started", "starts", "began", "reports",
			"report", "complains", "complaining", "presents", "admits", "says", "tells", "also", "plus", "suddenly");

	private final String text;

	private ClinicalText(String text) {
		this.text = text;
	}

	static ClinicalText of(String description) {
		String plain = description.toLowerCase(Locale.ROOT)
			.replace('\u2019', '\'')
			.replace('\u2018', '\'')
			.replace('\u02da', '\u00b0')
			.replace('\u00ba', '\u00b0')
			.replaceAll("[\"\u201c\u201d]", "")
			.replaceAll("\\s*\\R+\\s*", ". ")
			.replaceAll("[ \\t\\u00a0]+", " ")
			.strip();
		return new ClinicalText(plain);
	}

	/** The normalized text. */
	String text() {
		return this.text;
	}

	/** Whether the pattern occurs anywhere, negated or not (for facts, where negation does not matter). */
	boolean mentions(Pattern pattern) {
		return pattern.matcher(this.text).find();
	}

	/** The first occurrence of the pattern that is not negated, history, or the person's usual state. */
	Optional<String> affirmed(Pattern pattern) {
		Matcher matcher = pattern.matcher(this.text);
		while (matcher.find()) {
			if (isAffirmed(matcher.start(), matcher.end())) {
				return Optional.of(matcher.group());
			}
		}
		return Optional.empty();
	}

	/** The first pattern of the list with an affirmed occurrence. */
	Optional<String> affirmedAny(List<Pattern> patterns) {
		for (Pattern pattern : patterns) {
			Optional<String> found = affirmed(pattern);
			if (found.isPresent()) {
				return found;
			}
		}
		return Optional.empty();
	}

	boolean isAffirmed(int start, int end) {
		List<String> before = wordsBefore(start);
		return !governedBy(before, NEGATIONS, true) && !governedBy(before, HISTORY, false)
				&& !governedBy(before, BASELINE, false) && !HISTORY_AFTER.matcher(sentenceAfter(end)).find();
	}

	/** The words of the finding's sentence before it. */
	private List<String> wordsBefore(int start) {
		int sentenceStart = 0;
		Matcher end = SENTENCE_END.matcher(this.text);
		while (end.find() && end.end() <= start) {
			sentenceStart = end.end();
		}
		List<String> words = new ArrayList<>();
		Matcher word = WORD.matcher(this.text.substring(sentenceStart, start));
		while (word.find()) {
			words.add(word.group());
		}
		return words;
	}

	private String sentenceAfter(int end) {
		Matcher next = SENTENCE_END.matcher(this.text);
		int stop = next.find(end) ? next.start() : this.text.length();
		return this.text.substring(end, stop);
	}

	/**
	 * Whether a trigger stands within its reach before the finding, with no clause boundary between: the words are
	 * scanned from the finding backwards, and the scan stops at the first terminator that is not part of a trigger.
	 */
	private static boolean governedBy(List<String> before, List<Trigger> triggers, boolean negation) {
		int size = before.size();
		for (int gap = 0; gap < size; gap++) {
			int triggerEnd = size - gap; // exclusive: the words [triggerEnd, size) stand between trigger and finding
			for (Trigger trigger : triggers) {
				int triggerStart = triggerEnd - trigger.words().length;
				if (gap > trigger.reach() || triggerStart < 0 || !matches(before, triggerStart, trigger.words())) {
					continue;
				}
				if (negation && triggerEnd < size && PSEUDO_NEGATED.contains(before.get(triggerEnd))) {
					continue; // "no idea why", "not sure if"
				}
				return true;
			}
			// the word at triggerEnd - 1 stands between any earlier trigger and the finding
			if (TERMINATORS.contains(before.get(triggerEnd - 1))) {
				return false;
			}
		}
		return false;
	}

	private static boolean matches(List<String> words, int from, String[] trigger) {
		for (int i = 0; i < trigger.length; i++) {
			if (!words.get(from + i).equals(trigger[i])) {
				return false;
			}
		}
		return true;
	}

	private record Trigger(String[] words, int reach) {

		Trigger(String phrase, int reach) {
			this(phrase.split(" "), reach);
		}

	}

}
