package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the PII detectors over a text and keeps non-overlapping findings, in text order.
 * <p>
 * Overlaps are resolved in two tiers: validated identifiers (email, IBAN, IP, SSN, card) win over everything else,
 * because a checksum or fixed format is stronger evidence than a judgement; among the rest (phone, date of birth,
 * address, name) the longer finding wins, so that a street named after a person stays part of the address.
 */
public final class PiiScanner {

	private static final Set<PiiType> VALIDATED = EnumSet.of(PiiType.EMAIL, PiiType.IBAN, PiiType.IP, PiiType.SSN,
			PiiType.CARD);

	private final List<PiiDetector> detectors;

	public PiiScanner(List<PiiDetector> detectors) {
		this.detectors = List.copyOf(detectors);
	}

	/** All detectors this module has, names from the bundled gazetteer, phone numbers of the default regions. */
	public static PiiScanner standard() {
		return standard(PhoneNumberDetector.DEFAULT_REGIONS);
	}

	/**
	 * All detectors this module has, phone numbers read in the given regions (ISO 3166 codes, the most likely first;
	 * numbers with a country code are found in any region).
	 */
	public static PiiScanner standard(List<String> phoneRegions) {
		return new PiiScanner(List.of(new EmailDetector(), new IbanDetector(), new IpAddressDetector(),
				new SsnDetector(), new CardNumberDetector(), new BirthDateDetector(),
				new PhoneNumberDetector(phoneRegions), new StreetAddressDetector(), new PersonNameDetector()));
	}

	/** Non-overlapping findings of the given types, ordered by start. */
	public List<PiiFinding> scan(String text, Set<PiiType> types) {
		List<PiiFinding> all = new ArrayList<>();
		for (PiiDetector detector : this.detectors) {
			if (!types.contains(detector.type())) {
				continue; // the phone detector alone makes about fifteen passes over a message
			}
			for (PiiFinding finding : detector.find(text)) {
				if (types.contains(finding.type())) {
					all.add(finding);
				}
			}
		}
		return PiiFinding.withoutOverlaps(all, Comparator.comparing((PiiFinding f) -> !VALIDATED.contains(f.type()))
			.thenComparing(Comparator.comparingInt(PiiFinding::length).reversed())
			.thenComparing(Comparator.comparingDouble(PiiFinding::confidence).reversed())
			.thenComparingInt(PiiFinding::start));
	}

	public List<PiiFinding> scan(String text) {
		return scan(text, EnumSet.allOf(PiiType.class));
	}

}
