package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.tessera.core.heads.HeadPrediction;

/**
 * Triage of a free-text description: how urgently to seek care, with the reasons.
 * <ol>
 * <li>Red flags ({@link RedFlags}) and danger-zone vital signs and severe pain ({@link DangerZone}) make it an
 * emergency, whatever else it says: they always win.</li>
 * <li>Below them, the urgency head (a classifier trained on the pack's {@code examples/urgency.csv}) and the softer
 * rules ({@link SoftRules}) each ask for a level; the most urgent wins. Neither can lower what a red flag asks for.
 * The head's "emergency" counts as urgent: an emergency needs a finding a clinician can read, and the head cannot
 * read negations ("no chest pain, just a sore throat").</li>
 * <li>With neither a finding nor the head's word, the level is routine: the safe default for a complaint nobody has
 * assessed.</li>
 * </ol>
 * It also says whether the description reports someone's symptoms (those need age, duration and severity before any
 * advice, see {@link TriageAssessment#needsFollowUp()}) and whether it asks for a medicine dose.
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
	 * @param description the person's own words (one message, or several gathered over follow-up questions)
	 * @param urgencyHead what the urgency head says of the description, when the assistant has one
	 */
	public TriageAssessment assess(String description, Optional<HeadPrediction> urgencyHead) {
		ClinicalText text = ClinicalText.of(description);
		PatientFacts facts = PatientFacts.parse(text);
		List<TriageReason> reasons = new ArrayList<>();
		reasons.addAll(RedFlags.find(text));
		reasons.addAll(DangerZone.find(text, facts));
		reasons.addAll(SoftRules.find(text, facts));
		urgencyHead.flatMap(TriageAssessor::fromHead).ifPresent(reasons::add);
		if (reasons.isEmpty()) {
			reasons.add(new TriageReason(UrgencyLevel.ROUTINE, "default", "",
					"no warning sign found and no word from the urgency head: a routine appointment is the safe default"));
		}
		// stable: within a level, red flags before vital signs before softer rules before the head
		reasons.sort(Comparator.comparing(TriageReason::level).reversed());
		UrgencyLevel level = reasons.getFirst().level();
		boolean report = text.mentions(PERSONAL) && text.mentions(SYMPTOM);
		return new TriageAssessment(level, reasons, facts, report, report ? facts.missing() : List.of(),
				ClinicalAdvice.asksForDose(description), facts.complaint(text));
	}

	/**
	 * The head's level, at most urgent: an emergency needs a finding a clinician can read (the head cannot read "no
	 * chest pain"), and urgent still sends the person to a doctor the same day.
	 */
	private static Optional<TriageReason> fromHead(HeadPrediction prediction) {
		return prediction.decision().flatMap(UrgencyLevel::fromLabel).map(level -> {
			String evidence = String.format(Locale.ROOT, "%s %.2f", prediction.label(), prediction.confidence());
			if (level == UrgencyLevel.EMERGENCY) {
				return new TriageReason(UrgencyLevel.URGENT, "head:urgency", evidence,
						"the urgency head (a classifier trained on the pack's examples) says emergency; without a red"
								+ " flag that counts as urgent");
			}
			return new TriageReason(level, "head:urgency", evidence,
					"the urgency head (a classifier trained on the pack's examples) says " + level.label());
		});
	}

}
