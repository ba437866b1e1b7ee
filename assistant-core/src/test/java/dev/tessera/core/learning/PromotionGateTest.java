package dev.tessera.core.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tessera.core.heads.HeadPrediction;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionGateTest {

	private static final List<String> LABELS = List.of("emergency", "urgent", "routine", "self-care");

	private final PromotionGate gate = PromotionGate.forTarget(0.9, "out_of_scope", Optional.empty());

	/** Gold labels, evenly over the labels. */
	private static List<String> gold(int n) {
		List<String> gold = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			gold.add(LABELS.get(i % LABELS.size()));
		}
		return gold;
	}

	/**
	 * Decisions right with the given share (seeded), confident when right, unsure when wrong; {@code wrongLabel}
	 * picks the label of a wrong one.
	 */
	private static List<HeadPrediction> decisions(List<String> gold, double rightShare, long seed) {
		Random random = new Random(seed);
		List<HeadPrediction> decisions = new ArrayList<>();
		for (String g : gold) {
			boolean right = random.nextDouble() < rightShare;
			String label = right ? g : LABELS.get((LABELS.indexOf(g) + 1) % LABELS.size());
			double confidence = right ? 0.8 + 0.2 * random.nextDouble() : 0.4 + 0.4 * random.nextDouble();
			decisions.add(new HeadPrediction(label, confidence, false, List.of()));
		}
		return decisions;
	}

	@Test
	void the_same_decisions_are_promoted_and_every_figure_is_reported() {
		List<String> gold = gold(800);
		List<HeadPrediction> current = decisions(gold, 0.9, 1);

		PromotionGate.Verdict verdict = this.gate.judge(gold, current, current);

		assertThat(verdict.promote()).isTrue();
		assertThat(verdict.figures()).extracting(PromotionGate.Figure::name)
			.containsExactly("accuracy", "ECE", "escalation rate", "local accuracy");
		assertThat(verdict.describe()).startsWith("promoted: no figure worse beyond its margin on 800 held-back examples");
	}

	@Test
	void a_version_much_worse_on_the_held_back_slice_is_refused_naming_the_figure() {
		List<String> gold = gold(800);

		PromotionGate.Verdict verdict = this.gate.judge(gold, decisions(gold, 0.9, 1), decisions(gold, 0.7, 2));

		assertThat(verdict.promote()).isFalse();
		assertThat(verdict.figures()).filteredOn(PromotionGate.Figure::worse)
			.extracting(PromotionGate.Figure::name)
			.contains("accuracy", "escalation rate");
		assertThat(verdict.describe()).startsWith("refused: not shown no worse on 800 held-back examples")
			.contains("accuracy 0.9")
			.contains("worse beyond its noise");
	}

	@Test
	void a_small_difference_on_enough_examples_does_not_hold_a_version_back() {
		List<String> gold = gold(4000);
		List<HeadPrediction> current = decisions(gold, 0.9, 1);
		// the candidate decides one example in a hundred differently, as often better as worse
		List<HeadPrediction> candidate = new ArrayList<>(current);
		List<HeadPrediction> other = decisions(gold, 0.9, 5);
		for (int i = 0; i < gold.size(); i += 100) {
			candidate.set(i, other.get(i));
		}

		PromotionGate.Verdict verdict = this.gate.judge(gold, current, candidate);

		assertThat(verdict.promote()).as(verdict.describe()).isTrue();
		PromotionGate.Figure accuracy = verdict.figures().getFirst();
		assertThat(accuracy.low()).isBetween(-0.02, 0.0);
		assertThat(accuracy.high()).isBetween(0.0, 0.02);
	}

	@Test
	void a_version_judged_on_too_few_examples_waits() {
		List<String> gold = gold(30);
		// as good as the serving version, but thirty examples cannot rule out a regression of two points
		PromotionGate.Verdict verdict = this.gate.judge(gold, decisions(gold, 0.9, 1), decisions(gold, 0.9, 3));

		assertThat(verdict.promote()).isFalse();
		assertThat(verdict.describe()).contains("too few examples to rule out a regression beyond 0.02");
	}

	@Test
	void a_protected_label_whose_recall_falls_is_refused() {
		PromotionGate triage = PromotionGate.forTarget(0.9, "out_of_scope", Optional.of("emergency"));
		List<String> gold = gold(800);
		List<HeadPrediction> current = decisions(gold, 0.9, 1);
		// the same decisions, but most emergencies called urgent
		List<HeadPrediction> candidate = new ArrayList<>(current);
		for (int i = 0; i < gold.size(); i++) {
			if (gold.get(i).equals("emergency") && i % 3 != 0) {
				candidate.set(i, new HeadPrediction("urgent", 0.9, false, List.of()));
			}
		}

		PromotionGate.Verdict verdict = triage.judge(gold, current, candidate);

		assertThat(verdict.promote()).isFalse();
		assertThat(verdict.figures()).as(verdict.describe()).filteredOn(PromotionGate.Figure::worse)
			.extracting(PromotionGate.Figure::name)
			.contains("emergency recall");
	}

	@Test
	void out_of_scope_recall_joins_the_figures_when_the_slice_has_out_of_scope_examples() {
		List<String> gold = new ArrayList<>(gold(400));
		List<HeadPrediction> current = new ArrayList<>(decisions(gold, 0.9, 1));
		List<HeadPrediction> candidate = new ArrayList<>(decisions(gold, 0.9, 1));
		for (int i = 0; i < 100; i++) {
			gold.add("out_of_scope");
			current.add(new HeadPrediction("urgent", 0.3, true, List.of()));
			// the candidate answers them
			candidate.add(new HeadPrediction("urgent", 0.95, false, List.of()));
		}

		PromotionGate.Verdict verdict = this.gate.judge(gold, current, candidate);

		assertThat(verdict.figures()).extracting(PromotionGate.Figure::name).contains("out-of-scope recall");
		assertThat(verdict.promote()).isFalse();
	}

	@Test
	void local_accuracy_is_held_to_the_target_not_to_a_serving_version_that_answers_less() {
		List<String> gold = gold(1000);
		// the same decisions: 95 % right, the wrong ones least confident
		List<HeadPrediction> decisions = decisions(gold, 0.95, 1);
		dev.tessera.core.heads.OperatingThreshold strict = new dev.tessera.core.heads.OperatingThreshold(0.99, 0.9, 1.0,
				0.95, 1000);
		dev.tessera.core.heads.OperatingThreshold lenient = new dev.tessera.core.heads.OperatingThreshold(0.0, 0.9, 0.95,
				0.0, 1000);
		dev.tessera.core.heads.OperatingThreshold tooLenient = new dev.tessera.core.heads.OperatingThreshold(0.0, 0.97,
				0.95, 0.0, 1000);

		PromotionGate.Figure answersMore = this.gate.judge(gold, decisions, decisions, strict, lenient)
			.figures()
			.stream()
			.filter(f -> f.name().equals("local accuracy"))
			.findFirst()
			.orElseThrow();
		PromotionGate.Figure belowTarget = PromotionGate.forTarget(0.97, "out_of_scope", Optional.empty())
			.judge(gold, decisions, decisions(gold, 0.9, 2), strict, tooLenient)
			.figures()
			.stream()
			.filter(f -> f.name().equals("local accuracy"))
			.findFirst()
			.orElseThrow();

		assertThat(answersMore.current()).isEqualTo(1.0);
		assertThat(answersMore.candidate()).isLessThan(1.0);
		assertThat(answersMore.worse()).as(answersMore.describe()).isFalse();
		assertThat(belowTarget.worse()).as(belowTarget.describe()).isTrue();
		assertThat(belowTarget.describe()).contains("target 0.97").contains("below the target beyond its noise");
	}

	@Test
	void the_escalation_rate_is_measured_on_the_traffic_a_version_would_see() {
		List<String> gold = gold(400);
		List<HeadPrediction> decisions = decisions(gold, 0.95, 1);
		// the first half is the pack's holdout (weight 0), the second reviewed traffic
		double[] weights = new double[400];
		java.util.Arrays.fill(weights, 200, 400, 5.0);
		dev.tessera.core.heads.OperatingThreshold answering = new dev.tessera.core.heads.OperatingThreshold(0.85, 0.9,
				0.99, 0.3, 400);
		dev.tessera.core.heads.OperatingThreshold escalatingAll = new dev.tessera.core.heads.OperatingThreshold(
				dev.tessera.core.heads.OperatingThreshold.ESCALATE_ALL, 0.9, Double.NaN, 1.0, 400);

		PromotionGate.Verdict verdict = this.gate.judge(gold, decisions, decisions, answering, escalatingAll, weights);

		PromotionGate.Figure escalation = verdict.figures()
			.stream()
			.filter(f -> f.name().startsWith("escalation rate"))
			.findFirst()
			.orElseThrow();
		assertThat(escalation.name()).isEqualTo("escalation rate (traffic)");
		assertThat(escalation.candidate()).isEqualTo(1.0);
		assertThat(escalation.worse()).isTrue();
		assertThat(verdict.promote()).as("a version that would escalate every message is not promoted").isFalse();
	}

}
