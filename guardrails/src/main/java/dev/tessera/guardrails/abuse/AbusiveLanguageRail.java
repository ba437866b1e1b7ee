package dev.tessera.guardrails.abuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Abusive language in a message or a reply: insults aimed at the reader ("you idiot", "you're useless"), threats
 * ("I'll find you"), slurs, and — only when the policy asks for it — plain profanity ("where the hell is my parcel"
 * is a frustrated customer, not an abusive one). Words are matched whole after undoing the usual disguises: letter
 * substitutes ({@code @ $ 0 1 3 4 5 7}), stretched letters ({@code fuuuck}), masked letters ({@code f*ck}) and
 * spelled-out letters ({@code f.u.c.k}, {@code f u c k}); whole-word matching keeps "Scunthorpe" and "assistant"
 * clean. A self-directed word ("I feel like an idiot") is not an insult: insult words count when aimed at "you".
 * <p>
 * Settings: {@code categories} (comma-separated of {@code insult, threat, slur, profanity}; default the first three).
 * The rewrite masks each finding ({@code f***}), for replies that may be amended rather than withdrawn.
 * <p>
 * Limitations: an English lexicon written for this rail, no sarcasm or context beyond the sentence. Measured by
 * {@code bench abuse}: no false positive on real text that is not abusive; recall only on written examples, since no
 * labelled abuse data is among the project's data.
 */
public final class AbusiveLanguageRail implements Rail {

	public static final String NAME = "abusive-language";

	public enum Category {

		INSULT, THREAT, SLUR, PROFANITY

	}

	private static final Set<Category> DEFAULT_CATEGORIES = EnumSet.of(Category.INSULT, Category.THREAT,
			Category.SLUR);

	private static final List<String> PROFANITY = List.of("fuck", "fucking", "fucked", "fucker", "motherfucker", "shit",
			"shitty", "bullshit", "bitch", "bastard", "asshole", "arsehole", "arse", "crap", "damn", "dammit", "goddamn",
			"dick", "piss", "pissed", "wanker", "twat", "cunt", "bollocks", "hell", "wtf", "stfu");

	// words that insult when aimed at the reader; the profane nouns insult too when aimed ("you bastard")
	private static final List<String> INSULTS = List.of("idiot", "idiots", "idiotic", "moron", "moronic", "morons",
			"stupid", "dumb", "dumbass", "useless", "incompetent", "pathetic", "loser", "losers", "imbecile", "clown",
			"clowns", "scum", "worthless", "garbage", "trash", "brainless", "clueless", "jerk", "fool", "ignorant",
			"halfwit", "dimwit", "liar", "liars", "thief", "thieves", "crook", "crooks", "bitch", "bastard", "asshole",
			"arsehole", "dick", "wanker", "twat", "cunt", "fucker", "motherfucker", "shit", "pig", "pigs");

	private static final List<String> SLURS = List.of("nigger", "nigga", "faggot", "fag", "retard", "retarded", "kike",
			"spic", "chink", "tranny", "wetback", "gook", "raghead", "towelhead", "coon", "dyke");

	private static final Set<String> ADDRESSEE = Set.of("you", "youre", "ur", "u", "your", "ya", "yall", "thou");

	private static final Pattern THREAT = Pattern.compile("\\b(?:i|we)\\s*(?:'?ll|will|am going to|'?m going to|'?m gonna|"
			+ "am gonna|are going to|are gonna|'?re going to|'?re gonna|shall)\\s+(?:(?:kill|hurt|murder|beat|stab|"
			+ "shoot|destroy|burn|hunt|come for|come after|smash|break)\\s+(?:down\\s+)?(?:you|your|u|ur|yourself)\\b"
			// "I'll find you" threatens; "I'll find you a smaller size" does not
			+ "|find\\s+(?:you|u)\\b(?!\\s+(?:a|an|the|some|one|another|something|what|it|that|this)\\b))"
			+ "|\\b(?:kill|hurt)\\s+yourself\\b|\\bkys\\b|\\byou(?:'?ll| will)\\s+(?:regret|pay for)\\s+(?:this|it)\\b"
			+ "|\\b(?:i|we) know where (?:you|u) live\\b|\\b(?:bomb|blow up|burn down|shoot up)\\s+(?:your|the|this)\\s+"
			+ "(?:office|store|shop|building|warehouse|place|house)\\b|\\byou(?:'?re| are) (?:dead|going to die|gonna die)\\b",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern TOKEN = Pattern.compile("\\S+");

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
		Set<Category> wanted = categories(context.setting("categories", ""));
		List<Token> tokens = tokens(text);
		List<Verdict.Span> spans = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			Token token = tokens.get(i);
			if (wanted.contains(Category.SLUR) && matchesAny(token.plain(), SLURS)) {
				spans.add(token.span(Category.SLUR));
			}
			else if (wanted.contains(Category.INSULT) && matchesAny(token.plain(), INSULTS) && aimed(tokens, i)) {
				spans.add(token.span(Category.INSULT));
			}
			else if (wanted.contains(Category.INSULT) && i + 1 < tokens.size()
					&& ADDRESSEE.contains(tokens.get(i + 1).plain()) && matchesAny(token.plain(), List.of("fuck", "screw"))) {
				// "fuck you": aimed, whatever the word
				spans.add(token.span(Category.INSULT));
			}
			else if (wanted.contains(Category.PROFANITY) && isProfane(token.plain())) {
				spans.add(token.span(Category.PROFANITY));
			}
		}
		if (wanted.contains(Category.THREAT)) {
			Matcher threat = THREAT.matcher(text);
			while (threat.find()) {
				spans.add(new Verdict.Span(threat.start(), threat.end(), Category.THREAT.name()));
			}
		}
		if (spans.isEmpty()) {
			return Verdict.pass(NAME, "no " + wanted.stream()
				.map(c -> c.name().toLowerCase(Locale.ROOT))
				.sorted()
				.collect(Collectors.joining(", ")) + " found");
		}
		spans.sort((a, b) -> Integer.compare(a.start(), b.start()));
		Map<String, Long> counts = spans.stream()
			.collect(Collectors.groupingBy(span -> span.label().toLowerCase(Locale.ROOT), java.util.TreeMap::new,
					Collectors.counting()));
		String reason = "found " + counts.entrySet()
			.stream()
			.map(e -> e.getValue() + " " + e.getKey())
			.collect(Collectors.joining(", "));
		return new Verdict(NAME, true, reason, spans, 1.0, masked(text, spans));
	}

	private static Set<Category> categories(String setting) {
		if (setting.isBlank()) {
			return DEFAULT_CATEGORIES;
		}
		Set<Category> categories = EnumSet.noneOf(Category.class);
		for (String name : setting.split(",")) {
			try {
				categories.add(Category.valueOf(name.strip().toUpperCase(Locale.ROOT)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("rail setting 'categories' has unknown category '" + name.strip()
						+ "'; known: " + Arrays.toString(Category.values()).toLowerCase(Locale.ROOT));
			}
		}
		return categories;
	}

	/** An insult word is aimed when "you"/"your" is among the three words before it, or it stands alone. */
	private static boolean aimed(List<Token> tokens, int at) {
		for (int i = Math.max(0, at - 3); i < at; i++) {
			if (ADDRESSEE.contains(tokens.get(i).plain())) {
				return true;
			}
		}
		return tokens.size() <= 2 || at + 1 < tokens.size() && ADDRESSEE.contains(tokens.get(at + 1).plain());
	}

	private static boolean isProfane(String word) {
		return matchesAny(word, PROFANITY);
	}

	private static boolean matchesAny(String word, List<String> lexicon) {
		if (word.length() < 2) {
			return false;
		}
		for (String entry : lexicon) {
			if (word.equals(entry) || stretched(word, entry) || masked(word, entry)) {
				return true;
			}
		}
		return false;
	}

	/** "f*ck", "sh**": same length, the first letter shown, every other letter equal or masked. */
	private static boolean masked(String word, String entry) {
		if (word.indexOf('*') < 0 || word.length() != entry.length() || word.charAt(0) != entry.charAt(0)) {
			return false;
		}
		for (int i = 1; i < word.length(); i++) {
			if (word.charAt(i) != '*' && word.charAt(i) != entry.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * "fuuuck" for "fuck", "shiiit" for "shit": the word is the entry with some of its letters repeated. Only
	 * lengthened: "PPI's" has the letters of "piss" but not its double s, and is not a match.
	 */
	private static boolean stretched(String word, String entry) {
		int w = 0;
		int e = 0;
		while (e < entry.length()) {
			char letter = entry.charAt(e);
			int entryRun = run(entry, e);
			int wordRun = w < word.length() && word.charAt(w) == letter ? run(word, w) : 0;
			if (wordRun < entryRun) {
				return false;
			}
			e += entryRun;
			w += wordRun;
		}
		return w == word.length();
	}

	private static int run(String text, int from) {
		int to = from;
		while (to < text.length() && text.charAt(to) == text.charAt(from)) {
			to++;
		}
		return to - from;
	}

	/**
	 * Words with their disguises undone, each with its place in the original text; runs of three or more single
	 * letters ("f u c k") become one word.
	 */
	static List<Token> tokens(String text) {
		List<Token> raw = new ArrayList<>();
		Matcher matcher = TOKEN.matcher(text);
		while (matcher.find()) {
			String plain = plain(matcher.group());
			if (!plain.isEmpty()) {
				raw.add(new Token(matcher.start(), matcher.end(), plain));
			}
		}
		List<Token> tokens = new ArrayList<>();
		int i = 0;
		while (i < raw.size()) {
			int j = i;
			while (j < raw.size() && raw.get(j).plain().length() == 1 && Character.isLetter(raw.get(j).plain().charAt(0))) {
				j++;
			}
			if (j - i >= 4 && "ai".contains(raw.get(i).plain())) {
				// "a f u c k e r": the article is a word of its own
				tokens.add(raw.get(i));
				i++;
				continue;
			}
			if (j - i >= 3) {
				StringBuilder joined = new StringBuilder();
				raw.subList(i, j).forEach(t -> joined.append(t.plain()));
				tokens.add(new Token(raw.get(i).start(), raw.get(j - 1).end(), joined.toString()));
				i = j;
			}
			else {
				tokens.add(raw.get(i));
				i++;
			}
		}
		return tokens;
	}

	/** One whitespace-separated piece, lower-cased, disguises undone, punctuation around it dropped. */
	private static String plain(String piece) {
		String lower = piece.toLowerCase(Locale.ROOT).replace('’', '\'');
		boolean hasLetter = lower.chars().anyMatch(Character::isLetter);
		StringBuilder out = new StringBuilder(lower.length());
		for (int i = 0; i < lower.length(); i++) {
			char c = lower.charAt(i);
			if (Character.isLetter(c) || c == '*') {
				out.append(c);
			}
			else if (hasLetter && "@4$5013!7".indexOf(c) >= 0 && (i > 0 || lower.length() > 1)) {
				// a substitute only inside a word that has letters: "100101" stays a number
				out.append(switch (c) {
					case '@', '4' -> 'a';
					case '$', '5' -> 's';
					case '0' -> 'o';
					case '1', '!' -> i == lower.length() - 1 && c == '!' ? '\0' : 'i';
					case '3' -> 'e';
					default -> 't';
				});
			}
			else if (Character.isDigit(c) && !hasLetter) {
				out.append(c);
			}
			// apostrophes, dots and dashes inside ("you're", "f.u.c.k") are dropped
		}
		String plain = out.toString().replace("\0", "");
		// masks at the ends are punctuation, not letters ("*sigh*")
		return plain.replaceAll("^\\*+|\\*+$", "");
	}

	private static String masked(String text, List<Verdict.Span> spans) {
		StringBuilder out = new StringBuilder(text);
		for (Verdict.Span span : spans) {
			if (span.label().equals(Category.THREAT.name())) {
				continue;
			}
			for (int i = span.start() + 1; i < span.end(); i++) {
				if (Character.isLetterOrDigit(out.charAt(i)) || out.charAt(i) == '*') {
					out.setCharAt(i, '*');
				}
			}
		}
		return out.toString();
	}

	record Token(int start, int end, String plain) {

		Verdict.Span span(Category category) {
			return new Verdict.Span(this.start, this.end, category.name());
		}

	}

}
