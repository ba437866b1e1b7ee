package dev.tessera.guardrails.pii;

import java.util.List;

/**
 * Finds one kind of personal data in a text. Detectors may return overlapping findings; {@link PiiScanner} resolves
 * them.
 */
public interface PiiDetector {

	/** The one kind of PII this detector finds: a scan that does not ask for it does not run it. */
	PiiType type();

	List<PiiFinding> find(String text);

}
