package dev.tessera.core.turn.understand;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How negative or positive a message sounds, from -1 to 1, by a small English word list: each listed word has a
 * valence, a negation within the three words before it halves and flips it ("not happy"), an intensifier before it
 * ("really", "absolutely") and capitals ("USELESS") strengthen it, and exclamation marks strengthen the whole. The
 * sum is squashed into -1..1 as VADER does ({@code s / sqrt(s² + 15)}), so one mildly negative word gives about -0.25
 * and three strong ones about -0.9. The list was written for this project.
 * <p>
 * Cost: one pass over the words; no model. Limitations: English only; sarcasm, and words outside the list, are
 * missed. It is a signal for bringing a person into a complaint, not a measured classifier: no labelled sentiment
 * data is among the project's data sets, so no accuracy is claimed.
 */
public final class LexiconSentiment {

	private static final Pattern WORD = Pattern.compile("[\\p{L}']+|!");

	private static final double ALPHA = 15;

	private static final Map<String, Double> VALENCE = Map.ofEntries(
			// strongly negative: anger, disgust, being let down
			Map.entry("furious", -3.0), Map.entry("outraged", -3.0), Map.entry("disgusting", -3.0),
			Map.entry("disgraceful", -3.0), Map.entry("appalling", -3.0), Map.entry("horrible", -2.8),
			Map.entry("terrible", -2.8), Map.entry("awful", -2.8), Map.entry("worst", -3.0),
			Map.entry("pathetic", -2.8), Map.entry("useless", -2.6), Map.entry("unacceptable", -2.8),
			Map.entry("ridiculous", -2.4), Map.entry("scam", -3.0), Map.entry("fraud", -3.0),
			Map.entry("liars", -3.0), Map.entry("lied", -2.6), Map.entry("hate", -2.8), Map.entry("sick", -1.8),
			Map.entry("fed", -1.0), Map.entry("livid", -3.0), Map.entry("incompetent", -2.8),
			Map.entry("shocking", -2.4), Map.entry("rubbish", -2.4), Map.entry("garbage", -2.6),
			Map.entry("joke", -1.6), Map.entry("nightmare", -2.6), Map.entry("shameful", -2.8),
			// negative: annoyance, disappointment, trouble
			Map.entry("angry", -2.4), Map.entry("annoyed", -2.0), Map.entry("annoying", -2.0),
			Map.entry("frustrated", -2.2), Map.entry("frustrating", -2.2), Map.entry("upset", -2.0),
			Map.entry("disappointed", -2.0), Map.entry("disappointing", -2.0), Map.entry("unhappy", -2.0),
			Map.entry("bad", -1.8), Map.entry("poor", -1.6), Map.entry("rude", -2.2), Map.entry("broken", -1.4),
			Map.entry("damaged", -1.2), Map.entry("wrong", -1.2), Map.entry("late", -0.8), Map.entry("never", -0.6),
			Map.entry("still", -0.3), Map.entry("again", -0.4), Map.entry("ignored", -2.0), Map.entry("waste", -2.2),
			Map.entry("wasted", -2.2), Map.entry("fault", -1.2), Map.entry("problem", -1.0),
			Map.entry("complaint", -1.4), Map.entry("complain", -1.4), Map.entry("sucks", -2.4),
			Map.entry("unreliable", -2.0), Map.entry("misleading", -2.2), Map.entry("lost", -1.0),
			Map.entry("careless", -2.0), Map.entry("nobody", -1.0), Map.entry("enough", -0.8),
			// positive
			Map.entry("thanks", 1.6), Map.entry("thank", 1.6), Map.entry("great", 2.4), Map.entry("good", 1.8),
			Map.entry("excellent", 2.8), Map.entry("perfect", 2.6), Map.entry("happy", 2.2),
			Map.entry("love", 2.6), Map.entry("lovely", 2.4), Map.entry("helpful", 2.0), Map.entry("pleased", 2.0),
			Map.entry("satisfied", 2.0), Map.entry("fine", 0.8), Map.entry("nice", 1.8), Map.entry("fast", 1.0),
			Map.entry("quick", 1.0), Map.entry("amazing", 2.8), Map.entry("appreciate", 2.0),
			Map.entry("please", 0.2));

	private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "don't", "doesn't", "didn't", "isn't",
			"wasn't", "aren't", "won't", "can't", "cannot", "hardly", "nothing", "without");

	private static final Map<String, Double> INTENSIFIERS = Map.of("very", 1.5, "really", 1.4, "so", 1.3, "extremely",
			1.8, "absolutely", 1.8, "totally", 1.6, "completely", 1.6, "utterly", 1.8, "incredibly", 1.7, "most", 1.4);

	public double score(String text) {
		String[] tokens = WORD.matcher(text).results().map(java.util.regex.MatchResult::group).toArray(String[]::new);
		double sum = 0;
		int exclamations = 0;
		for (int i = 0; i < tokens.length; i++) {
			String token = tokens[i];
			if (token.equals("!")) {
				exclamations++;
				continue;
			}
			String word = token.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
			Double valence = VALENCE.get(word);
			if (valence == null) {
				continue;
			}
			double value = valence;
			if (token.length() >= 3 && token.equals(token.toUpperCase(Locale.ROOT))) {
				value *= 1.3; // shouted
			}
			for (int back = 1; back <= 3 && i - back >= 0; back++) {
				String before = tokens[i - back].toLowerCase(Locale.ROOT).replace('\u2019', '\'');
				if (NEGATIONS.contains(before)) {
					value *= -0.5;
					break;
				}
				if (back == 1 && INTENSIFIERS.containsKey(before)) {
					value *= INTENSIFIERS.get(before);
				}
			}
			sum += value;
		}
		if (sum != 0 && exclamations > 0) {
			sum *= 1 + 0.15 * Math.min(3, exclamations);
		}
		return sum / Math.sqrt(sum * sum + ALPHA);
	}

}
