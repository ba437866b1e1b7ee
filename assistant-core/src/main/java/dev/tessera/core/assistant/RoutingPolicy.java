package dev.tessera.core.assistant;

import java.util.Objects;
import java.util.OptionalDouble;


/**
 * An assistant's routing policy, from the {@code routing} section of its pack: how each signal maps to a route.
 * Thresholds are meant to be chosen from a measured curve ({@code bench route}); the {@link OperatingPoint} records
 * which measurement they came from, so a reviewer can tell a tuned policy from a guess.
 *
 * @param onUnsupported route when the knowledge does not support an answer (best passage below the minimum)
 * @param maxWords longest query (in words) the small model answers alone; longer ones are complex
 * @param maxQuestions most questions in one message the small model answers alone
 * @param onComplex route for a complex query
 * @param minHeadConfidence least calibrated task-head confidence to answer locally; empty to ignore the signal
 * @param minGenerationConfidence least confidence of a generated local answer to keep it; empty to ignore it
 * @param onLowConfidence route when a head or generation confidence is below its minimum
 * @param operatingPoint the measured point these thresholds were chosen at
 * @param headAccuracyTarget the local accuracy the task head must reach on what it answers alone: when set, the least
 * confidence to answer locally is the serving head version's own operating point for this target, fitted on
 * decisions it was not trained on and re-fitted with every promoted version; {@code minHeadConfidence} then applies
 * only to a head saved without those decisions
 */
public record RoutingPolicy(Route onUnsupported, int maxWords, int maxQuestions, Route onComplex,
		OptionalDouble minHeadConfidence, OptionalDouble minGenerationConfidence, Route onLowConfidence,
		OperatingPoint operatingPoint, OptionalDouble headAccuracyTarget) {

	public RoutingPolicy(Route onUnsupported, int maxWords, int maxQuestions, Route onComplex,
			OptionalDouble minHeadConfidence, OptionalDouble minGenerationConfidence, Route onLowConfidence,
			OperatingPoint operatingPoint) {
		this(onUnsupported, maxWords, maxQuestions, onComplex, minHeadConfidence, minGenerationConfidence,
				onLowConfidence, operatingPoint, OptionalDouble.empty());
	}

	public RoutingPolicy {
		requireDeferring(onUnsupported, "onUnsupported");
		requireDeferring(onComplex, "onComplex");
		requireDeferring(onLowConfidence, "onLowConfidence");
		if (maxWords < 1) {
			throw new IllegalArgumentException("maxWords must be >= 1, got " + maxWords);
		}
		if (maxQuestions < 1) {
			throw new IllegalArgumentException("maxQuestions must be >= 1, got " + maxQuestions);
		}
		requireProbability(minHeadConfidence, "minHeadConfidence");
		requireProbability(minGenerationConfidence, "minGenerationConfidence");
		Objects.requireNonNull(operatingPoint, "operatingPoint cannot be null");
		headAccuracyTarget = headAccuracyTarget == null ? OptionalDouble.empty() : headAccuracyTarget;
		if (headAccuracyTarget.isPresent()
				&& !(headAccuracyTarget.getAsDouble() > 0.5 && headAccuracyTarget.getAsDouble() < 1)) {
			throw new IllegalArgumentException(
					"headAccuracyTarget must be within (0.5, 1), got " + headAccuracyTarget.getAsDouble());
		}
	}

	/**
	 * The policy of a pack without a {@code routing} section: what Tessera did before policies existed. Unsupported
	 * and complex queries go to the large model (a person when none is configured); confidence signals are ignored.
	 */
	public static RoutingPolicy defaults() {
		return new RoutingPolicy(Route.ESCALATE_LLM, 80, 3, Route.ESCALATE_LLM, OptionalDouble.empty(),
				OptionalDouble.empty(), Route.ESCALATE_LLM, OperatingPoint.unmeasured());
	}

	private static void requireDeferring(Route route, String name) {
		Objects.requireNonNull(route, name + " cannot be null");
		if (route != Route.ESCALATE_LLM && route != Route.HANDOFF_HUMAN) {
			throw new IllegalArgumentException(name + " must be ESCALATE_LLM or HANDOFF_HUMAN, got " + route);
		}
	}

	private static void requireProbability(OptionalDouble value, String name) {
		Objects.requireNonNull(value, name + " cannot be null");
		if (value.isPresent() && (value.getAsDouble() < 0 || value.getAsDouble() > 1)) {
			throw new IllegalArgumentException(name + " must be within 0..1, got " + value.getAsDouble());
		}
	}

	/**
	 * Where the thresholds came from.
	 *
	 * @param measuredWith the command (and data) that produced the figures, or empty when not measured
	 * @param localAccuracy quality of local answers at this point (0..1), or empty
	 * @param escalationRate share of turns not answered locally at this point (0..1), or empty
	 * @param note why this point was chosen
	 */
	public record OperatingPoint(String measuredWith, OptionalDouble localAccuracy, OptionalDouble escalationRate,
			String note) {

		public OperatingPoint {
			measuredWith = measuredWith == null ? "" : measuredWith.strip();
			requireProbability(localAccuracy, "localAccuracy");
			requireProbability(escalationRate, "escalationRate");
			note = note == null ? "" : note.strip();
		}

		public static OperatingPoint unmeasured() {
			return new OperatingPoint("", OptionalDouble.empty(), OptionalDouble.empty(), "");
		}

		public boolean measured() {
			return !this.measuredWith.isEmpty();
		}

	}

}
