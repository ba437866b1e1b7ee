package dev.tessera.domains.triage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every typed finding a description gives, each with its span: who (age, sex), how they came (arrival), the problem
 * (chief complaint, onset, duration, trauma mechanism, pregnancy), the vital signs with their units, mental status
 * (AVPU, GCS, confusion), the pain score, and the ESI high-risk situations the red flags recognise. Negated findings
 * ("not pregnant", "denies trauma") are left out.
 * <p>
 * These are what the acuity model reads ({@link AcuityFeatures}) and what a reviewer sees in the trail.
 */
public final class ClinicalFindings {

	/** AVPU, most responsive first, with confusion between alert and voice (a new confusion is not "alert"). */
	public enum MentalStatus {

		ALERT, CONFUSED, VERBAL, PAIN, UNRESPONSIVE;

		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private static final Pattern FEMALE = Pattern.compile("\\b(?:woman|female|girl|lady|mother|mom|mum|wife|daughter"
			+ "|sister|grandmother|grandma|pregnant)\\b");

	private static final Pattern MALE = Pattern.compile("\\b(?:man|male|boy|gentleman|father|dad|husband|son|brother"
			+ "|grandfather|grandpa)\\b");

	private static final Pattern FEMALE_PRONOUN = Pattern.compile("\\b(?:she|her)\\b");

	private static final Pattern MALE_PRONOUN = Pattern.compile("\\b(?:he|his|him)\\b");

	private static final Pattern AMBULANCE = Pattern.compile("\\b(?:ambulance|ems|paramedics?|medics|helicopter"
			+ "|brought in by (?:the )?(?:police|fire)|stretcher)\\b");

	private static final Pattern PRIVATE_VEHICLE = Pattern
		.compile("\\b(?:private vehicle|by car|drove|driven (?:in|here)|dropped off)\\b");

	private static final Pattern WALK_IN = Pattern.compile("\\b(?:walks? in(?:to)?|walked in(?:to)?|walk-in"
			+ "|ambulatory|ambulates)\\b");

	/** The first that matches wins: an ambulance that "drove" the patient is still an ambulance. */
	private static final List<Map.Entry<String, Pattern>> ARRIVALS = List.of(Map.entry("ambulance", AMBULANCE),
			Map.entry("walk-in", WALK_IN), Map.entry("private-vehicle", PRIVATE_VEHICLE));

	private static final Pattern CHIEF_COMPLAINT = Pattern
		.compile("chief complaint (?:of|is|:)\\s*'([^']{1,200})'|chief complaint (?:of|is|:)\\s*([^.,;]{1,200})");

	private static final Pattern TRAUMA = Pattern.compile("\\b(?:sustained an injury|injur\\w*|fell|falls?|fallen"
			+ "|accident|collision|crash\\w*|mvc|mva|motor vehicle|hit by|struck by|assault\\w*|punched|kicked"
			+ "|stab\\w*|gunshot|shot|lacerat\\w*|fractur\\w*|trauma\\w*|burn(?:s|ed|t)?|bitten|sprain\\w*|twisted)\\b");

	private static final Pattern PREGNANCY = Pattern.compile("\\b(?:pregnan\\w*|weeks? gestation|gravida"
			+ "|g\\d\\s*p\\d|post[- ]?partum|expecting a baby)\\b");

	private static final Pattern SUDDEN = Pattern.compile("\\b(?:sudden(?:ly)?|abrupt(?:ly)?|all of a sudden"
			+ "|out of nowhere|thunderclap)\\b");

	private static final List<Status> STATUSES = List.of(
			new Status(MentalStatus.UNRESPONSIVE, Pattern.compile("\\b(?:unresponsive|unconscious|comatose"
					+ "|not (?:responding|responsive)|no response)\\b")),
			new Status(MentalStatus.PAIN, Pattern.compile("\\b(?:pain response|respon\\w* (?:only )?to (?:painful"
					+ " stimul\\w*|pain|sternal rub)|obtunded|stupor\\w*)\\b")),
			new Status(MentalStatus.VERBAL, Pattern.compile("\\b(?:verbal response|respon\\w* (?:only )?to"
					+ " (?:voice|verbal\\w*|his name|her name)|drowsy|drowsiness|lethargic|somnolent|hard to wake"
					+ "|difficult to (?:wake|rouse)|keeps? falling asleep)\\b")),
			new Status(MentalStatus.CONFUSED, Pattern.compile("\\b(?:confus\\w*|disorient\\w*|altered mental\\w*"
					+ "|mental(?:ity)? (?:status )?change\\w*|not making sense|delirious|delirium|talking nonsense"
					+ "|not (?:acting )?(?:him|her|them)self)\\b")),
			new Status(MentalStatus.ALERT, Pattern.compile("\\b(?:mentally alert|alert|a ?& ?o ?x? ?\\d?"
					+ "|oriented|awake and (?:talking|answering)|talking normally)\\b")));

	private final String normalized;

	private final List<Finding> findings;

	private ClinicalFindings(String normalized, List<Finding> findings) {
		this.normalized = normalized;
		this.findings = List.copyOf(findings);
	}

	static ClinicalFindings of(ClinicalText text, PatientFacts facts, List<TriageReason> redFlags) {
		String t = text.text();
		List<Finding> found = new ArrayList<>();
		facts.ageYears().ifPresent(age -> found.add(spanned(t, "age", format(age), facts.ageWords())));
		sex(t).ifPresent(found::add);
		arrival(t).ifPresent(found::add);
		complaint(t).ifPresent(found::add);
		facts.durationDays()
			.ifPresent(days -> found.add(spanned(t, "duration-days", format(days), facts.durationWords())));
		first(text, SUDDEN).ifPresent(m -> found.add(new Finding("onset", "sudden", m.start(), m.end())));
		VitalSigns vitals = facts.vitals();
		vitals.heartRate().ifPresent(v -> found.add(reading(t, vitals, "heart-rate", v, "hr", "heart", "pulse", "p ")));
		vitals.respiratoryRate()
			.ifPresent(v -> found.add(reading(t, vitals, "respiratory-rate", v, "rr", "resp", "breathing")));
		vitals.oxygenSaturation()
			.ifPresent(v -> found.add(reading(t, vitals, "spo2", v, "sp", "sa", "o2", "sat", "oxygen", "pulse ox")));
		vitals.systolic().ifPresent(v -> found.add(reading(t, vitals, "systolic-bp", v, "bp", "blood")));
		vitals.diastolic().ifPresent(v -> found.add(reading(t, vitals, "diastolic-bp", v, "diastolic", "bp", "blood")));
		vitals.temperatureCelsius()
			.ifPresent(v -> found.add(spanned(t, "temperature", format(v), writtenWith(vitals, v, "t", "temp", "fever"))));
		vitals.gcs().ifPresent(v -> found.add(reading(t, vitals, "gcs", v, "gcs", "glasgow")));
		vitals.painScore().ifPresent(v -> found.add(spanned(t, "pain", format(v), vitals.written()
			.stream()
			.filter(w -> w.matches(".*(?:/|out of)\\s*10") || w.startsWith("pain"))
			.findFirst()
			.orElse(""))));
		mentalStatus(text).ifPresent(found::add);
		first(text, PREGNANCY).ifPresent(m -> found.add(new Finding("pregnancy", "yes", m.start(), m.end())));
		first(text, TRAUMA).ifPresent(m -> found.add(new Finding("trauma", m.group(), m.start(), m.end())));
		for (TriageReason flag : redFlags) {
			if (flag.rule().startsWith("red-flag:")) {
				found.add(spanned(t, "high-risk", flag.rule().substring("red-flag:".length()), flag.evidence()));
			}
		}
		return new ClinicalFindings(t, found);
	}

	/** All findings, in reading order of the kinds above. */
	public List<Finding> all() {
		return this.findings;
	}

	/** The first finding of that name. */
	public Optional<Finding> get(String name) {
		return this.findings.stream().filter(f -> f.name().equals(name)).findFirst();
	}

	/** Its value as a number, when it has one. */
	public OptionalDouble number(String name) {
		Optional<Finding> finding = get(name);
		if (finding.isEmpty()) {
			return OptionalDouble.empty();
		}
		try {
			return OptionalDouble.of(Double.parseDouble(finding.get().value()));
		}
		catch (NumberFormatException ex) {
			return OptionalDouble.empty();
		}
	}

	public boolean has(String name) {
		return get(name).isPresent();
	}

	public Optional<MentalStatus> mentalStatus() {
		return get("mental-status").map(f -> MentalStatus.valueOf(f.value().toUpperCase(Locale.ROOT)));
	}

	/** The normalized description the spans point into. */
	public String normalized() {
		return this.normalized;
	}

	/** {@code name=value "words"} per finding, for the trail and reports. */
	public List<String> describe() {
		return this.findings.stream().map(f -> {
			String words = f.words(this.normalized);
			return f.name() + "=" + f.value() + (words.isEmpty() || words.equals(f.value()) ? "" : " \"" + words + "\"");
		}).toList();
	}

	private static Optional<Finding> sex(String t) {
		Matcher female = FEMALE.matcher(t);
		Matcher male = MALE.matcher(t);
		boolean f = female.find();
		boolean m = male.find();
		if (f || m) {
			// the first noun that names the person decides ("a 56-year-old woman ... he is alert" is a woman)
			Matcher first = f && (!m || female.start() < male.start()) ? female : male;
			return Optional.of(new Finding("sex", first == female ? "female" : "male", first.start(), first.end()));
		}
		Matcher she = FEMALE_PRONOUN.matcher(t);
		Matcher he = MALE_PRONOUN.matcher(t);
		boolean s = she.find();
		boolean h = he.find();
		if (!s && !h) {
			return Optional.empty();
		}
		Matcher first = s && (!h || she.start() < he.start()) ? she : he;
		return Optional.of(new Finding("sex", first == she ? "female" : "male", first.start(), first.end()));
	}

	private static Optional<Finding> arrival(String t) {
		for (Map.Entry<String, Pattern> mode : ARRIVALS) {
			Matcher m = mode.getValue().matcher(t);
			if (m.find()) {
				return Optional.of(new Finding("arrival", mode.getKey(), m.start(), m.end()));
			}
		}
		return Optional.empty();
	}

	private static Optional<Finding> complaint(String t) {
		Matcher m = CHIEF_COMPLAINT.matcher(t);
		if (!m.find()) {
			return Optional.empty();
		}
		int group = m.group(1) != null ? 1 : 2;
		return Optional.of(new Finding("complaint", m.group(group).strip(), m.start(group), m.end(group)));
	}

	private static Optional<Finding> mentalStatus(ClinicalText text) {
		// the least responsive state the description affirms wins ("alert" and "mental change" together: confused)
		for (Status status : STATUSES) {
			Optional<Matcher> m = first(text, status.pattern());
			if (m.isPresent()) {
				return Optional.of(new Finding("mental-status", status.status().label(), m.get().start(), m.get().end()));
			}
		}
		return Optional.empty();
	}

	/** The first affirmed occurrence (not negated, not history). */
	private static Optional<Matcher> first(ClinicalText text, Pattern pattern) {
		Matcher m = pattern.matcher(text.text());
		while (m.find()) {
			if (text.isAffirmed(m.start(), m.end())) {
				return Optional.of(m);
			}
		}
		return Optional.empty();
	}

	private static Finding reading(String t, VitalSigns vitals, String name, int value, String... labels) {
		return spanned(t, name, Integer.toString(value), writtenWith(vitals, value, labels));
	}

	/** The reading as written whose words start with one of the labels and hold the value. */
	private static String writtenWith(VitalSigns vitals, double value, String... labels) {
		String number = value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
		for (String written : vitals.written()) {
			String w = written.toLowerCase(Locale.ROOT);
			for (String label : labels) {
				if (w.startsWith(label) && w.contains(number)) {
					return written;
				}
			}
		}
		// a converted reading (°F given, °C kept) holds another number: the label alone
		for (String written : vitals.written()) {
			for (String label : labels) {
				if (written.toLowerCase(Locale.ROOT).startsWith(label)) {
					return written;
				}
			}
		}
		return "";
	}

	private static Finding spanned(String t, String name, String value, String words) {
		int start = words.isEmpty() ? -1 : t.indexOf(words);
		return new Finding(name, value, start, start < 0 ? -1 : start + words.length());
	}

	private static String format(double value) {
		return BigDecimal.valueOf(value)
			.setScale(2, RoundingMode.HALF_UP)
			.stripTrailingZeros()
			.toPlainString();
	}

	private record Status(MentalStatus status, Pattern pattern) {
	}

}
