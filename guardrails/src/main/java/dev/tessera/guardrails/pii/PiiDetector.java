package dev.tessera.guardrails.pii;

import java.util.List;

/**
 * Finds one kind of personal data in a text. Detectors may return overlapping findings; {@link PiiScanner} resolves
 * them.
 */
@FunctionalInterface
public interface PiiDetector {

	List<PiiFinding> find(String text);

}
