package dev.tessera.core.learning;

import java.util.Map;
import java.util.Optional;

/**
 * How learning from escalations judges new head versions.
 *
 * @param targetAccuracy local accuracy each head's operating point is fitted for (the gate's escalation figure)
 * @param spotCheckShare share of locally answered turns kept for review as spot checks (never trained on)
 * @param protectedLabels per {@code assistant/head}, a label whose recall must never fall (a domain's safety figure,
 * e.g. {@code medical-triage/urgency} → {@code emergency})
 * @param gateMargin how much worse a new version may be on accuracy and recalls and still count as no worse
 * ({@link PromotionGate#margin()})
 */
public record LearningSettings(double targetAccuracy, double spotCheckShare, Map<String, String> protectedLabels,
		double gateMargin) {

	public LearningSettings(double targetAccuracy, double spotCheckShare, Map<String, String> protectedLabels) {
		this(targetAccuracy, spotCheckShare, protectedLabels, PromotionGate.DEFAULT_MARGIN);
	}

	public LearningSettings {
		if (!(targetAccuracy > 0.5 && targetAccuracy < 1)) {
			throw new IllegalArgumentException("targetAccuracy must be within (0.5, 1), was " + targetAccuracy);
		}
		if (!(spotCheckShare >= 0 && spotCheckShare <= 1)) {
			throw new IllegalArgumentException("spotCheckShare must be within [0, 1], was " + spotCheckShare);
		}
		protectedLabels = protectedLabels == null ? Map.of() : Map.copyOf(protectedLabels);
	}

	public Optional<String> protectedLabel(String assistantId, String head) {
		return Optional.ofNullable(this.protectedLabels.get(assistantId + "/" + head));
	}

}
