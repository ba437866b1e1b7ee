package dev.tessera.domains.triage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the complaint is about, in coarse topics that a patient's words and a clinician's shorthand share: "short of
 * breath" and "dyspnea" are both {@code breathing}, "slurred speech" and "dysarthria" both {@code neuro-deficit},
 * "black stools" and "melena" both {@code gi-bleeding}. The acuity model reads the topics, so that what it learns
 * from one source's wording carries to another's; the red flags, not these, decide emergencies on their own.
 * <p>
 * Written here because no clinical vocabulary (SNOMED CT, UMLS) can be shipped with the project; the lists hold the
 * lay and clinical words for each topic, with the abbreviations emergency-department records use.
 */
final class ComplaintTopics {

	private static final Map<String, Pattern> TOPICS = new LinkedHashMap<>();

	static {
		topic("breathing", "dyspn\\w*", "short(?:ness)? of breath", "\\bsob", "breathless\\w*", "wheez\\w*", "asthma\\w*",
				"desaturat\\w*", "can'?t breathe", "(?:difficulty|trouble|hard) breathing", "respiratory distress",
				"hyperventilat\\w*", "out of breath", "copd");
		topic("chest", "chest (?:pain|discomfort|pressure|tightness|heaviness)", "pain, chest", "discomfort, chest",
				"palpitat\\w*", "tachycardi\\w*", "heart (?:racing|pounding)", "angina");
		topic("neuro-deficit", "(?:side|arm|leg|motor|one-sided|facial) weakness", "weakness (?:of|in) (?:the |his |her |my )?"
				+ "(?:left|right|arm|leg|face)", "hemipar\\w*", "hemiple\\w*", "dysarthri\\w*", "slurred", "aphasi\\w*",
				"facial (?:palsy|droop\\w*)", "face (?:is )?droop\\w*", "paresthesi\\w*", "numbness", "stroke",
				"visual disturbance", "(?:loss of|lost) vision", "hearing loss");
		topic("altered-mentation", "mental(?:ity)? change", "mentality", "confus\\w*", "drows\\w*", "disorient\\w*",
				"altered", "unresponsive", "letharg\\w*", "sleeping tendency", "decreased activity", "amnesia",
				"not acting (?:him|her)self", "hard to wake");
		topic("seizure", "seizur\\w*", "sezure", "convuls\\w*", "fitting");
		topic("syncope-dizziness", "syncop\\w*", "faint\\w*", "dizz\\w*", "\\bdz\\b", "vertigo", "light-?headed\\w*",
				"passed out");
		topic("gi-bleeding", "hematemes\\w*", "haematemes\\w*", "melena", "melaena", "hematochez\\w*",
				"(?:vomit\\w*|throw\\w* up) blood", "black(?:,)? (?:tarry )?stool\\w*", "blood in (?:the |his |her |my )?stool",
				"anal bleeding", "rectal bleeding", "coffee[- ]ground");
		topic("bleeding", "epistaxis", "nose ?bleed\\w*", "vaginal (?:bleeding|spotting)", "hematuria",
				"blood in (?:the |his |her |my )?urine", "gingival bleeding", "bleeding", "hemorrhag\\w*");
		topic("abdominal", "\\babd\\b", "abdom\\w*", "epigastr\\w*", "flank", "\\b[rl][lu]q\\b", "stomach", "belly",
				"tummy", "distension", "distended");
		topic("headache", "headache\\w*", "\\bha\\b", "migraine\\w*", "head pain");
		topic("fever", "(?<!hay )fever\\w*", "febrile", "chills?", "\\bf/c\\b", "sepsis", "septic", "high temperature");
		topic("intoxication", "intoxicat\\w*", "overdos\\w*", "drunk\\w*", "alcohol\\w*", "poison\\w*", "ingest\\w*",
				"\\bdi\\b", "swallowed");
		topic("self-harm-or-psychiatric", "suicid\\w*", "self[- ]harm\\w*", "depress\\w*", "anxiety", "anxious",
				"panic", "delusion\\w*", "psychos\\w*", "hallucinat\\w*", "sexual (?:violence|abuse|assault)",
				"homicid\\w*", "agitat\\w*");
		topic("metabolic", "hypoglyc\\w*", "\\bbst\\b", "\\bbsl\\b", "blood sugar", "glucose", "hyperkal\\w*",
				"low hb", "anemi\\w*", "abnormal lab\\w*", "diabet\\w*", "dehydrat\\w*");
		topic("minor-injury", "lacerat\\w*", "\\blac\\b", "\\bcut\\b", "wound", "abrasion\\w*", "graze\\w*",
				"sprain\\w*", "bruis\\w*", "contusion", "burn\\w*", "scratch\\w*", "sting\\w*", "bite\\w*",
				"(?:finger|toe|hand|wrist|ankle|foot|knee|elbow|arm|leg|facial|face|nasal|eye) (?:injury|trauma)",
				"injury, (?:finger|toe|hand|wrist|ankle|foot|knee|elbow|arm|leg)");
		topic("major-injury", "head (?:trauma|injury)", "hit (?:his|her|my|their) head", "fall from", "fell from",
				"motor vehicle", "\\bmvc\\b", "\\bmva\\b", "car (?:crash|accident)", "collision", "hit by a",
				"fractur\\w*", "deformit\\w*", "gunshot", "stab\\w*", "concussion");
		topic("limb-or-back-pain", "(?:leg|arm|knee|ankle|hip|shoulder|wrist|hand|foot|toe|finger|elbow|thigh|neck|back)"
				+ " (?:pain|swelling|ache)", "pain, (?:leg|arm|knee|ankle|hip|shoulder|wrist|hand|foot|back|low back|neck)",
				"myalgia", "backache", "\\blbp\\b", "back pain", "sciatica", "joint pain");
		topic("skin", "rash\\w*", "urticar\\w*", "itch\\w*", "hives", "skin lesion", "lesion", "redness", "eczema",
				"blister\\w*");
		topic("eye-ent-dental", "throat", "tonsil\\w*", "\\bear\\b", "otalgia", "\\beye\\w*", "ocular", "tooth",
				"teeth", "dental", "gingiv\\w*", "nasal", "\\bnose\\b", "\\bfb\\b", "foreign body", "sinus\\w*");
		topic("urinary", "voiding", "urinar\\w*", "dysuria", "(?:bladder )?retention", "catheter", "\\buti\\b",
				"pee\\w*");
		topic("cold-or-flu", "cough\\w*", "\\bcold\\b", "flu\\b", "runny nose", "congest\\w*", "sneez\\w*",
				"sore ?throat");
		topic("administrative", "prescription", "refill", "medication", "\\bcopy\\b", "film", "tapping",
				"tube (?:change|insertion)", "catheter removal", "examination", "check-?up", "certificate",
				"malfunction", "vaccin\\w*", "referral", "w/u", "dressing change", "stitches out", "suture removal");
	}

	private ComplaintTopics() {
	}

	private static void topic(String name, String... words) {
		TOPICS.put(name, Pattern.compile("(?:" + String.join("|", List.of(words)) + ")"));
	}

	/** The topics the description affirms, each as the words that found it. */
	static Map<String, String> find(ClinicalText text) {
		Map<String, String> found = new LinkedHashMap<>();
		for (Map.Entry<String, Pattern> topic : TOPICS.entrySet()) {
			Matcher m = topic.getValue().matcher(text.text());
			while (m.find()) {
				if (text.isAffirmed(m.start(), m.end())) {
					found.put(topic.getKey(), m.group());
					break;
				}
			}
		}
		return found;
	}

}
