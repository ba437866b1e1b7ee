package dev.tessera.guardrails.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.RailPolicy;
import dev.tessera.guardrails.abuse.AbusiveLanguageRail;
import dev.tessera.guardrails.grounding.GroundingRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceStreamGuardTest {

	private static final String SOURCE = "You can return most items within 30 days of delivery for a full refund. "
			+ "Refunds are paid to the original payment method within 5 working days.";

	private static final RailChain CHAIN = new RailChain(List.of(new PiiPatternRail(), new GroundingRail(),
			new AbusiveLanguageRail(), new RequiredNoticeRail()));

	private static final RailPolicy POLICY = new RailPolicy(List.of(
			new RailPolicy.Entry("pii", RailAction.REDACT, Map.of()),
			new RailPolicy.Entry("grounding", RailAction.REWRITE, Map.of()),
			new RailPolicy.Entry("abusive-language", RailAction.BLOCK, Map.of()),
			new RailPolicy.Entry("required-notice", RailAction.REWRITE, Map.of("notice", "Policies may change."))));

	private final List<String> events = new ArrayList<>();

	private SentenceStreamGuard guard() {
		return new SentenceStreamGuard(CHAIN, "shop", POLICY, new PlaceholderVault(),
				List.of(SOURCE, "write to {email}"), new SentenceStreamGuard.Listener() {
					@Override
					public void release(String text) {
						SentenceStreamGuardTest.this.events.add("release:" + text);
					}

					@Override
					public void retract(String reason) {
						SentenceStreamGuardTest.this.events.add("retract:" + reason);
					}
				});
	}

	private static void stream(SentenceStreamGuard guard, String text) {
		// token-sized pieces, as a model emits them
		for (int i = 0; i < text.length(); i += 3) {
			guard.append(text.substring(i, Math.min(text.length(), i + 3)));
		}
	}

	@Test
	void nothing_is_released_before_its_sentence_is_complete_and_checked() {
		SentenceStreamGuard guard = guard();
		stream(guard, "You can return most items within 30 days of delivery");

		assertThat(this.events).isEmpty();

		stream(guard, " for a full refund. Refunds are paid to the original payment method within 5 working days.");
		RailChainResult result = guard.finish();

		assertThat(this.events).containsExactly(
				"release:You can return most items within 30 days of delivery for a full refund. ",
				"release:Refunds are paid to the original payment method within 5 working days.",
				"release:\n\nPolicies may change.");
		assertThat(result.outcome()).isEqualTo(RailAction.ALLOW);
		assertThat(result.text()).isEqualTo(SOURCE + "\n\nPolicies may change.");
		assertThat(result.verdicts()).extracting(v -> v.verdict().rail())
			.containsExactly("pii", "grounding", "abusive-language", "required-notice");
	}

	@Test
	void an_unsupported_sentence_is_dropped_and_personal_data_is_redacted_before_release() {
		SentenceStreamGuard guard = guard();
		stream(guard, "Refunds are paid to the original payment method within 7 working days. "
				+ "I will write to jo@example.com about it. ");
		RailChainResult result = guard.finish();

		assertThat(this.events).containsExactly("release:I will write to [EMAIL_1] about it. ",
				"release:\n\nPolicies may change.");
		assertThat(result.verdicts()).filteredOn(v -> v.verdict().rail().equals("grounding"))
			.singleElement()
			.satisfies(v -> assertThat(v.verdict().reason()).contains("detected in 1 of 2").contains("states 7"));
	}

	@Test
	void a_sentence_that_stops_the_reply_retracts_what_was_shown_and_ends_the_stream() {
		SentenceStreamGuard guard = guard();
		stream(guard, "You can return most items within 30 days of delivery for a full refund. "
				+ "Honestly you are an idiot. Refunds are paid to the original payment method within 5 working days.");
		RailChainResult result = guard.finish();

		assertThat(this.events).hasSize(2);
		assertThat(this.events.get(0)).startsWith("release:You can return most items");
		assertThat(this.events.get(1)).startsWith("retract:reply withdrawn by output rail 'abusive-language'");
		assertThat(result.outcome()).isEqualTo(RailAction.BLOCK);
		assertThat(result.text()).isEmpty();
		assertThat(result.verdicts().getLast().verdict().rail()).isEqualTo("abusive-language");
	}

	@Test
	void a_restart_retracts_the_released_text_and_checks_the_replacement_afresh() {
		SentenceStreamGuard guard = guard();
		stream(guard, "You can return most items within 30 days of delivery for a full refund. Then");
		guard.restart("the generative model failed");
		stream(guard, "Refunds are paid to the original payment method within 5 working days.");
		RailChainResult result = guard.finish();

		assertThat(this.events).containsExactly(
				"release:You can return most items within 30 days of delivery for a full refund. ",
				"retract:the generative model failed",
				"release:Refunds are paid to the original payment method within 5 working days.",
				"release:\n\nPolicies may change.");
		assertThat(guard.fed()).isEqualTo("Refunds are paid to the original payment method within 5 working days.");
		assertThat(result.text()).startsWith("Refunds are paid");
	}

}
