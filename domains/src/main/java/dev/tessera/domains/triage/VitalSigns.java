package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vital signs written in a description, as clinicians and patients write them: {@code HR 122}, {@code pulse 126},
 * {@code P 126}, {@code RR 32}, {@code SpO2 93%}, {@code saturation of 79 percent}, {@code BP 86/50},
 * {@code BP 70/palp}, {@code blood pressure in the 60s}, {@code T 102.8°F}, {@code temperature of 38.5 degrees},
 * {@code pain 8/10}, {@code 10 out of 10}, {@code GCS 14}. Values outside what a living person can have (a typo
 * such as {@code HR 990}) are ignored rather than trusted.
 *
 * @param heartRate beats per minute
 * @param respiratoryRate breaths per minute
 * @param oxygenSaturation SpO2 in percent
 * @param systolic systolic blood pressure, mmHg
 * @param diastolic diastolic blood pressure, mmHg
 * @param temperatureCelsius body temperature (Fahrenheit converted)
 * @param painScore the highest pain score given, on a 0-10 scale (scores above 10, "20/10", count as 10)
 * @param gcs Glasgow coma scale score
 * @param written the readings as found, for reasons
 * @param implausible readings above what a living person can have ("hr 990", "spo2 150"), which triage asks about
 * rather than assessing around
 */
public record VitalSigns(OptionalInt heartRate, OptionalInt respiratoryRate, OptionalInt oxygenSaturation,
		OptionalInt systolic, OptionalInt diastolic, OptionalDouble temperatureCelsius, OptionalDouble painScore,
		OptionalInt gcs, List<String> written, List<String> implausible) {

	private static final String SEP = "[\\s,:=]*(?:of|is|was|at|in the|around|about)?\\s*";

	private static final Pattern HEART_RATE = Pattern.compile(
			"\\b(?:hr|heart rate|pulse(?: rate)?|p|(?<!respiratory )(?<!breathing )rate)" + SEP + "(\\d{2,3})s?\\b");

	private static final Pattern RESPIRATORY_RATE = Pattern
		.compile("\\b(?:rr|resp(?:iratory)? rate|respirations?|resps?|breathing rate)" + SEP + "(\\d{1,3})\\b");

	private static final Pattern SATURATION = Pattern.compile(
			"\\b(?:spo2|sp02|sao2|o2 sats?|o2 saturation|sats?|saturation|oxygen (?:saturation|sats?|level)|pulse ox\\w*)"
					+ SEP + "(\\d{2,3})\\s*(?:%|percent)?");

	private static final Pattern BLOOD_PRESSURE = Pattern
		.compile("\\b(?:bp|blood pressure)" + SEP + "(\\d{2,3})(?:\\s*/\\s*(\\d{2,3}|palp\\w*)|s\\b)?");

	private static final Pattern TEMPERATURE = Pattern
		.compile("(?<!')\\b(?:t|temp|temperature|fever)[\\s,:=.]*(?:of|is|was|at|around|about)?\\s*"
				+ "(\\d{2,3}(?:\\.\\d)?)\\s*(?:\u00b0|degrees?)?\\s*(f|c|fahrenheit|celsius)?\\b");

	/** A reading with its unit and no label ("38.5 degrees c", "101 f"): a temperature. */
	private static final Pattern TEMPERATURE_UNIT = Pattern
		.compile("\\b(\\d{2,3}(?:\\.\\d)?)\\s*(?:\u00b0\\s*|degrees?\\s*)(f|c|fahrenheit|celsius)?\\b");

	private static final Pattern PAIN_SCORE = Pattern
		.compile("\\b(\\d{1,2}(?:\\.\\d)?)\\s*\\+?\\s*(?:/|out of)\\s*10\\b(?!\\d)");

	/** Diastolic pressure written on its own ("diastolic blood pressure of 75 mmhg"), as records write it. */
	private static final Pattern DIASTOLIC = Pattern.compile("\\bdiastolic(?: blood pressure| bp)?" + SEP + "(\\d{2,3})\\b");

	/** A pain score written without its scale: "pain with a level of 6", "pain score 7", "pain level: 4". */
	private static final Pattern PAIN_LEVEL = Pattern
		.compile("\\bpain (?:with a |at a )?(?:level|score|scale|rating|rated)(?: of| at| is|:)?\\s*(\\d{1,2}(?:\\.\\d)?)\\b");

	private static final Pattern GCS = Pattern
		.compile("\\b(?:gcs|glasgow coma scale(?: score)?)" + SEP + "(?:score of\\s*)?(\\d{1,2})\\b");

	static VitalSigns parse(ClinicalText description) {
		String text = description.text();
		List<String> written = new ArrayList<>();
		List<String> implausible = new ArrayList<>();
		OptionalInt heartRate = first(HEART_RATE, text, 20, 300, written, implausible);
		OptionalInt respiratoryRate = first(RESPIRATORY_RATE, text, 4, 80, written, implausible);
		OptionalInt saturation = first(SATURATION, text, 50, 100, written, implausible);
		OptionalInt systolic = OptionalInt.empty();
		OptionalInt diastolic = OptionalInt.empty();
		Matcher bp = BLOOD_PRESSURE.matcher(text);
		while (bp.find()) {
			int high = Integer.parseInt(bp.group(1));
			if (high > 300) {
				implausible.add(bp.group());
			}
			if (high < 40 || high > 300) {
				continue;
			}
			systolic = OptionalInt.of(high);
			if (bp.group(2) != null && Character.isDigit(bp.group(2).charAt(0))) {
				diastolic = OptionalInt.of(Integer.parseInt(bp.group(2)));
			}
			written.add(bp.group());
			break;
		}
		if (diastolic.isEmpty()) {
			Matcher low = DIASTOLIC.matcher(text);
			while (low.find()) {
				int value = Integer.parseInt(low.group(1));
				if (value >= 10 && value <= 200) {
					diastolic = OptionalInt.of(value);
					written.add(low.group());
					break;
				}
			}
		}
		OptionalDouble temperature = temperature(TEMPERATURE.matcher(text), written, implausible);
		if (temperature.isEmpty()) {
			temperature = temperature(TEMPERATURE_UNIT.matcher(text), written, implausible);
		}
		OptionalDouble pain = OptionalDouble.empty();
		Matcher p = PAIN_SCORE.matcher(text);
		while (p.find()) {
			double score = Math.min(10, Double.parseDouble(p.group(1)));
			if (pain.isEmpty() || score > pain.getAsDouble()) {
				pain = OptionalDouble.of(score);
			}
			written.add(p.group().strip());
		}
		Matcher level = PAIN_LEVEL.matcher(text);
		while (level.find()) {
			double score = Double.parseDouble(level.group(1));
			if (score <= 10 && (pain.isEmpty() || score > pain.getAsDouble())) {
				pain = OptionalDouble.of(score);
				written.add(level.group().strip());
			}
		}
		OptionalInt gcs = first(GCS, text, 3, 15, written, implausible);
		return new VitalSigns(heartRate, respiratoryRate, saturation, systolic, diastolic, temperature, pain, gcs,
				written, implausible);
	}

	private static OptionalDouble temperature(Matcher t, List<String> written, List<String> implausible) {
		while (t.find()) {
			double value = Double.parseDouble(t.group(1));
			String unit = t.group(2) == null ? "" : t.group(2);
			// no unit: a reading above 45 can only be Fahrenheit
			double celsius = unit.startsWith("f") || (unit.isEmpty() && value > 45) ? (value - 32) * 5 / 9 : value;
			if (celsius > 45 && celsius < 100 && !t.group().startsWith("fever")) {
				implausible.add(t.group().strip());
			}
			if (celsius >= 25 && celsius <= 45) {
				written.add(t.group().strip());
				return OptionalDouble.of(Math.round(celsius * 10) / 10.0);
			}
		}
		return OptionalDouble.empty();
	}

	/** Whether any measured reading (not a pain score) was given. */
	boolean anyMeasured() {
		return this.heartRate.isPresent() || this.respiratoryRate.isPresent() || this.oxygenSaturation.isPresent()
				|| this.systolic.isPresent() || this.temperatureCelsius.isPresent() || this.gcs.isPresent();
	}

	private static OptionalInt first(Pattern pattern, String text, int min, int max, List<String> written,
			List<String> implausible) {
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			int value = Integer.parseInt(matcher.group(1));
			if (value > max && !matcher.group().matches("(?:p|rate)\\b.*")) {
				implausible.add(matcher.group().strip());
			}
			if (value >= min && value <= max) {
				written.add(matcher.group().strip());
				return OptionalInt.of(value);
			}
		}
		return OptionalInt.empty();
	}

	@Override
	public String toString() {
		return String.join(", ", this.written).toLowerCase(Locale.ROOT);
	}

}
