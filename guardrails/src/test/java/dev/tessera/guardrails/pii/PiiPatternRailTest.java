package dev.tessera.guardrails.pii;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

class PiiPatternRailTest {

	private final PiiPatternRail rail = new PiiPatternRail();

	private final RailContext context = new RailContext("shop", RailContext.Direction.INPUT, Map.of());

	@Test
	void redacts_emails_with_numbered_placeholders_and_reuses_them_for_the_same_value() {
		Verdict verdict = this.rail.check("Mail jane.doe@example.com or ops@shop.example.org, again jane.doe@example.com.",
				this.context);

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.rewrittenText()).isEqualTo("Mail [EMAIL_1] or [EMAIL_2], again [EMAIL_1].");
		assertThat(verdict.spans()).hasSize(3).allSatisfy(span -> assertThat(span.label()).isEqualTo("EMAIL"));
	}

	@Test
	void redacts_card_numbers_that_pass_the_luhn_check_only() {
		Verdict card = this.rail.check("card 4111 1111 1111 1111 please", this.context);
		Verdict notCard = this.rail.check("order 4111 1111 1111 1112 please", this.context);

		assertThat(card.rewrittenText()).isEqualTo("card [CARD_1] please");
		assertThat(notCard.detected()).isFalse();
	}

	@Test
	void passes_text_without_personal_data() {
		Verdict verdict = this.rail.check("Where is order 12345?", this.context);

		assertThat(verdict.detected()).isFalse();
		assertThat(verdict.rewrittenText()).isNull();
	}

}
