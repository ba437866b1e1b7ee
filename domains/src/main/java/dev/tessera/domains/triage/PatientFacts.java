package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a description says about the person and the problem: age, how long, how bad, and the vital signs.
 *
 * @param ageYears age in years when a number was given (a 19-month-old is 1.58), else empty
 * @param ageWords the words that gave the age, or a group such as "baby" when no number was given; empty when the
 * description says nothing about age
 * @param durationDays how long it has been going on, in days, when a number can be read; 0 for onset today
 * @param durationWords the words that gave the duration or onset; empty when the description says nothing about it
 * @param severityWords the words that gave the severity (a score, "mild", a measured vital sign); empty when none
 * @param vitals the vital signs given
 */
public record PatientFacts(OptionalDouble ageYears, String ageWords, OptionalDouble durationDays, String durationWords,
		String severityWords, VitalSigns vitals) {

	private static final String NUMBER_WORDS = "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
			+ "|a few|a couple of|couple of|several|few|many";

	private static final Map<String, Double> NUMBERS = Map.ofEntries(Map.entry("a", 1.0), Map.entry("an", 1.0),
			Map.entry("one", 1.0), Map.entry("two", 2.0), Map.entry("three", 3.0), Map.entry("four", 4.0),
			Map.entry("five", 5.0), Map.entry("six", 6.0), Map.entry("seven", 7.0), Map.entry("eight", 8.0),
			Map.entry("nine", 9.0), Map.entry("ten", 10.0), Map.entry("eleven", 11.0), Map.entry("twelve", 12.0),
			Map.entry("a few", 3.0), Map.entry("a couple of", 2.0), Map.entry("couple of", 2.0),
			Map.entry("several", 4.0), Map.entry("few", 3.0), Map.entry("many", 7.0));

	private static final Set<String> FUNCTION_WORDS = Set.of("i", "i'm", "i've", "i'd", "me", "my",
			"we", "our", "you", "your", "he", "she", "they", "his", "her", "him", "them", "their", "he's", "she's", "it",
			"it's", "its", "a", "an", "the", "and", "or", "but", "so", "of", "to", "in", "on", "at", "for", "with",
			"from", "by", "as", "is", "am", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having",
			"do", "does", "did", "what", "should", "could", "would", "can", "will", "shall", "may", "might", "must",
			"this", "that", "these", "those", "there", "here", "just", "very", "really", "quite", "now", "then",
			"also", "too", "about", "when", "while", "if", "some", "any", "got", "get", "gets", "keep", "keeps",
			"still", "again", "please", "hi", "hello", "thanks", "thank", "ago", "since", "started", "began");

	private static final Pattern AGE_OLD = Pattern
		.compile("\\b(\\d{1,3})[-\\s]*(years?|yrs?|months?|mos?|weeks?|wks?|days?)[-\\s]*old\\b");

	private static final Pattern AGE_SHORT = Pattern.compile("\\b(\\d{1,3})\\s*(?:yo|y/o|y\\.o\\.)(?![a-z])");

	private static final Pattern AGE_STATED = Pattern.compile("\\b(?:aged?|age is|age:)\\s*(\\d{1,3})\\b"
			+ "|\\b(?:i'm|i am|he's|she's|he is|she is|they're|they are|(?:my|our) (?:mum|mom|mother|dad|father|son"
			+ "|daughter|wife|husband|partner|child|baby|grandma|grandpa|grandmother|grandfather|brother|sister|friend)"
			+ " is)\\s+(\\d{1,3})\\b"
			+ "(?!\\s*(?:%|percent|kg|kilos?|lbs?|pounds|stone|cm|feet|foot|inches|degrees|\u00b0|/|out of|times"
			+ "|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|miles?|km|weeks? pregnant))");

	private static final Pattern AGE_GROUP = Pattern.compile("\\b(newborn|new-born|baby|babies|infant|toddler"
			+ "|child|kid|teenager|teen|adolescent|pensioner|elderly|grandmother|grandfather|grandma|grandpa"
			+ "|old (?:man|woman|lady))\\b");

	private static final Pattern DURATION_SPAN = Pattern
		.compile("\\b(?:for|over|in|during)\\s+(?:the\\s+)?(?:past|last|about|around|nearly|almost|over|roughly|"
				+ "more than|less than|at least)?\\s*(\\d+(?:\\.\\d+)?|" + NUMBER_WORDS
				+ ")\\s+(minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?|yrs?)\\b");

	private static final Pattern DURATION_AGO = Pattern.compile("\\b(\\d+(?:\\.\\d+)?|" + NUMBER_WORDS
			+ ")\\s+(minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?)\\s+(?:ago|now|so far|running)\\b");

	private static final Pattern DURATION_SINCE = Pattern.compile("\\bsince\\s+(?:yesterday|(?:this|last|early)"
			+ " (?:morning|afternoon|evening|night|week|weekend|month|year)|last \\w+day|monday|tuesday|wednesday"
			+ "|thursday|friday|saturday|sunday|the weekend|breakfast|lunch(?:time)?|dinner|\\d[\\w:.]*)");

	private static final Pattern ONSET = Pattern.compile("\\b(?:this morning|this afternoon|this evening|tonight|"
			+ "last night|yesterday|today|earlier today|overnight|all day|all night|sudden(?:ly)?|just now|"
			+ "an hour ago|minutes ago|just (?:happened|started))\\b");

	private static final Pattern LONG_STANDING = Pattern.compile("\\b(?:for (?:weeks|months|years|ages|a while|"
			+ "a long time|some time)|(?:weeks|months|years) now|chronic|long-?standing|on and off|comes and goes|"
			+ "keeps coming back|recurring)\\b");

	private static final Pattern SEVERITY = Pattern.compile("\\b(?:mild|mildly|moderate|moderately|severe|severely"
			+ "|slight|slightly|minor|bad|badly|terrible|terribly|awful|unbearable|excruciating|agony|agoni[sz]ing"
			+ "|intense|extreme|extremely|worst|very (?:painful|sore|bad)|really (?:painful|sore|bad)|a bit|a little"
			+ "|not (?:too|that|very) bad|killing me|small|tiny|superficial|light|barely|hardly)\\b"
			+ "|\\b(?:can't|cannot|unable to|can hardly) (?:walk|stand|sleep|eat|work|move|put (?:any )?weight|"
			+ "keep (?:fluids|anything|food|water) down)\\b");

	static PatientFacts parse(ClinicalText description) {
		String text = description.text();
		OptionalDouble age = OptionalDouble.empty();
		String ageWords = "";
		Matcher old = AGE_OLD.matcher(text);
		Matcher stated = AGE_STATED.matcher(text);
		Matcher shorthand = AGE_SHORT.matcher(text);
		if (old.find()) {
			age = OptionalDouble.of(years(Double.parseDouble(old.group(1)), old.group(2)));
			ageWords = old.group();
		}
		else if (shorthand.find()) {
			age = OptionalDouble.of(Double.parseDouble(shorthand.group(1)));
			ageWords = shorthand.group();
		}
		else if (stated.find()) {
			String number = stated.group(1) != null ? stated.group(1) : stated.group(2);
			double years = Double.parseDouble(number);
			if (years <= 120) {
				age = OptionalDouble.of(years);
				ageWords = stated.group();
			}
		}
		if (ageWords.isEmpty()) {
			Matcher group = AGE_GROUP.matcher(text);
			if (group.find()) {
				ageWords = group.group();
			}
		}

		OptionalDouble duration = OptionalDouble.empty();
		String durationWords = "";
		for (Pattern pattern : List.of(DURATION_SPAN, DURATION_AGO)) {
			Matcher span = pattern.matcher(text);
			if (span.find()) {
				duration = OptionalDouble.of(amount(span.group(1)) * days(span.group(2)));
				durationWords = span.group();
				break;
			}
		}
		if (durationWords.isEmpty()) {
			for (Pattern pattern : List.of(DURATION_SINCE, ONSET, LONG_STANDING)) {
				Matcher onset = pattern.matcher(text);
				if (onset.find()) {
					durationWords = onset.group();
					if (pattern == LONG_STANDING) {
						duration = OptionalDouble.of(30);
					}
					else if (!durationWords.contains("yesterday") && !durationWords.startsWith("since")) {
						duration = OptionalDouble.of(0);
					}
					break;
				}
			}
		}

		VitalSigns vitals = VitalSigns.parse(description);
		List<String> severity = new ArrayList<>();
		Matcher words = SEVERITY.matcher(text);
		if (words.find()) {
			severity.add(words.group());
		}
		if (vitals.painScore().isPresent() || vitals.anyMeasured()) {
			severity.add(vitals.toString());
		}
		return new PatientFacts(age, ageWords, duration, durationWords, String.join("; ", severity), vitals);
	}

	/**
	 * The age in an answer to "how old is the person?" given as a bare number ("34", "34, since yesterday"), which
	 * {@link #parse} does not read as an age anywhere else.
	 */
	static Optional<Integer> bareAge(String answer) {
		Matcher bare = Pattern
			.compile("^\\s*(\\d{1,3})\\b(?!\\s*(?:[/%.]|percent|out of|kg|lbs?|cm|degrees|\u00b0|times|x\\b"
					+ "|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?\\s+ago))")
			.matcher(answer.toLowerCase(Locale.ROOT));
		if (!bare.find()) {
			return Optional.empty();
		}
		int age = Integer.parseInt(bare.group(1));
		return age <= 120 ? Optional.of(age) : Optional.empty();
	}

	/**
	 * The complaint in the description: its words without those that gave the age, the duration and the severity,
	 * and without function words ("i", "and", "have"), which match every passage and say nothing about the problem.
	 */
	String complaint(ClinicalText description) {
		String text = description.text().replaceAll("\\bage \\d{1,3}\\.\\s*", "");
		for (String words : List.of(this.ageWords, this.durationWords, severityWordsOnly())) {
			if (!words.isEmpty()) {
				text = text.replace(words, " ");
			}
		}
		StringBuilder kept = new StringBuilder();
		for (String word : text.split("[^a-z0-9'.]+")) {
			String bare = word.replaceAll("^[.']+|[.']+$", "");
			if (!bare.isEmpty() && !FUNCTION_WORDS.contains(bare) && !bare.matches("\\d{1,3}")) {
				kept.append(kept.isEmpty() ? "" : " ").append(bare);
			}
		}
		return kept.toString();
	}

	/** The severity words, without the vital-sign readings appended to them. */
	private String severityWordsOnly() {
		int readings = this.severityWords.indexOf("; ");
		String words = readings < 0 ? this.severityWords : this.severityWords.substring(0, readings);
		return words.equals(this.vitals.toString()) ? "" : words;
	}

	/** The facts triage needs before advising that this description lacks. */
	List<MissingFact> missing() {
		List<MissingFact> missing = new ArrayList<>();
		if (this.ageWords.isEmpty()) {
			missing.add(MissingFact.AGE);
		}
		if (this.durationWords.isEmpty()) {
			missing.add(MissingFact.DURATION);
		}
		if (this.severityWords.isEmpty()) {
			missing.add(MissingFact.SEVERITY);
		}
		return missing;
	}

	private static double years(double value, String unit) {
		return switch (unit.charAt(0)) {
			case 'm' -> value / 12;
			case 'w' -> value / 52;
			case 'd' -> value / 365;
			default -> value;
		};
	}

	private static double amount(String number) {
		Double word = NUMBERS.get(number);
		return word != null ? word : Double.parseDouble(number);
	}

	private static double days(String unit) {
		return switch (unit.charAt(0)) {
			case 'm' -> unit.startsWith("mi") ? 1.0 / 1440 : 30;
			case 'h' -> 1.0 / 24;
			case 'w' -> 7;
			case 'y' -> 365;
			default -> 1; // days, nights
		};
	}

}
