package dev.tessera.guardrails.pii;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

	@Test
	void redacts_every_type_with_typed_placeholders_and_the_vault_restores_them() {
		PlaceholderVault vault = new PlaceholderVault();
		RailContext turn = new RailContext("shop", RailContext.Direction.INPUT, Map.of(), vault);
		String message = "I'm Megan Carey, call 541-714-1388 or mail megan@example.com; I live at 90 Whitchurch Road.";

		Verdict verdict = this.rail.check(message, turn);

		assertThat(verdict.rewrittenText())
			.isEqualTo("I'm [PERSON_1], call [PHONE_1] or mail [EMAIL_1]; I live at [ADDRESS_1].");
		assertThat(verdict.spans()).extracting(Verdict.Span::label).containsExactly("PERSON", "PHONE", "EMAIL", "ADDRESS");
		assertThat(vault.restore("We will call [PHONE_1], [PERSON_1].")).isEqualTo("We will call 541-714-1388, Megan Carey.");
		assertThat(vault.toString()).doesNotContain("541-714-1388");
	}

	@Test
	void only_the_users_own_values_are_restored_and_a_value_redacted_from_a_reply_stays_redacted() {
		PlaceholderVault vault = new PlaceholderVault();
		this.rail.check("My email is megan@example.com",
				new RailContext("shop", RailContext.Direction.INPUT, Map.of(), vault));
		var usersOwn = vault.placeholders();
		Verdict reply = this.rail.check("We wrote to megan@example.com and to tom@example.org.",
				new RailContext("shop", RailContext.Direction.OUTPUT, Map.of(), vault));

		assertThat(reply.rewrittenText()).isEqualTo("We wrote to [EMAIL_1] and to [EMAIL_2].");
		assertThat(vault.restore(reply.rewrittenText(), usersOwn))
			.isEqualTo("We wrote to megan@example.com and to [EMAIL_2].");
	}

	@Test
	void the_types_setting_limits_what_is_redacted_and_bad_settings_are_named() {
		Verdict verdict = this.rail.check("Megan Carey, megan@example.com",
				new RailContext("shop", RailContext.Direction.INPUT, Map.of("types", "email")));

		assertThat(verdict.rewrittenText()).isEqualTo("Megan Carey, [EMAIL_1]");
		assertThatThrownBy(() -> this.rail.check("x",
				new RailContext("shop", RailContext.Direction.INPUT, Map.of("types", "shoe-size"))))
			.hasMessageContaining("unknown type 'shoe-size'");
	}

}
