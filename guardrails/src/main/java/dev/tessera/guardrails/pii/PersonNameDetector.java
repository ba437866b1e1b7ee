package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names, by gazetteer and context: a run of capitalised words on one line that starts with a known first name
 * (or follows a title such as "Mr." or a cue such as "my name is") and continues with capitalised words, initials or
 * known family names. A known family name alone counts when a first name, an initial or a title precedes it.
 * <p>
 * Cost: one word scan and hash look-ups. Limitations: a name not in the gazetteer and without a cue is missed; a
 * capitalised word that is also a first name ("Angel", "Hope") is found; names written in lower or upper case only
 * are missed. Measure with {@code bench pii}.
 */
final class PersonNameDetector implements PiiDetector {

	private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{M}'’\\-]*\\.?");

	private static final Pattern CUE = Pattern.compile(
			"(?i)(?:\\bmy name is|\\bname is|\\bname\\?|\\bcalls? me|\\bname\\s+\\w+\\s+is|\\bchange it to|\\bunder(?: the name)?|\\bnamed(?: him| her)?|\\bcalled|\\bspeak (?:to|with)|\\bask for|\\bassistant to|\\bname:|\\bi am|\\bi'm|\\bthis is|\\bdear|\\bhi|\\bhello|\\bregards,|\\bsincerely,|\\bsigned,?|\\bcontact person:?|\\bpatient:?|\\bcustomer:?)\\s*$");

	// family-name endings common across Slavic, Nordic, Baltic, Greek, Armenian, Romanian, Georgian and Spanish names
	private static final Pattern FAMILY_ENDING = Pattern.compile(
			".{2,}(?:ov|ova|ev|eva|in|ina|sky|ski|ska|skaya|cki|cka|vić|vic|ić|ová|ý|enko|uk|yk|chuk|escu|eanu|opoulos|ides|akis|yan|ian|dze|shvili|sson|sen|dóttir|dottir|son|ez|es|ek|ák|ár|er)");

	private static final Set<String> TITLES = Set.of("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Sir", "Madam",
			"Herr", "Frau", "Mme", "Mlle", "M", "Sr", "Sra", "Dott");

	// capitalised English words (sentence starts, function words, calendar, address and form words) that the
	// gazetteers also list as names
	private static final Set<String> STOP = Set.copyOf(List.of("I", "A", "An", "The", "And", "Or", "But", "So", "Then", "My",
			"Your", "His", "Her", "Its", "Our", "Their", "This", "That", "These", "Those", "It", "We", "You", "He", "She",
			"They", "Me", "Him", "Us", "Them", "Please", "Hi", "Hello", "Hey", "Dear", "Thanks", "Thank", "Yes", "No",
			"Not", "If", "When", "Where", "What", "Who", "Whom", "Why", "How", "Which", "Can", "Could", "Will", "Would",
			"Should", "Shall", "May", "Might", "Must", "Do", "Does", "Did", "Is", "Are", "Was", "Were", "Be", "Been",
			"Have", "Has", "Had", "Let", "Send", "Meet", "Call", "Ask", "Tell", "Get", "Go", "See", "Look", "Find",
			"Give", "Take", "Make", "All", "Any", "Some", "Every", "Each", "One", "Two", "New", "Old", "Good", "Best",
			"Great", "Big", "Little", "Long", "Short", "High", "Low", "North", "South", "East", "West", "Street", "Avenue",
			"Road", "Lane", "Drive", "Court", "Place", "Square", "Suite", "Apt", "Apartment", "Unit", "Box", "Floor",
			"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
			"March", "April", "June", "July", "August", "September", "October", "November", "December", "Christmas",
			"Easter", "Bot", "User", "Mobile", "Desk", "Fax", "Phone", "Email", "Address", "Card", "Number", "Name",
			"Date", "Birth", "Account", "Order", "Customer", "Support", "Service", "Company", "Bank", "Hospital",
			"Doctor", "Nurse", "Patient", "Contract", "Agreement", "Party", "Section", "Clause", "Page", "Chapter",
			"Note", "Notes", "Subject", "From", "To", "For", "With", "At", "On", "In", "Of", "By", "As", "After",
			"Before", "About", "Over", "Under", "Here", "There", "Now", "Today", "Tomorrow", "Yesterday", "Love", "Hope",
			"Faith", "Joy", "Grace", "Summer", "Winter", "Spring", "Autumn", "Fall", "Art", "Rich", "Young", "White",
			"Black", "Brown", "Green", "Gray", "Grey", "King", "Price", "Cash", "Rose", "Lily", "Ruby", "Pearl", "Star",
			"Sun", "Moon", "World", "City", "County", "State", "Union", "United", "Kingdom", "Republic", "Church",
			"Park", "Hill", "Lake", "River", "Mount", "Saint", "St", "Santa", "San", "De", "La", "Le", "Van", "Von",
			"Del", "Da", "Di", "Du", "Am", "Also", "Just", "Only", "Very", "More", "Most", "Less", "Much", "Many", "Such",
			"Other", "Another", "Same", "Well", "Still", "Even", "Ever", "Never", "Always", "Often", "Sometimes",
			"Maybe", "Perhaps", "Sure", "Okay", "OK", "Oh", "Wow", "Hmm", "Sorry", "Welcome", "Congratulations",
			"Happy", "Merry", "Mr", "Mrs", "Ms", "Dr", "Prof", "Sir", "Madam", "Miss", "Lord", "Lady", "God", "Jesus",
			"Internet", "Web", "Online", "Email", "Mail", "Post", "Office", "Home", "Work", "School", "University",
			"College", "Center", "Centre", "Department", "Ministry", "Police", "Court", "Judge", "Justice", "Law",
			"Guide", "Policy", "Terms", "Privacy", "Welcome", "Attention", "Warning", "Important", "Urgent"));

	/**
	 * Countries and cities that are also names in the gazetteer ("France", "Jordan", "Georgia", "Paris", "London",
	 * "Sydney"): alone, after a place preposition, they are places. From the JDK's own country names and the cities of
	 * its time-zone ids ("Europe/Paris"), so nothing is hand-listed.
	 */
	private static final Set<String> PLACES = java.util.stream.Stream
		.concat(java.util.Arrays.stream(Locale.getISOCountries())
			.map(code -> Locale.of("", code).getDisplayCountry(Locale.ENGLISH)),
				java.util.Arrays.stream(java.util.TimeZone.getAvailableIDs())
					.filter(id -> id.indexOf('/') > 0)
					.map(id -> id.substring(id.lastIndexOf('/') + 1)))
		.filter(name -> name.indexOf(' ') < 0 && name.indexOf('_') < 0 && !name.isEmpty()
				&& Character.isUpperCase(name.charAt(0)))
		.collect(java.util.stream.Collectors.toUnmodifiableSet());

	private static final Pattern PLACE_CUE = Pattern.compile(
			"(?i)\\b(?:in|to|from|of|at|into|across|near|via|within|outside|inside|around|throughout)\\s+(?:the\\s+)?$");

	private final NameGazetteer names;

	public PersonNameDetector(NameGazetteer names) {
		this.names = names;
	}

	public PersonNameDetector() {
		this(NameGazetteer.bundled());
	}

	@Override
	public PiiType type() {
		return PiiType.PERSON;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<Word> words = words(text);
		List<PiiFinding> found = new ArrayList<>();
		int i = 0;
		while (i < words.size()) {
			Word word = words.get(i);
			Kind kind = kind(word);
			int head; // the first word of the name itself
			double confidence;
			if (kind == Kind.TITLE && i + 1 < words.size() && adjacent(text, word, words.get(i + 1))
					&& isNamePart(kind(words.get(i + 1)))) {
				head = i + 1;
				confidence = 0.85;
			}
			else if (kind == Kind.FIRST && !placeAlone(text, words, i)) {
				head = i;
				confidence = 0.6;
			}
			else if (kind == Kind.INITIAL && i + 1 < words.size() && adjacent(text, word, words.get(i + 1))
					&& (kind(words.get(i + 1)) == Kind.FAMILY || kind(words.get(i + 1)) == Kind.FIRST)) {
				head = i;
				confidence = 0.8;
			}
			else if ((kind == Kind.OTHER || kind == Kind.FAMILY) && cued(text, word)) {
				head = i;
				confidence = 0.8;
			}
			else if ((kind == Kind.OTHER || kind == Kind.FAMILY) && i + 2 < words.size()
					&& kind(words.get(i + 1)) == Kind.INITIAL && words.get(i + 1).text.endsWith(".")
					&& adjacent(text, word, words.get(i + 1)) && adjacent(text, words.get(i + 1), words.get(i + 2))
					&& isNamePart(kind(words.get(i + 2)))) {
				// "Faina D. Yefremova": a middle initial between two capitalised words is a strong name shape
				head = i;
				confidence = 0.85;
			}
			else if (kind == Kind.OTHER && i + 1 < words.size() && adjacent(text, word, words.get(i + 1))
					&& (kind(words.get(i + 1)) == Kind.OTHER && FAMILY_ENDING.matcher(words.get(i + 1).bare()).matches()
							|| kind(words.get(i + 1)) == Kind.FAMILY)
					&& !sentenceStart(text, word)) {
				// an unknown capitalised word mid-sentence before a known family name ("Bonifacy Kaczmarek"), or
				// before another unknown one with a family-name ending
				head = i;
				confidence = 0.6;
			}
			else if ((kind == Kind.OTHER || kind == Kind.FAMILY || kind == Kind.FIRST) && speaker(text, word)) {
				// a script or chat line "Halldór: What a wife."
				head = i;
				confidence = 0.6;
			}
			else if (kind == Kind.FAMILY && !sentenceStart(text, word) && !placeAlone(text, words, i)) {
				// a known family name alone, not where any word is capitalised
				head = i;
				confidence = 0.5;
			}
			else {
				i++;
				continue;
			}
			// extend over capitalised words, initials and family names on the same line: at most four words
			int last = head;
			// a possessive ends the name: in "Yefremova's Cautionary Tales" what follows is the person's, not the person
			while (last + 1 < words.size() && last + 1 - head < 4 && !words.get(last).possessive()
					&& adjacent(text, words.get(last), words.get(last + 1)) && isNamePart(kind(words.get(last + 1)))) {
				last++;
			}
			if (last > head) {
				confidence = Math.max(confidence, 0.9);
			}
			if (organisation(text, words, last)) {
				// "Aunt Bertha Inc", "Kroll Bond Ratings Agency": a company named after people
				i = last + 2;
				continue;
			}
			found.add(new PiiFinding(words.get(head).start, words.get(last).endWithoutDot(), PiiType.PERSON, confidence));
			i = last + 1;
		}
		return found;
	}

	/**
	 * A country's or city's name after a place preposition, not followed by another part of a name: "capital of
	 * France", "I live in London"; not "I wrote to Paris Hilton".
	 */
	private boolean placeAlone(String text, List<Word> words, int i) {
		Word word = words.get(i);
		if (!PLACES.contains(word.bare())) {
			return false;
		}
		boolean followedByName = i + 1 < words.size() && adjacent(text, word, words.get(i + 1))
				&& isNamePart(kind(words.get(i + 1)));
		return !followedByName && PLACE_CUE.matcher(text.substring(Math.max(0, word.start - 24), word.start)).find();
	}

	/** Words that make the capitalised words before them a company's or institution's name. */
	private static final Set<String> ORGANISATION = Set.of("Inc", "Incorporated", "Ltd", "Limited", "LLC", "LLP", "PLC",
			"Corp", "Corporation", "Co", "Company", "GmbH", "AG", "SA", "NV", "BV", "Group", "Holdings", "Partners",
			"Associates", "Agency", "Ratings", "Finance", "Financial", "Capital", "Bank", "Insurance", "Foundation",
			"Institute", "University", "College", "Hospital", "Clinic", "Labs", "Laboratories", "Technologies",
			"Systems", "Solutions", "Services", "Industries", "Enterprises", "Ventures", "Media", "Studios", "Records");

	/** Whether the name's last word, or the word right after it, names a company or institution. */
	private static boolean organisation(String text, List<Word> words, int last) {
		if (ORGANISATION.contains(words.get(last).bare())) {
			return true;
		}
		return last + 1 < words.size() && adjacent(text, words.get(last), words.get(last + 1))
				&& ORGANISATION.contains(words.get(last + 1).bare());
	}

	private static boolean isNamePart(Kind kind) {
		return kind == Kind.FIRST || kind == Kind.FAMILY || kind == Kind.INITIAL || kind == Kind.OTHER;
	}

	/** At the start of the text, a line, or after a full stop, question or exclamation mark (or a colon). */
	private static boolean sentenceStart(String text, Word word) {
		int k = word.start - 1;
		while (k >= 0 && (text.charAt(k) == ' ' || text.charAt(k) == '\t' || text.charAt(k) == '"' || text.charAt(k) == '(')) {
			k--;
		}
		return k < 0 || ".!?:\n\r".indexOf(text.charAt(k)) >= 0;
	}

	private static boolean speaker(String text, Word word) {
		return (word.start == 0 || text.charAt(word.start - 1) == '\n') && word.end + 1 < text.length()
				&& text.charAt(word.end) == ':' && text.charAt(word.end + 1) == ' ';
	}

	private static boolean cued(String text, Word word) {
		return CUE.matcher(text.substring(Math.max(0, word.start - 24), word.start)).find();
	}

	private Kind kind(Word word) {
		String bare = word.bare();
		if (TITLES.contains(bare) && word.text.endsWith(".") || TITLES.contains(bare) && bare.length() > 2) {
			return Kind.TITLE;
		}
		if (STOP.contains(bare) || !word.capitalised()) {
			return Kind.STOP;
		}
		if (bare.length() == 1) {
			return Kind.INITIAL;
		}
		if (this.names.isFirstName(bare)) {
			return Kind.FIRST;
		}
		if (this.names.isFamilyName(bare)) {
			return Kind.FAMILY;
		}
		if (bare.equals(bare.toUpperCase(Locale.ROOT))) {
			return Kind.STOP; // acronyms and shouted words
		}
		return Kind.OTHER;
	}

	private static boolean adjacent(String text, Word before, Word after) {
		for (int k = before.end; k < after.start; k++) {
			char c = text.charAt(k);
			if (c != ' ' && c != '\t') {
				return false;
			}
		}
		return after.start - before.end <= 2;
	}

	private static List<Word> words(String text) {
		List<Word> words = new ArrayList<>();
		Matcher matcher = WORD.matcher(text);
		while (matcher.find()) {
			words.add(new Word(matcher.group(), matcher.start(), matcher.end()));
		}
		return words;
	}

	private enum Kind {

		FIRST, FAMILY, INITIAL, TITLE, OTHER, STOP

	}

	private record Word(String text, int start, int end) {

		String bare() {
			String bare = this.text.endsWith(".") ? this.text.substring(0, this.text.length() - 1) : this.text;
			if (bare.endsWith("'s") || bare.endsWith("’s")) {
				bare = bare.substring(0, bare.length() - 2);
			}
			return bare;
		}

		boolean possessive() {
			return this.text.endsWith("'s") || this.text.endsWith("’s");
		}

		boolean capitalised() {
			return Character.isUpperCase(this.text.codePointAt(0));
		}

		int endWithoutDot() {
			String bare = bare();
			// keep the dot of an initial ("J."), drop a sentence's full stop and a possessive
			if (bare.length() == 1 && this.text.endsWith(".")) {
				return this.end;
			}
			return this.start + bare.length();
		}

	}

}
