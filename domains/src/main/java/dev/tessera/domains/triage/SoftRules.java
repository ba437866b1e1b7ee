package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Findings below the red flags, from common triage guidance (NHS 111 dispositions, ESI "resources" reasoning, NICE
 * guidance where named, and this pack's own "when to seek care" knowledge): what needs a doctor today (a possible
 * fracture, a wound that needs closing, spreading infection, a problem in pregnancy or after surgery, abdominal pain,
 * a painful swollen leg...), what can wait for a routine appointment (prescriptions, check-ups, symptoms for weeks)
 * and what can be looked after at home (mild colds, small cuts). They are inputs of the acuity model (named
 * {@code rule:soft:...}), not a floor: the model learned how much each is worth.
 */
final class SoftRules {

	private static final String SYMPTOM = "\\b(?:pain\\w*|hurts?|ache\\w*|aching|fever\\w*|temperature|vomit\\w*"
			+ "|throw(?:ing)? up|swollen|swelling|red|redness|bleed\\w*|discharge|leak\\w*|cramp\\w*|headache|spotting)\\b";

	private static final Pattern URINARY = Pattern.compile("\\b(?:burn\\w*|sting\\w*|pain\\w*|hurts?)\\b"
			+ "(?:\\W+\\w+){0,3}?\\W+(?:when|while) (?:i |she |he |you |they )?(?:pee|urinat\\w*|wee)\\w*"
			+ "|\\bdysuria\\b|\\burinary tract infection\\b|\\buti\\b|\\bcystitis\\b");

	private static final Pattern FEVER = Pattern.compile("\\bfever\\w*|\\bhigh temperature\\b");

	private static final List<Cue> CUES = List.of(
			// see a doctor today
			cue(UrgencyLevel.URGENT, "possible-fracture", "a possible fracture or dislocation needs an X-ray today",
					"\\b(?:broke|broken|fractur\\w*|dislocat\\w*|deformit\\w*|deformed)\\b",
					"\\b(?:can't|cannot|unable to|can hardly|can barely|couldn't) (?:put (?:any )?weight|bear weight|walk)\\b",
					"\\bshortened and (?:externally )?rotated\\b", "\\bbone (?:is )?(?:sticking|poking) out\\b"),
			cue(UrgencyLevel.URGENT, "wound-needs-care", "a deep or gaping wound may need closing and cleaning today",
					"\\blacerat\\w*", "\\b(?:deep|gaping|large|long|wide) (?:cut|wound|gash)\\b",
					"\\bneeds? (?:stitches|sutures|glue)\\b", "\\bgash\\w*"),
			cue(UrgencyLevel.URGENT, "bite", "an animal or human bite can become infected and may need a vaccine",
					"\\b(?:bitten|bit|scratched) by (?:a |an |my |the |our |his |her |their )?(?:dog|cat|bat|fox|monkey"
							+ "|rat|animal|snake|stranger|person|child)\\b",
					"\\b(?:dog|cat|bat|animal|snake|human) (?:bite|scratch)\\b"),
			cue(UrgencyLevel.URGENT, "spreading-infection",
					"signs of a spreading infection (redness, heat, swelling, pus) need a doctor today", "\\bpus\\b",
					"\\b(?:spreading|increasing) redness\\b", "\\bred streaks?\\b", "\\binfected\\b",
					"\\bcellulitis\\b", "\\babscess\\w*",
					"\\bred(?:dened)?\\b(?:\\W+\\w+){0,3}?\\W+(?:swollen|swelling|warm|hot)\\b",
					"\\b(?:swollen|warm|hot)\\b(?:\\W+\\w+){0,3}?\\W+red\\b"),
			cue(UrgencyLevel.URGENT, "high-fever", "a high fever (39 \u00b0C or more) needs a doctor today",
					"\\bhigh fever\\b", "\\bvery high temperature\\b"),
			cue(UrgencyLevel.URGENT, "dehydration", "vomiting that stops fluids staying down risks dehydration",
					"\\b(?:can't|cannot|unable to|not able to|couldn't) keep (?:any )?(?:fluids|water|anything|food"
							+ "|drinks?) down\\b",
					"\\bdehydrat\\w*", "\\b(?:barely|not|hasn't been|hardly) (?:drinking|peeing|urinating|weeing)\\b",
					"\\bkeeps? (?:on )?(?:vomiting|throwing up)\\b",
					"\\bvomit\\w* (?:all day|all night|continuously|repeatedly|for hours|every time)\\b",
					"\\bthrow up every time\\b", "\\bretching\\b"),
			cue(UrgencyLevel.URGENT, "pregnancy-problem",
					"bleeding, pain, vomiting or fever in pregnancy or after a birth needs a midwife or doctor today",
					List.of("\\bpregnan\\w*", "\\bpost[- ]?partum\\b", "\\bhad (?:a|my|her) baby\\b"), List.of(SYMPTOM)),
			cue(UrgencyLevel.URGENT, "eye-problem", "an eye injury or a change in vision needs checking today",
					"\\b(?:blurr(?:y|ed)|double|reduced) vision\\b", "\\bvision (?:is |has )?(?:blurry|blurred|worse)\\b",
					"\\b(?:chemical|something|object|glass|metal|grit)\\b(?:\\W+\\w+){0,2}?\\W+in (?:my|his|her|the) eye\\b",
					"\\b(?:hit|poked|scratched|injured|struck)\\b(?:\\W+\\w+){0,4}?\\W+eye\\b"),
			cue(UrgencyLevel.URGENT, "urinary-with-fever-or-back-pain",
					"urinary symptoms with fever or back pain can be a kidney infection", List.of(URINARY.pattern()),
					List.of("\\b(?:back pain|pain in (?:my|his|her|the) (?:back|side)|flank|loin|fever\\w*|shiver\\w*"
							+ "|chills|rigors|vomit\\w*)\\b")),
			new Cue(UrgencyLevel.URGENT, "abdominal-pain", "abdominal pain needs a doctor's examination today",
					patterns("\\b(?:abdominal|abdomen|stomach|belly|tummy|pelvic|groin|(?:lower|upper)[- ]?(?:left|right)"
							+ "[- ]?quadrant|lower right|right lower)\\b(?:\\W+\\w+){0,3}?\\W+(?:pain|ache|aching|cramp\\w*"
							+ "|hurts|tender\\w*)\\b",
							"\\b(?:pain|ache|cramp\\w*)\\b(?:\\W+\\w+){0,8}?\\W+(?:abdomen|abdominal|stomach|belly|tummy"
									+ "|pelvis|groin)\\b"),
					List.of(), patterns("\\b(?:mild|mildly|slight|slightly|a bit of|a little|minor)\\b")),
			cue(UrgencyLevel.URGENT, "wheeze-or-asthma",
					"wheezing, or an inhaler that no longer helps, needs a doctor today", "\\bwheez\\w*",
					"\\b(?:inhaler|puffer|nebuli[sz]er)\\b(?:\\W+\\w+){0,6}?\\W+(?:not|isn't|doesn't|no longer|n't)\\b"
							+ "(?:\\W+\\w+){0,3}?\\W*(?:help\\w*|work\\w*)",
					"\\basthma attack\\b"),
			cue(UrgencyLevel.URGENT, "worsening-fast", "symptoms getting worse quickly need a doctor today",
					"\\b(?:getting worse|worsening|spreading) (?:quickly|rapidly|fast|by the hour)\\b",
					"\\brapidly (?:spreading|worsening)\\b", "\\bspreading rash\\b"),
			cue(UrgencyLevel.URGENT, "possible-clot", "a painful, swollen leg can be a blood clot (DVT)",
					List.of("\\b(?:calf|leg)\\b(?:\\W+\\w+){0,5}?\\W+(?:swollen|swelling)\\b",
							"\\b(?:swollen|swelling)\\b(?:\\W+\\w+){0,4}?\\W+(?:calf|leg)\\b"),
					List.of("\\b(?:pain\\w*|hurts?|ache\\w*|aching|sore|tender\\w*)\\b")),
			cue(UrgencyLevel.URGENT, "possible-clot", "a suspected blood clot needs a doctor today", "\\bdvt\\b",
					"\\bdeep vein\\b", "\\bblood clot\\b"),
			cue(UrgencyLevel.URGENT, "after-surgery",
					"a problem after recent surgery or a procedure needs a doctor or the surgical team today",
					List.of("\\bpost[- ]?op\\w*", "\\b(?:\\d+|a few|two|three|four|five|six) (?:days?|weeks?) post\\b",
							"\\bafter (?:my |his |her |the )?(?:surgery|operation|procedure)\\b",
							"\\b(?:surgery|operation|replacement|bypass|procedure|abortion|c-section|caesarean)\\b"
									+ "(?:\\W+\\w+){0,4}?\\W+(?:ago|weeks?|days?)\\b"),
					List.of(SYMPTOM)),
			cue(UrgencyLevel.URGENT, "head-injury", "a head injury should be checked today (NICE CG176)",
					"\\b(?:hit|hits|banged|bumped|struck|knocked|hurt|injured) (?:his |her |my |their |the |your )?head\\b",
					"\\bhead (?:injury|trauma|wound)\\b"),
			cue(UrgencyLevel.URGENT, "diabetes-and-vomiting",
					"someone with diabetes who is vomiting or not eating risks ketoacidosis or low blood sugar",
					List.of("\\bdiabet\\w*", "\\binsulin\\b"),
					List.of("\\b(?:vomit\\w*|throw(?:ing)? up|can't eat|not eaten|hasn't eaten|haven't eaten|(?:high|low)"
							+ " (?:blood )?sugar\\w*|hypo\\w*)\\b")),
			cue(UrgencyLevel.URGENT, "sickle-cell", "a sickle cell crisis needs pain relief and assessment today",
					"\\bsickle[- ]cell\\b"),
			cue(UrgencyLevel.URGENT, "withdrawal",
					"withdrawal from alcohol or drugs can become dangerous (seizures, delirium)",
					List.of("\\bwithdrawal\\b", "\\btremors?\\b", "\\bthe shakes\\b", "\\bshaking\\b", "\\bshaky\\b"),
					List.of("\\b(?:alcohol\\w*|drink\\w*|beer|vodka|wine|spirits|heroin|opioid\\w*|opiate\\w*|benzo\\w*)\\b")),
			cue(UrgencyLevel.URGENT, "kidney-stone", "kidney stone or loin pain needs a doctor today",
					"\\bkidney stones?\\b", "\\brenal colic\\b", "\\bflank pain\\b", "\\bloin pain\\b",
					"\\bcostovertebral\\b"),
			cue(UrgencyLevel.URGENT, "dizziness-with-vomiting",
					"dizziness or a spinning room with vomiting or falls needs a doctor today",
					List.of("\\bvertigo\\b", "\\broom (?:starts |is )?(?:to )?spin\\w*", "\\bdizz\\w*"),
					List.of("\\b(?:vomit\\w*|throw(?:ing)? up|can't (?:stand|walk)|fall\\w*|fell|nause\\w*)\\b")),
			cue(UrgencyLevel.URGENT, "serious-burn",
					"a burn larger than the palm, or a chemical or electrical burn, needs care today",
					"\\bburn\\w*\\b(?:\\W+\\w+){0,6}?\\W+(?:bigger|larger) than (?:my|his|her|the|a|their) (?:palm|hand)\\b",
					"\\b(?:chemical|electrical) burn\\b"),
			cue(UrgencyLevel.URGENT, "blood-in-urine-or-stool", "blood in the urine or stool needs a doctor today",
					"\\bblood in (?:my |his |her |the )?(?:urine|pee|stools?|poo)\\b", "\\bbloody (?:urine|stools?)\\b"),
			// a routine appointment
			cue(UrgencyLevel.ROUTINE, "routine-request",
					"a prescription, check-up, vaccination or referral is for a routine appointment",
					"\\b(?:prescription|refill|repeat (?:prescription|medication)|check-?up|referral|vaccin\\w*|tetanus"
							+ "|booster|screening|appointment|renew\\w*|sick note|fit note|test results?)\\b"),
			cue(UrgencyLevel.ROUTINE, "urinary-symptoms",
					"urinary symptoms without fever or back pain: a pharmacist or a routine appointment",
					URINARY.pattern()),
			cue(UrgencyLevel.ROUTINE, "lump-or-mole", "a lump or a changing mole should be checked at an appointment",
					"\\blump\\w*", "\\bmoles?\\b", "\\bgrowth\\b"),
			cue(UrgencyLevel.ROUTINE, "long-term-concern",
					"a long-standing or general health concern is for a routine appointment",
					"\\b(?:tired all the time|fatigue|exhausted|trouble sleeping|can't sleep|insomnia|low mood|stress\\w*"
							+ "|weight (?:loss|gain)|irregular periods?|heartburn|indigestion|acid reflux|detox|rehab"
							+ "|quit (?:smoking|drinking)|stop(?:ping)? smoking)\\b"),
			// looked after at home
			cue(UrgencyLevel.SELF_CARE, "minor-complaint", "a mild, common complaint can be looked after at home",
					"\\b(?:mild|slight|minor|small|little|a bit of)\\b(?:\\W+\\w+){0,2}?\\W+(?:cold|sore throat|cough"
							+ "|headache|hangover|sunburn|bruise|graze|cut|scrape|bump|rash|itch|blocked nose|runny nose"
							+ "|ache|aches|diarrh\\w*|burn|blister)\\b",
					"\\b(?:runny nose|blocked nose|stuffy nose|sneez\\w*|chapped lips|insect bites?|mosquito bites?"
							+ "|hangover|muscles? ache|aching muscles|road (?:burn|rash)|grazed?|scraped|stubbed)\\b"));

	private SoftRules() {
	}

	static List<TriageReason> find(ClinicalText text, PatientFacts facts) {
		List<TriageReason> found = new ArrayList<>();
		for (Cue cue : CUES) {
			cue.find(text).ifPresent(found::add);
		}
		fromFacts(text, facts, found);
		return found;
	}

	/** Findings that rest on numbers rather than words. */
	private static void fromFacts(ClinicalText text, PatientFacts facts, List<TriageReason> found) {
		double celsius = facts.vitals().temperatureCelsius().orElse(0);
		if (celsius >= 39.0) {
			found.add(new TriageReason(UrgencyLevel.URGENT, "high-fever", celsius + " \u00b0C",
					"a high fever (39 \u00b0C or more) needs a doctor today"));
		}
		boolean fever = celsius >= 38.0 || text.affirmed(FEVER).isPresent();
		if (fever && facts.durationDays().isPresent() && facts.durationDays().getAsDouble() >= 3) {
			found.add(new TriageReason(UrgencyLevel.URGENT, "lasting-fever", facts.durationWords(),
					"a fever for three days or more needs a doctor the same day"));
		}
		if (facts.durationDays().isPresent() && facts.durationDays().getAsDouble() >= 14) {
			found.add(new TriageReason(UrgencyLevel.ROUTINE, "long-standing", facts.durationWords(),
					"symptoms for two weeks or more without a warning sign are for a routine appointment"));
		}
	}

	private static Cue cue(UrgencyLevel level, String name, String why, String... anyOf) {
		return new Cue(level, name, why, patterns(anyOf), List.of(), List.of());
	}

	private static Cue cue(UrgencyLevel level, String name, String why, List<String> anyOf, List<String> alsoAnyOf) {
		return new Cue(level, name, why, patterns(anyOf.toArray(String[]::new)),
				patterns(alsoAnyOf.toArray(String[]::new)), List.of());
	}

	private static List<Pattern> patterns(String... regexes) {
		return Arrays.stream(regexes).map(Pattern::compile).toList();
	}

	/**
	 * A finding: one of {@code anyOf} affirmed, and, when {@code alsoAnyOf} is given, one of those too; none of
	 * {@code unless} anywhere.
	 */
	private record Cue(UrgencyLevel level, String name, String why, List<Pattern> anyOf, List<Pattern> alsoAnyOf,
			List<Pattern> unless) {

		Optional<TriageReason> find(ClinicalText text) {
			Optional<String> first = text.affirmedAny(this.anyOf);
			if (first.isEmpty() || this.unless.stream().anyMatch(text::mentions)) {
				return Optional.empty();
			}
			String evidence = first.get();
			if (!this.alsoAnyOf.isEmpty()) {
				Optional<String> second = text.affirmedAny(this.alsoAnyOf);
				if (second.isEmpty()) {
					return Optional.empty();
				}
				evidence += " + " + second.get();
			}
			return Optional.of(new TriageReason(this.level, "soft:" + this.name, evidence, this.why));
		}

	}

}
