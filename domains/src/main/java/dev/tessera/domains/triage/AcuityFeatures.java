package dev.tessera.domains.triage;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The acuity model's inputs, named so that a reviewer can read the model's weights: the typed findings as bands a
 * clinician would use (heart rate above 100, above 120; SpO2 below 95, below 92 ...); a finding not given adds
 * nothing (no "not given" feature: in emergency-department records a missing vital sign marks the sickest patients,
 * who could not be measured, while in a chat it is the rule, so it must carry no weight); the rules' findings
 * (red flags, danger-zone vital signs, softer cues) as indicators; and the description's words.
 * <p>
 * Words that only say how a record was written ("arrives at the emergency department with a chief complaint of") are
 * left out: they tell one data source from another, not one patient from another.
 */
final class AcuityFeatures {

	private static final Pattern WORD = Pattern.compile("[a-z](?:[a-z]|'[a-z]){2,}");

	/** Function words and the record templates' own words. */
	private static final Set<String> IGNORED = Set.of("the", "and", "for", "with", "was", "were", "has", "had",
			"have", "his", "her", "him", "she", "they", "their", "them", "this", "that", "from", "who", "which", "are",
			"but", "not", "been", "being", "there", "into", "onto", "about", "after", "before", "also", "then", "than",
			"when", "while", "year", "years", "old", "year-old", "arrives", "arrived", "emergency", "department",
			"chief", "complaint", "reports", "level", "mentally", "patient", "bpm", "mmhg", "breaths", "min",
			"temperature", "heart", "rate", "respiratory", "systolic", "diastolic", "blood", "pressure", "private",
			"vehicle", "via", "sustained", "man", "woman", "male", "female", "presents", "states", "tells", "you",
			"your", "you're", "i'm", "what", "why", "how", "can", "could", "would", "should", "will", "did", "does",
			"she's", "he's", "it's", "its", "all", "any", "some", "our", "out", "over", "very", "just", "now", "yesterday",
			"today", "vital", "signs", "alert", "response", "verbal", "pain");

	private AcuityFeatures() {
	}

	/**
	 * @param text the description as triage reads it
	 * @param facts age, duration, severity, vital signs
	 * @param findings the typed findings
	 * @param ruleFindings what the red flags, danger-zone and softer rules found
	 * @return feature name to value, every value in [0, 1]
	 */
	static Map<String, Double> of(ClinicalText text, PatientFacts facts, ClinicalFindings findings,
			List<TriageReason> ruleFindings) {
		Map<String, Double> f = new TreeMap<>();
		OptionalDouble age = facts.ageYears();
		if (age.isPresent()) {
			double years = age.getAsDouble();
			f.put("age:years/100", Math.min(1, years / 100));
			flag(f, "age:<18", years < 18);
			flag(f, "age:<3", years < 3);
			flag(f, "age:>=65", years >= 65);
			flag(f, "age:>=80", years >= 80);
		}
		findings.get("sex").ifPresent(sex -> f.put("sex:" + sex.value(), 1.0));
		findings.get("arrival").ifPresent(arrival -> f.put("arrival:" + arrival.value(), 1.0));
		flag(f, "trauma", findings.has("trauma"));
		flag(f, "pregnancy", findings.has("pregnancy"));
		flag(f, "onset:sudden", findings.has("onset"));
		OptionalDouble days = facts.durationDays();
		if (days.isPresent()) {
			flag(f, "duration:<1d", days.getAsDouble() < 1);
			flag(f, "duration:>=7d", days.getAsDouble() >= 7);
			flag(f, "duration:>=14d", days.getAsDouble() >= 14);
		}
		band(f, findings.number("heart-rate"), "hr", new double[] { 50, 40 }, new double[] { 100, 120, 140 });
		band(f, findings.number("respiratory-rate"), "rr", new double[] { 10 }, new double[] { 20, 24, 30 });
		band(f, findings.number("spo2"), "spo2", new double[] { 95, 92, 88 }, new double[] {});
		band(f, findings.number("systolic-bp"), "sbp", new double[] { 100, 90, 80 }, new double[] { 160, 180 });
		band(f, findings.number("diastolic-bp"), "dbp", new double[] { 50 }, new double[] { 100, 110, 120 });
		band(f, findings.number("temperature"), "temp", new double[] { 35.5 }, new double[] { 37.9, 38.9, 39.9 });
		OptionalDouble gcs = findings.number("gcs");
		gcs.ifPresent(g -> {
			flag(f, "gcs:<15", g < 15);
			flag(f, "gcs:<9", g < 9);
		});
		findings.mentalStatus().ifPresent(status -> f.put("mental:" + status.label(), 1.0));
		OptionalDouble pain = findings.number("pain");
		if (pain.isPresent()) {
			f.put("pain:score/10", pain.getAsDouble() / 10);
			flag(f, "pain:>=4", pain.getAsDouble() >= 4);
			flag(f, "pain:>=7", pain.getAsDouble() >= 7);
		}
		int flags = 0;
		for (TriageReason reason : ruleFindings) {
			f.put("rule:" + reason.rule(), 1.0);
			f.merge("rule-level:" + reason.level().label(), 1.0, Math::max);
			flags += reason.rule().startsWith("red-flag:") ? 1 : 0;
		}
		flag(f, "red-flags:>=2", flags >= 2);
		int topics = 0;
		for (String topic : ComplaintTopics.find(text).keySet()) {
			f.put("topic:" + topic, 1.0);
			topics++;
		}
		flag(f, "topics:>=3", topics >= 3);
		// interactions a linear model cannot form: a high pain score means more in the chest or abdomen (KTAS
		// "central pain"), and abnormal vital signs mean more in the old
		boolean central = f.containsKey("topic:chest") || f.containsKey("topic:abdominal") || f.containsKey("topic:headache");
		flag(f, "pain:>=7&central", central && f.containsKey("pain:>=7"));
		boolean abnormal = f.keySet().stream().anyMatch(k -> k.matches("(?:hr:>1[02]0|rr:>2[04]|spo2:<9[25]|sbp:<(?:90|100)|temp:>38.9)"));
		flag(f, "abnormal-vital", abnormal);
		flag(f, "abnormal-vital&age:>=65", abnormal && f.containsKey("age:>=65"));
		Matcher word = WORD.matcher(text.text());
		while (word.find()) {
			String w = word.group();
			if (!IGNORED.contains(w) && text.isAffirmed(word.start(), word.end())) {
				f.put("word:" + stem(w), 1.0);
			}
		}
		return f;
	}

	/** A reading as bands below and above normal, or "not given". */
	private static void band(Map<String, Double> f, OptionalDouble value, String name, double[] below, double[] above) {
		if (value.isEmpty()) {
			return;
		}
		double v = value.getAsDouble();
		for (double limit : below) {
			flag(f, name + ":<" + trim(limit), v < limit);
		}
		for (double limit : above) {
			flag(f, name + ":>" + trim(limit), v > limit);
		}
	}

	private static void flag(Map<String, Double> f, String name, boolean on) {
		if (on) {
			f.put(name, 1.0);
		}
	}

	/** Plural and verb endings folded, so "vomits" and "vomiting" are one feature (a light stemmer is enough here). */
	static String stem(String word) {
		for (String suffix : List.of("ing", "ed", "es", "s")) {
			if (word.length() > suffix.length() + 3 && word.endsWith(suffix)) {
				return word.substring(0, word.length() - suffix.length());
			}
		}
		return word;
	}

	private static String trim(double limit) {
		return limit == Math.rint(limit) ? Long.toString((long) limit) : Double.toString(limit);
	}

}
