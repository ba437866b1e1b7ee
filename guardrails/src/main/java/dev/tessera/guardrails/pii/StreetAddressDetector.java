package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Street addresses, by the shape they have in most of Europe and the Americas: a house number and a street name with
 * a street type ("221 Baker Street", "12 rue de la Paix", "Parijsstraat 8", "Koepenicker Str. 74"), a post-office or
 * military box ("P.O. Box 149", "USNS Bergman FPO AP 93757"), or a number–name–number line after a postcode
 * ("0269 Stensås terrasse 38"). The address then takes in what follows on the next lines or after commas when it
 * looks like an address line: a suite or flat, a town, a region code, a postcode, a country.
 * <p>
 * Cost: a few regular-expression scans. Limitations: street types are a closed list (English, Romance, Germanic,
 * Nordic, Finnish, Hungarian, Slavic); an address without a street type or a house number is missed; a name
 * followed by a number after a postcode-like number can be taken for an address. Measure with {@code bench pii}.
 */
final class StreetAddressDetector implements PiiDetector {

	// street types written as a separate word, after the street name ("Baker Street") or before it ("rue de la Paix")
	// street types that are also everyday words ("please ring 788 50 16", "park view", "pass 12 tests") count only
	// written with a capital, as in a street's name
	private static final String TYPE_AFTER = "(?:(?:Union|Hill|Park|View|Loop|Path|Pass|Point|Run|Station|Green|Common|Bridge|Ring)(?![\\p{L}])|(?i:Street|St|Avenue|Ave|Av|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|Square|Sq|Terrace|Terr|Way|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Crescent|Cres|Close|Row|Walk|Trail|Route|Crossroad|Crossing|Mews|Gardens|Grove|Plaza|Alley|Expressway|Freeway|Pike|Ridge|Junction|Estates?|Heights|Meadows?|Quay|Wharf|Parade|Esplanade|Promenade|Broadway|Str|Straße|Strasse|Weg|Gasse|Platz|Allee|Damm|Ufer|Chaussee|Laan|Straat|Plein|Gracht|Kade|Singel|Vej|Gade|Allé|Gatan|Gata|Vägen|Väg|Veien|Vei|Gate|Terrasse|Katu|Tie|Polku|Kuja|Utca|Út|Útja|Tér|Körút|Köz|Sor|Ulica|Ul|Aleja|Ulice|Náměstí|Třída|Prospekt|Pereulok|Odos|Leoforos|Cadde|Caddesi|Sokak|Sokağı))\\.?";

	private static final String TYPE_BEFORE = "(?i:Rue|Avenue|Av|Boulevard|Bd|Chemin|Allée|Impasse|Place|Quai|Route|Via|Viale|Piazza|Corso|Largo|Vicolo|Calle|Avenida|Avda|Paseo|Plaza|Camino|Carrer|Rua|Travessa|Largo|Praça|Alameda|Ulica|Ul|Aleja|Al|Odos|Leoforos|Πλατεία|Οδός|Λεωφόρος|Jalan|Jl|C/)\\.?";

	private static final String DIRECTION = "(?:[ \\t]+(?:North|South|East|West|N|S|E|W|NE|NW|SE|SW)(?![\\p{L}]))?";

	// street names written as one word with the type at its end: Parijsstraat, Kiannonkatu, Hauptstraße, Storgatan
	private static final String COMPOUND = "[\\p{L}'’\\-]+(?:straße|strasse|straat|gracht|laan|weg|vej|gade|gatan|gata|vägen|veien|katu|tie|utca|útja|gasse|allee|platz|ring|damm|plein|kade|singel|bakken|stien|gränd|torget|torg|vegen)";

	private static final String WORD_TAIL = "[\\p{L}\\p{M}'’.\\-]*";

	private static final String WORD = "[\\p{L}]" + WORD_TAIL;

	private static final String NUMBER = "\\d{1,6}[A-Za-z]?(?:[/-]\\d{1,4}[A-Za-z]?)?";

	// a word of a street name; never a function word that only leads up to the address ("meet me at ...")
	private static final String NAME_WORD = "(?!(?i:at|on|in|to|me|you|us|the|is|it|its|of|and|or|from|near|by|with|my|your|our|his|her|their|address|lives?|meet|send|sent)(?![\\p{L}]))"
			+ WORD;

	private static final Pattern CORE = Pattern.compile("(?<![\\w-])(?:"
			// Koepenicker Str. 74; hegyalja út 98.; Árpád fejedelem útja 62.
			+ "(?:" + NUMBER + "[ \\t]+)?(?:" + NAME_WORD + "[ \\t]+){0,3}" + TYPE_AFTER + "[ \\t]+" + NUMBER + "\\.?"
			// Parijsstraat 8; Kiannonkatu 98
			+ "|(?:" + NUMBER + "[ \\t]+)?" + COMPOUND + "\\.?[ \\t]+" + NUMBER + "\\.?"
			// 221 Baker Street; 62573 103 Cassidy Street; 3744 Retreat Avenue
			+ "|" + NUMBER + "(?:[ \\t]+" + NUMBER + ")?[ \\t]+(?:" + NAME_WORD + "[ \\t]+){0,3}?" + TYPE_AFTER + DIRECTION
			// 12 rue de la Paix; 20 Rue Hsine Eloued
			+ "|(?:" + NUMBER + "(?:[ \\t]+" + NUMBER + ")?,?[ \\t]+)?" + TYPE_BEFORE + "[ \\t]*(?:(?:de|del|della|di|da|do|dos|das|du|des|la|le|les|l'|d')[ \\t]+)*" + WORD + "(?:[ \\t]+\\p{Lu}" + WORD_TAIL + "){0,3}[ \\t]+" + NUMBER + "\\.?"
			+ "|" + NUMBER + "(?:[ \\t]+" + NUMBER + ")?,?[ \\t]+" + TYPE_BEFORE + "[ \\t]+(?:(?:de|del|della|di|da|do|dos|das|du|des|la|le|les|l'|d')[ \\t]+)*" + WORD + "(?:[ \\t]+\\p{Lu}" + WORD_TAIL + "){0,3}"
			// P.O. Box 149; PO Box 12
			+ "|P\\.?[ \\t]?O\\.?[ \\t]+Box[ \\t]+\\d{1,6}(?:[ \\t]+\\p{Lu}" + WORD_TAIL + "){0,3}"
			// USNS Bergman\nFPO AP 93757; PSC 1234, Box 5678\nAPO AA 12345; Unit 1234 Box 5678\nDPO AE 12345
			+ "|(?:(?:USNS|USNV|USS|USCGC)[ \\t]+" + WORD + "|PSC[ \\t]+\\d{4},?[ \\t]+Box[ \\t]+\\d{4}|Unit[ \\t]+\\d{4}[ \\t]+Box[ \\t]+\\d{4})\\s*,?\\s*[AFD]PO[ \\t]+A[AEP][ \\t]+\\d{5}"
			// after a postcode-like number: 4596 Tylova 285; 0269 Stensås terrasse 38; 049 Langeskov-Centret 83
			+ "|\\d{3,6}[ \\t]+" + NAME_WORD + "(?:[ \\t]+" + NAME_WORD + "){0,2}[ \\t]+\\d{1,4}[A-Za-z]?\\.?(?=[ \\t]*(?:\\n|,|$|[ \\t]+(?:Suite|Apt|Unit|st\\.|St\\.)))"
			+ ")(?![\\w])", Pattern.UNICODE_CHARACTER_CLASS);

	private static final java.util.Set<String> ABBREVIATIONS = java.util.Set.of("st", "str", "ave", "av", "rd", "blvd",
			"ln", "dr", "ct", "pl", "sq", "apt", "ste", "no", "nr", "u", "ul", "al", "bd", "avda", "jl", "terr", "cres",
			"pkwy", "hwy", "cir", "fl");

	// phrases after which an address follows; the address itself must still start with a number or a capital
	private static final Pattern CUE = Pattern.compile(
			"(?i)(?:\\baddress(?:es)?(?:\\s+is|\\s+are|\\s*:)|\\bbilling address with|\\bsent to\\?(?:\\s*user:)?|\\bsend (?:it|this|them|a new one|the \\w+) to|\\bdeliver(?:ed)? to|\\blives? (?:on|at)|\\bmeet (?:you|me) at|\\bdrops you off at|\\benter on|\\blocated at|\\boffice is at|\\bship (?:it )?to)[ \\t]*\\n?[ \\t]*");

	// an intersection: "the corner of 25 Dili Gianni Street and King Forges"
	private static final Pattern CORNER = Pattern.compile(
			"(?i:the\\s+)?(?i:corner)\\s+of\\s+[\\p{Lu}\\d][^\\n,;?!]{2,60}?\\s+and\\s+\\p{Lu}[\\p{L}\\p{M}'’.\\-]*(?:[ \\t]+(?:\\p{Lu}[\\p{L}\\p{M}'’.\\-]*|\\d{1,5}))*",
			Pattern.UNICODE_CHARACTER_CLASS);

	// after a suite or flat on the same line: a town, region code or country in capitals ("Apt. 087 SAINT-PRIEST France")
	private static final Pattern SAME_LINE_PLACE = Pattern
		.compile("\\G(?:[ \\t]+\\p{Lu}[\\p{L}\\p{M}'’.\\-]*){1,4}(?:[ \\t]+\\d{4,6})?", Pattern.UNICODE_CHARACTER_CLASS);

	private static final Pattern CUED_ADDRESS = Pattern.compile(
			"\\G[\\p{Lu}\\d][\\p{L}\\p{M}\\d'’.\\-]*(?:[ \\t]+[\\p{L}\\p{M}\\d'’.\\-]+){1,6}", Pattern.UNICODE_CHARACTER_CLASS);

	// what may follow on the same line: a suite or flat number
	private static final Pattern UNIT = Pattern
		.compile("\\G,?[ \\t]*(?:Suite|Ste\\.?|Apt\\.?|Apartment|Unit|Flat|Floor|Fl\\.?|Room|#)[ \\t]*\\d{1,5}[A-Za-z]?");

	// a further address line: town, region code, postcode, country; starts upper-case or with a digit
	private static final Pattern LINE = Pattern.compile("\\G(?:[ \\t]*,[ \\t]*|[ \\t]*\\n[ \\t]*\\n?[ \\t]*)"
			+ "(?:(?:Suite|Ste\\.?|Apt\\.?|Apartment|Unit|Flat|Floor|Room)[ \\t]*\\d{1,5}[A-Za-z]?"
			+ "|[\\p{Lu}\\d][\\p{L}\\p{M}\\d'’.()\\-]*(?:[ \\t]+[\\p{L}\\p{M}\\d'’.()\\-]+){0,4})",
			Pattern.UNICODE_CHARACTER_CLASS);

	@Override
	public PiiType type() {
		return PiiType.ADDRESS;
	}

	@Override
	public List<PiiFinding> find(String text) {
		List<PiiFinding> found = new ArrayList<>();
		Matcher cue = CUE.matcher(text);
		while (cue.find()) {
			Matcher cued = CUED_ADDRESS.matcher(text);
			// a cued address must hold a digit (house number, postcode), or it is just a place name
			if (cued.find(cue.end()) && cued.group().chars().anyMatch(Character::isDigit)) {
				int end = extend(text, trimWords(text, cued.start(), cued.end()));
				found.add(new PiiFinding(cued.start(), trimEnd(text, cued.start(), end), PiiType.ADDRESS, 0.75));
			}
		}
		Matcher corner = CORNER.matcher(text);
		while (corner.find()) {
			found.add(new PiiFinding(corner.start(), trimEnd(text, corner.start(), corner.end()), PiiType.ADDRESS, 0.8));
		}
		// every form CORE knows holds a digit (house number, box, postcode): it is tried only around digits, with
		// transparent bounds so that its look-arounds still see the text beyond
		Matcher core = CORE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
		int from = 0;
		for (int[] window : digitWindows(text)) {
			int start = Math.max(from, window[0]);
			if (start >= window[1]) {
				continue;
			}
			core.region(start, window[1]);
			while (core.find()) {
				int end = extend(text, core.end());
				found.add(new PiiFinding(core.start(), trimEnd(text, core.start(), end), PiiType.ADDRESS, 0.85));
				from = end;
				if (from >= window[1]) {
					break;
				}
				core.region(from, window[1]);
			}
		}
		return found;
	}

	/** Characters around a digit an address of CORE's forms can reach: a number and up to four words of a name. */
	private static final int DIGIT_REACH = 160;

	/** Spans of the text within {@value #DIGIT_REACH} characters of a digit, overlapping ones merged. */
	private static List<int[]> digitWindows(String text) {
		List<int[]> windows = new ArrayList<>();
		for (int i = 0; i < text.length(); i++) {
			if (!Character.isDigit(text.charAt(i))) {
				continue;
			}
			int from = Math.max(0, i - DIGIT_REACH);
			int to = Math.min(text.length(), i + 1 + DIGIT_REACH);
			if (!windows.isEmpty() && windows.getLast()[1] >= from) {
				windows.getLast()[1] = to;
			}
			else {
				windows.add(new int[] { from, to });
			}
		}
		return windows;
	}

	/** Takes in a suite or flat number, then up to four further lines no longer than a town and postcode. */
	private static int extend(String text, int end) {
		Matcher unit = UNIT.matcher(text);
		if (unit.find(end)) {
			end = unit.end();
			Matcher place = SAME_LINE_PLACE.matcher(text);
			if (place.find(end)) {
				end = place.end();
			}
		}
		Matcher line = LINE.matcher(text);
		for (int lines = 0; lines < 4 && line.find(end) && line.end() - line.start() <= 48
				&& addressLine(line.group()); lines++) {
			end = line.end();
		}
		return end;
	}

	/** Cuts a cued address before the first run of two lower-case words (where the sentence goes on). */
	private static int trimWords(String text, int start, int end) {
		Matcher words = Pattern.compile("[^ \\t]+").matcher(text).region(start, end);
		int lastGood = start;
		int lowerRun = 0;
		while (words.find()) {
			boolean lower = Character.isLowerCase(words.group().codePointAt(0));
			lowerRun = lower ? lowerRun + 1 : 0;
			if (lowerRun >= 2) {
				break;
			}
			if (!lower) {
				lastGood = words.end();
			}
		}
		return lastGood;
	}

	/** A continuation line must not read like a sentence: few words, and no lower-case word runs. */
	private static boolean addressLine(String line) {
		String body = line.replaceFirst("^[\\s,]+", "");
		if (body.isEmpty() || body.contains(":")) {
			return false;
		}
		String[] words = body.split("[ \\t]+");
		int lower = 0;
		for (String word : words) {
			if (Character.isLowerCase(word.codePointAt(0))) {
				lower++;
			}
		}
		return lower <= 1 && words.length <= 5;
	}

	private static int trimEnd(String text, int start, int end) {
		int e = end;
		while (e > start && (Character.isWhitespace(text.charAt(e - 1)) || text.charAt(e - 1) == ',')) {
			e--;
		}
		// a full stop after a whole word or a number ends the sentence; after "St" or "Str" it abbreviates
		if (e > start && text.charAt(e - 1) == '.') {
			int wordStart = e - 1;
			while (wordStart > start && !Character.isWhitespace(text.charAt(wordStart - 1))) {
				wordStart--;
			}
			String word = text.substring(wordStart, e - 1);
			if (!ABBREVIATIONS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
				e--;
			}
		}
		return e;
	}

}
