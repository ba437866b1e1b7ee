package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.inference.encoder.TextEmbedder;

/**
 * Triage of a free-text description: how urgently to seek care, with the reasons.
 * <ol>
 * <li>The acuity model ({@link AcuityModel}, trained on emergency-department records and ESI vignettes) reads the
 * typed findings, the rules' findings and the words, and its operating point turns the probabilities into a level; a
 * case in its uncertain band goes up one level.</li>
 * <li>Red flags ({@link RedFlags}) and the emergency-level danger-zone findings ({@link DangerZone}) are a floor:
 * they raise the level to theirs, never lower it.</li>
 * <li>A description that cannot be read safely (an implausible reading, another language, no words, pages of text)
 * gets no level, {@link TriageAssessment#unreadable()} says why; unless the floor found an emergency, which still
 * wins.</li>
 * </ol>
 * It also says whether the description reports someone's symptoms, which facts it lacks (the one whose answer would
 * most change the level first) and whether it asks for a medicine dose.
 * <p>
 * Stateless and thread-safe; the same code serves the chat turn and the {@code triage} bench.
 */
public final class TriageAssessor {

	/** Someone telling of their own or another person's symptoms, rather than asking in general. */
	private static final Pattern PERSONAL = Pattern.compile("\\b(?:my|me|i'm|i've|i'd|we've|our|his|her|their"
			+ "|patient)\\b|\\bi (?:have|had|got|am|feel|felt|keep|can't|cannot|think|was|woke|started|cut|burned|burnt"
			+ "|twisted|sprained|broke|fell|hurt|banged|hit|bumped|injured|scalded|stubbed|pulled|vomited|threw|fainted"
			+ "|passed|collapsed|took|ate|need)\\b|\\b(?:he|she|they) (?:has|have|had|is|was|feels|felt|keeps|can't"
			+ "|cannot|fell|hit|cut|took|got|seems|looks|woke|started|vomited|collapsed|complains)\\b"
			+ "|\\b\\d{1,3}[-\\s]*(?:years?|months?|weeks?)[-\\s]*old\\b");

	private static final Pattern SYMPTOM = Pattern.compile("\\b(?:pain\\w*|ach(?:e|es|ing|y)|hurts?|hurting|sore\\w*"
			+ "|fever\\w*|temperature|cough\\w*|cold|flu|rash\\w*|itch\\w*|bleed\\w*|bloody|cut|cuts|wound\\w*"
			+ "|burn(?:s|ed|t)?|bruis\\w*|swell\\w*|swollen|lump\\w*|vomit\\w*|throw(?:ing)? up|threw up|sick|nause\\w*"
			+ "|diarrh\\w*|constipat\\w*|dizz\\w*|faint\\w*|headache\\w*|migraine\\w*|sprain\\w*|twist\\w*|broke|broken"
			+ "|fractur\\w*|injur\\w*|fell|fall|sting\\w*|stung|bite|bitten|bites|tired\\w*|fatigue\\w*|exhausted"
			+ "|breath\\w*|wheez\\w*|numb\\w*|tingl\\w*|weak\\w*|spots?|blister\\w*|discharge|infect\\w*|pee|urinat\\w*"
			+ "|cramp\\w*|toothache|earache|stiff\\w*|unwell|ill|symptoms?|sunburn\\w*|hangover|congest\\w*|runny"
			+ "|blocked|sneez\\w*|insomnia|palpitat\\w*|chest|throat|seizure\\w*|unconscious|collaps\\w*|confus\\w*"
			+ "|chapped|bump\\w*|graze\\w*|scrape\\w*|scratch\\w*|mole|pus|redness|red|allerg\\w*|hives|reaction|lump"
			+ "|eczema|psoriasis|acne|wart\\w*|vision|eye|ear|tooth|stomach|tummy|belly|abdom\\w*|back|knee|ankle|wrist"
			+ "|leg|arm|head|foot|feet|hand|finger|toe)\\b");

	/**
	 * The longest description read: a few paragraphs. A longer one is not assessed (its reply asks for the main
	 * problem in a few sentences): a level found somewhere in pages of text would be a guess, and reading them costs
	 * seconds.
	 */
	public static final int MAX_CHARACTERS = 4000;

	/** English words common in any description; a long text with almost none of them is in another language. */
	private static final Set<String> ENGLISH = Set.of("the", "a", "an", "i", "my", "me", "is", "am", "are", "was",
			"have", "has", "had", "and", "or", "of", "in", "on", "to", "with", "for", "it", "he", "she", "his", "her",
			"they", "since", "at", "not", "no", "pain", "hurts", "feel", "very", "this", "that", "from", "after", "can",
			"been", "be", "old", "years", "year", "day", "days", "week", "hours", "ago", "today", "yesterday", "bad");

	private static final Pattern BREATH = Pattern.compile("\\bbreath\\w*|\\bwheez\\w*");

	private static final Pattern LATIN_WORD = Pattern.compile("[a-z']+");

	private static final Pattern LETTER = Pattern.compile("\\p{L}");

	private final AcuityModel model;

	private final TextEmbedder embedder;

	/**
	 * @param model the acuity model (the pack's, see {@link AcuityModel#bundled()})
	 * @param embedder the encoder the model was trained with, or {@code null} when it reads no encoder vector
	 * @throws IllegalArgumentException when the encoder is not the one the model was trained with
	 */
	public TriageAssessor(AcuityModel model, TextEmbedder embedder) {
		String given = embedder == null ? AcuityModel.NO_ENCODER : embedder.name();
		if (!model.encoder().equals(AcuityModel.NO_ENCODER) && !model.encoder().equals(given)) {
			throw new IllegalArgumentException("the acuity model " + model.version() + " was trained on the encoder "
					+ model.encoder() + ", not " + given + ": its weights mean nothing in another embedding space;"
					+ " retrain it (bench triage-train) or configure that encoder");
		}
		this.model = model;
		this.embedder = model.encoder().equals(AcuityModel.NO_ENCODER) ? null : embedder;
	}

	public AcuityModel model() {
		return this.model;
	}

	/** @param description the person's own words (one message, or several gathered over follow-up questions) */
	public TriageAssessment assess(String description) {
		if (description.length() > MAX_CHARACTERS) {
			TriageReading empty = TriageReading.of("");
			return new TriageAssessment(UrgencyLevel.ROUTINE, List.of(), empty.facts(), empty.findings(),
					new double[3], false, false, List.of(), false, "",
					Optional.of("the description is longer than " + MAX_CHARACTERS + " characters"));
		}
		TriageReading reading = TriageReading.of(description);
		ClinicalText text = reading.text();
		PatientFacts facts = reading.facts();
		float[] vector = this.embedder == null ? null : this.embedder.embed(List.of(reading.complaintText())).getFirst();
		Map<String, Double> features = reading.features(vector);
		double[] atLeast = this.model.atLeast(features);
		List<String> worrying = reading.worrying();
		AcuityModel.Decision decision = this.model.point().decide(atLeast, !worrying.isEmpty());
		List<TriageReason> reasons = new ArrayList<>(reading.floor());
		reasons.add(modelReason(decision, atLeast, features, worrying));
		// stable: within a level, red flags before vital signs before the model
		reasons.sort(Comparator.comparing(TriageReason::level).reversed());
		UrgencyLevel level = reasons.getFirst().level();
		boolean report = text.mentions(PERSONAL) && text.mentions(SYMPTOM);
		List<MissingFact> missing = report && level != UrgencyLevel.EMERGENCY
				? ranked(description, reading, level, vector,
						decision.uncertain() && decision.level() == UrgencyLevel.URGENT) : List.of();
		// an emergency the floor found in plain words wins over a reading that cannot be right
		Optional<String> unreadable = reading.floorLevel().filter(UrgencyLevel.EMERGENCY::equals).isPresent()
				? Optional.empty() : unreadable(text, facts);
		return new TriageAssessment(level, reasons, facts, reading.findings(), atLeast, decision.uncertain(), report,
				missing, ClinicalAdvice.asksForDose(description), facts.complaint(text), unreadable);
	}

	private TriageReason modelReason(AcuityModel.Decision decision, double[] atLeast, Map<String, Double> features,
			List<String> worrying) {
		AcuityModel.OperatingPoint point = this.model.point();
		String evidence = String.format(Locale.ROOT,
				"P(>=emergency) %.2f (threshold %.2f), P(>=urgent) %.2f (%.2f), P(>=routine) %.2f (%.2f)", atLeast[0],
				point.emergency(), atLeast[1], point.urgent(), atLeast[2], point.routine());
		int boundary = Math.min(2, 3 - decision.level().ordinal());
		String drivers = String.join(", ", this.model.boundaries().get(boundary).strongest(features, 4));
		String gate = worrying.isEmpty() && atLeast[0] >= point.emergency()
				? "; P(>=emergency) is over its threshold, but no finding could make it an emergency (an abnormal"
						+ " reading, altered mental status, pain of 4 or more, a high-risk complaint): the emergency"
						+ " boundary waits for one, and a question asks for it"
				: "";
		String why = (decision.uncertain()
				? "the acuity model (" + this.model.version() + ") says " + decision.unraised().label()
						+ ", close enough to " + decision.level().label()
						+ " to fall in its uncertain band: raised one level; strongest inputs " + drivers
				: "the acuity model (" + this.model.version() + ") says " + decision.level().label()
						+ "; strongest inputs " + drivers) + gate;
		return new TriageReason(decision.level(), decision.uncertain() ? "model:acuity-uncertain" : "model:acuity",
				evidence, why);
	}

	/**
	 * The facts the report lacks, the one whose answer would move the model most first: each is tried with a
	 * reassuring and a worrying answer, and the change in the probability of the level above counts.
	 */
	private List<MissingFact> ranked(String description, TriageReading reading, UrgencyLevel level, float[] vector,
			boolean nearEmergency) {
		List<MissingFact> missing = missing(reading, nearEmergency);
		if (missing.size() < 2) {
			return missing;
		}
		int boundary = 2 - level.ordinal(); // the boundary just above the level
		Map<MissingFact, Double> swing = new LinkedHashMap<>();
		for (MissingFact fact : missing) {
			// the complaint stays what it was: its vector is reused
			double worrying = this.model
				.atLeast(TriageReading.of(description + ". " + fact.worrying()).features(vector))[boundary];
			double reassuring = this.model
				.atLeast(TriageReading.of(description + ". " + fact.reassuring()).features(vector))[boundary];
			swing.put(fact, Math.abs(worrying - reassuring));
		}
		return missing.stream().sorted(Comparator.comparing((MissingFact f) -> -swing.get(f))).toList();
	}

	/**
	 * Age, onset and severity, when not given: every assessment needs them. Mental status and breathing only for a
	 * case the uncertain band raised to urgent, where their answer may decide between a doctor today and an emergency
	 * (a sprained ankle needs no question about consciousness).
	 */
	private static List<MissingFact> missing(TriageReading reading, boolean nearEmergency) {
		PatientFacts facts = reading.facts();
		ClinicalFindings findings = reading.findings();
		List<MissingFact> missing = new ArrayList<>();
		if (facts.ageWords().isEmpty()) {
			missing.add(MissingFact.AGE);
		}
		if (facts.durationWords().isEmpty() && !findings.has("onset")) {
			missing.add(MissingFact.DURATION);
		}
		if (facts.severityWords().isEmpty()) {
			missing.add(MissingFact.SEVERITY);
		}
		if (nearEmergency && !findings.has("mental-status") && !findings.has("gcs")) {
			missing.add(MissingFact.MENTAL_STATUS);
		}
		if (nearEmergency && !findings.has("respiratory-rate") && !findings.has("spo2") && !reading.text().mentions(BREATH)) {
			missing.add(MissingFact.BREATHING);
		}
		return missing;
	}

	/** Why the description cannot be assessed, if it cannot. */
	private static Optional<String> unreadable(ClinicalText text, PatientFacts facts) {
		if (!LETTER.matcher(text.text()).find()) {
			return Optional.of("the description has no words to assess");
		}
		if (!facts.vitals().implausible().isEmpty()) {
			return Optional.of("a reading no living person can have: " + String.join(", ", facts.vitals().implausible())
					+ "; it must be checked before any assessment");
		}
		Matcher word = LATIN_WORD.matcher(text.text());
		int words = 0;
		int english = 0;
		while (word.find()) {
			words++;
			english += ENGLISH.contains(word.group()) ? 1 : 0;
		}
		int letters = (int) text.text().codePoints().filter(Character::isLetter).count();
		int latin = (int) text.text().codePoints().filter(c -> c >= 'a' && c <= 'z').count();
		if (letters >= 12 && (latin < letters / 2 || (words >= 4 && english == 0))) {
			return Optional.of("the description does not read as English, the only language this assessment reads");
		}
		return Optional.empty();
	}

}
