package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Red flags: findings that make a description an emergency whatever else it says. Each is an ESI (Emergency
 * Severity Index, v4) level 1 "immediate life-saving intervention" or level 2 "high-risk situation" criterion, a
 * BE-FAST stroke sign, or a "call the emergency number" sign from public first-aid and NHS 111 guidance, written as
 * the words patients and clinicians use for it. They are matched on the negation-aware {@link ClinicalText}, so
 * "no chest pain" or "denies suicidal ideation" do not fire.
 * <p>
 * Some red flags need two findings together (a head injury in someone on blood thinners); those are in
 * {@link #combined}.
 */
final class RedFlags {

	private static final String SELF = "(?:myself|himself|herself|themselves|themself)";

	private static final String POSSESSIVE = "(?:my|his|her|their|the|your)";

	private static final List<RedFlag> FLAGS = List.of(
			flag("self-harm", "risk of suicide or self-harm (ESI high-risk: suicidal or homicidal ideation)",
					EmergencyAdvice.SELF_HARM, "\\bsuicid\\w*", "\\bkill(?:ing)? " + SELF + "\\b",
					"\\bend(?:ing)? (?:my|his|her|their) (?:own )?life\\b", "\\b(?:want|wants|wanted|wanting) to die\\b",
					"\\b(?:thinking|thoughts?|think|thought|want|wants|urges?|plan|plans|planning|going)"
							+ " (?:of |about |to )?(?:hurting|harming|hurt|harm|killing|kill) " + SELF + "\\b",
					"\\b(?:harm|harming) " + SELF + "\\b", "\\bself[-\\s]*(?:harm\\w*|inflicted|injur\\w*)",
					"\\bno reason to live\\b", "\\bbetter off dead\\b", "\\bhomicid\\w*",
					"\\b(?:want|going|wants) to kill (?:him|her|them|someone|somebody)\\b"),
			flag("not-breathing-or-no-pulse", "cardiac or respiratory arrest needs life-saving care (ESI 1)",
					EmergencyAdvice.UNCONSCIOUS, "\\bnot breathing\\b", "\\bstopped breathing\\b", "\\bno pulse\\b",
					"\\bcardiac arrest\\b", "\\bheart (?:has )?stopped\\b", "\\bcpr\\b", "\\bdefibrillat\\w*"),
			flag("unconscious", "loss of consciousness or unresponsiveness (ESI 1)", EmergencyAdvice.UNCONSCIOUS,
					"\\bunconscious\\b", "\\bunresponsive\\b", "\\bnot (?:responding|responsive)\\b",
					"\\b(?:does not|doesn't|did not|didn't|won't|will not|wont|can't|cannot) (?:respond|wake)\\w*"
							+ "(?! to (?:the )?(?:treatment|medication|medicine|painkillers|antibiotics|inhaler|tablets))",
					"\\bcan't (?:wake|rouse) (?:him|her|them)\\b", "\\bpassed out\\b", "\\bblack(?:ed)? out\\b",
					"\\bfaint(?:ed|ing)\\b", "\\b(?:lost|loss of|losing) consciousness\\b", "\\bknocked out\\b",
					"\\bcollaps(?:e|ed|es|ing)\\b", "\\bfloppy\\b"),
			flag("seizure", "a seizure (ESI 1 while it lasts, high-risk after)", EmergencyAdvice.UNCONSCIOUS,
					"\\bseizur\\w*", "\\bconvuls\\w*", "\\bfitting\\b", "\\b(?:having|had|has) a fit\\b"),
			flag("chest-pain", "chest pain can be a heart attack (ESI high-risk: chest pain suspicious of acute"
					+ " coronary syndrome)", EmergencyAdvice.CHEST_PAIN,
					"\\bchest (?:pain|pains|pressure|tightness|discomfort|heaviness)\\b",
					"\\b(?:pain|pressure|tightness|discomfort|heaviness) in " + POSSESSIVE + " chest\\b",
					"\\btight(?:ness)? (?:in )?(?:my |his |her |the )?chest\\b", "\\bcrushing (?:pain|pressure)\\b",
					"\\bhaving a heart attack\\b",
					// pain that began elsewhere and now reaches the chest, jaw or left arm
					"\\b(?:spread\\w*|radiat\\w*|moving|moved|going|went|shoot\\w*) (?:in)?to (?:my |his |her |their |the )?"
							+ "(?:chest|jaw|left arm)\\b"),
			flag("breathing", "difficulty breathing (ESI 1-2: respiratory distress)", EmergencyAdvice.BREATHING,
					"\\b(?:can't|cannot|cant|can not|couldn't|could not|unable to) (?:breathe|breath|catch "
							+ POSSESSIVE + " breath)\\b",
					"\\b(?:difficulty|trouble|problems?|struggling|struggles|hard time|labou?red|laboured) (?:with )?"
							+ "(?:breathing|to breathe)\\b",
					"\\b(?:hard|harder|difficult) (?:for (?:me|him|her|them|my \\w+) )?to breathe\\b", "\\bshort(?:ness)? of breath\\b",
					"\\bbreathless\\w*", "\\bout of breath\\b", "\\bgasping\\b", "\\bchoking\\b",
					"\\bwork(?:ing)? hard (?:at|to) breath\\w*", "\\bwork of breathing\\b", "\\brespiratory distress\\b",
					"\\b(?:lips|face|skin|fingers) (?:are |is |went |turned |turning |going )*blue\\b", "\\bcyanos\\w*"),
			flag("severe-allergy", "swelling of the throat, tongue or lips, or adrenaline needed: anaphylaxis (ESI 1-2)",
					EmergencyAdvice.SEVERE_ALLERGY, "\\banaphyla\\w*",
					"\\b(?:throat|tongue|lips?|mouth) (?:is |are |was |were |feels |felt |started |starts |start "
							+ "|starting |began )?(?:to )?(?:swelling|swollen|swell|closing|close|closed|tight|tightening)\\b",
					"\\b(?:swollen|swelling (?:of|in) (?:the |my |his |her )?)(?:throat|tongue|lips?)\\b",
					"\\bfacial swelling\\b", "\\bswollen face\\b", "\\bface (?:is |was )?(?:swelling|swollen)\\b",
					"\\b(?:epi-?pen|adrenaline (?:auto-?injector|pen|shot|injection)|epinephrine)\\b"),
			flag("stroke-signs", "face drooping, arm or leg weakness, speech trouble or sudden loss of vision: possible"
					+ " stroke or TIA (BE-FAST; ESI high-risk)", EmergencyAdvice.STROKE,
					"\\b(?:face|facial|mouth|smile|lip|eyelid)\\b(?:\\W+\\w+){0,4}?\\W+droop\\w*",
					"\\bdroop\\w*\\W+(?:\\w+\\W+){0,2}?(?:face|mouth|smile|one side)\\b",
					"\\bslurr\\w*", "\\b(?:can't|cannot|unable to|trouble|difficulty) (?:speak|speaking|talk|talking)\\b",
					"\\bwords (?:are |were )?(?:jumbled|garbled|muddled)\\b",
					"\\b(?:weakness|numbness|paralysis)\\b(?:\\W+\\w+){0,3}?\\W+(?:arm|leg|face|side|hand)s?\\b",
					"\\b(?:arm|leg|face|one[- ]sided|one side) (?:weakness|numbness)\\b",
					"\\b(?:weak|numb) (?:on|down) one side\\b",
					// weakness of one side of the body, as triage notes write it ("L side weakness", "rt-sided numbness")
					"\\b(?:right|left|rt|lt|[rl]|rigth)[- ]?sided?\\s+(?:weakness|numbness|paralysis)\\b",
					"\\bhemi(?:paresis|plegia|paretic|plegic)\\b",
					"\\b(?:can't|cannot|unable to|couldn't) (?:lift|move|raise) (?:my|his|her|their|one|an?)"
							+ " (?:arm|leg|arms|legs|side)\\b",
					"\\b(?:can't|cannot|couldn't|could not|unable to) see (?:out of|with|from) (?:my|his|her|one|the)"
							+ " (?:left |right )?eye\\b",
					"\\b(?:sudden(?:ly)?|lost (?:the )?|loss of) (?:vision|sight|blindness|loss of vision)\\b",
					"\\bwent blind\\b", "\\bsudden(?:ly)? (?:blind|double vision)\\b", "\\bhaving a stroke\\b",
					"\\bsudden confusion\\b"),
			flag("thunderclap-headache", "a sudden severe headache or a headache with a stiff neck: bleeding in the brain"
					+ " or meningitis must be ruled out", EmergencyAdvice.GENERAL, "\\bworst headache\\b",
					"\\bthunderclap\\b", "\\bsudden\\w*\\b(?:\\W+\\w+){0,4}?\\W+severe headache\\b",
					"\\bsevere headache\\b(?:\\W+\\w+){0,3}?\\W+(?:came on )?sudden\\w*",
					"\\bheadache\\b(?:\\W+\\w+){0,6}?\\W+stiff neck\\b", "\\bstiff neck\\b(?:\\W+\\w+){0,6}?\\W+"
							+ "(?:fever|headache|rash|light)\\b"),
			flag("meningitis-rash", "a rash that does not fade when pressed (possible meningitis or sepsis)",
					EmergencyAdvice.GENERAL,
					"\\brash\\b(?:\\W+\\w+){0,6}?\\W+(?:doesn't|does not|won't|will not|didn't|did not) "
							+ "(?:fade|blanch|disappear|go away when)",
					"\\bnon-?blanching\\b", "\\bpetechia\\w*"),
			flag("severe-bleeding", "heavy bleeding, or blood vomited, coughed up or passed (ESI 1-2)",
					EmergencyAdvice.BLEEDING,
					"\\b(?:heavy|heavily|severe|severely|uncontrolled|profuse|profusely|massive|a lot of) bleed\\w*",
					"\\bbleed\\w* (?:heavily|a lot|badly|profusely|everywhere|severely)\\b",
					"\\bbleed\\w* (?:won't|will not|doesn't|does not|wont|can't|cannot|isn't) stop\\w*",
					"\\bwon't stop bleeding\\b", "\\b(?:coughing|coughed|vomiting|vomited|throwing|threw) up blood\\b",
					"\\bvomit\\w* blood\\b", "\\bblood in (?:my|his|her|the) vomit\\b",
					"\\b(?:black|tarry|maroon\\w*)\\b(?:\\W+\\w+){0,2}?\\W+(?:stools?|poo|poop|bowel movements?)\\b",
					"\\bpassing (?:large |big )?clots\\b", "\\bclots (?:the size of|as big as|bigger than)\\b",
					"\\bspurting\\b", "\\bsoak\\w* (?:through )?(?:a |one )?pads? (?:every|an|each) hour\\b"),
			flag("poisoning-or-overdose", "an overdose or a poisoning (ESI high-risk)", EmergencyAdvice.POISONING,
					"\\boverdos\\w*", "\\b(?<!food )poison(?:ed|ing)\\b",
					"\\b(?:took|taken|swallowed|ate|drank|has taken|had taken)\\b(?:\\W+\\w+){0,5}?\\W+(?:too many|a"
							+ " whole (?:bottle|packet|box|strip)|all (?:of )?(?:my|his|her|the|their) (?:pills|tablets"
							+ "|medication|medicine|meds))\\b",
					"\\b(?:swallowed|drank|ate)\\b(?:\\W+\\w+){0,3}?\\W+(?:bleach|detergent|batter(?:y|ies)|chemicals?"
							+ "|antifreeze|weed ?killer|pesticide|poison|cleaning (?:fluid|product))\\b"),
			flag("major-trauma", "a gunshot or stab wound, being hit by a vehicle, or new loss of feeling or movement"
					+ " after an injury (ESI 1-2: high-risk mechanism)", EmergencyAdvice.BLEEDING,
					"\\bgun ?shot\\b", "\\b(?:been|was|got|is|were) shot\\b", "\\bstabbed\\b", "\\bstab wounds?\\b",
					"\\bknife wounds?\\b", "\\bimpaled\\b",
					"\\bhit by an? (?:car|bus|truck|lorry|van|vehicle|train|motorbike|motorcycle)\\b",
					"\\b(?:can't|cannot|can not|unable to) (?:feel|move) (?:my|his|her|their) (?:legs|arms|feet|hands"
							+ "|body)\\b"),
			flag("missed-dialysis", "missed dialysis: a dangerous rise in potassium can stop the heart (ESI high-risk)",
					EmergencyAdvice.GENERAL,
					"\\b(?:missed|skipped|did not go to|didn't go to|didn't make it to|has not had|hasn't had|haven't"
							+ " had|could not get to|couldn't get to) (?:my |his |her |their )?(?:last |scheduled )?"
							+ "dialysis\\b"),
			flag("altered-mental-status", "new confusion, disorientation or drowsiness (ESI danger zone: altered mental"
					+ " status)", EmergencyAdvice.GENERAL, "\\bconfusion\\b",
					"\\b(?:is|are|seems?|seemed|became|becoming|becomes|getting|got|increasingly|very|suddenly|acting"
							+ "|gets|more) confused\\b",
					"\\bdisorient\\w*", "\\bdelirium\\b", "\\bdelirious\\b",
					"\\bnot acting (?:like )?(?:him|her|them|my|your)sel(?:f|ves)\\b",
					"\\b(?:very|unusually|extremely|abnormally) (?:drowsy|sleepy)\\b", "\\blethargic\\b",
					"\\bhard to (?:wake|rouse)\\b", "\\bresponds? (?:only )?to (?:voice|verbal|pain|painful)\\w*",
					"\\bobtunded\\b", "\\bstupor\\w*",
					// as emergency-department records write it: "mental change", "drowsy mentality", AVPU "pain response"
					"\\bmental(?:ity)? change\\w*", "\\baltered mental\\w*",
					"\\b(?:drowsy|confused?|altered|stuporous) mentality\\b", "\\bpain response\\b"),
			flag("sudden-testicular-pain", "sudden severe testicular pain: torsion must be treated within hours",
					EmergencyAdvice.GENERAL,
					"\\b(?:sudden|severe)\\w*\\b(?:\\W+\\w+){0,3}?\\W+(?:testic\\w+|testicle|scrot\\w+) pain\\b"));

	private static final Pattern HEAD_INJURY = Pattern.compile("\\b(?:hit|hits|banged|bumped|struck|knocked|hurt"
			+ "|injured) (?:his |her |my |their |the |your )?head\\b|\\bhead (?:injury|trauma|wound|laceration)\\b"
			+ "|\\bfell\\b(?:\\W+\\w+){0,4}?\\W+head\\b");

	private static final Pattern ANTICOAGULANT = Pattern.compile("\\b(?:warfarin|coumadin|apixaban|eliquis"
			+ "|rivaroxaban|xarelto|dabigatran|pradaxa|edoxaban|lixiana|heparin|enoxaparin|clexane|blood[- ]?thinn\\w*"
			+ "|anticoagula\\w*|thin (?:his|her|my|their|the) blood)\\b");

	private RedFlags() {
	}

	/** Every red flag the description raises, in catalogue order (the first is the most pressing reply). */
	static List<TriageReason> find(ClinicalText description) {
		List<TriageReason> found = new ArrayList<>();
		for (RedFlag flag : FLAGS) {
			flag.find(description).ifPresent(found::add);
		}
		combined(description).ifPresent(found::add);
		return found;
	}

	/**
	 * Red flags made of two findings: a head injury in someone taking a blood thinner (NICE CG176: scan within eight
	 * hours; ESI high-risk).
	 */
	static Optional<TriageReason> combined(ClinicalText description) {
		Optional<String> headInjury = description.affirmed(HEAD_INJURY);
		Optional<String> thinner = description.affirmed(ANTICOAGULANT);
		if (headInjury.isPresent() && thinner.isPresent()) {
			return Optional.of(new TriageReason(UrgencyLevel.EMERGENCY, "red-flag:head-injury-on-blood-thinner",
					headInjury.get() + " + " + thinner.get(),
					"a head injury in someone on a blood thinner can bleed inside the skull (NICE CG176; ESI"
							+ " high-risk)",
					EmergencyAdvice.GENERAL));
		}
		return Optional.empty();
	}

	private static RedFlag flag(String name, String why, EmergencyAdvice advice, String... patterns) {
		return new RedFlag(name, why, advice, Arrays.stream(patterns).map(Pattern::compile).toList());
	}

	private record RedFlag(String name, String why, EmergencyAdvice advice, List<Pattern> patterns) {

		Optional<TriageReason> find(ClinicalText description) {
			return description.affirmedAny(this.patterns)
				.map(evidence -> new TriageReason(UrgencyLevel.EMERGENCY, "red-flag:" + this.name, evidence, this.why,
						this.advice));
		}

	}

}
