package dev.tessera.guardrails.pii;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.guardrails.RailContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phone numbers through libphonenumber's matcher in the declared regions, on sentences written for this test (the
 * numbers are the fictional ones the regulators reserve for drama, or invalid on purpose).
 */
class PhoneNumberDetectorTest {

	private static List<String> found(PhoneNumberDetector detector, String text) {
		return detector.find(text).stream().map(f -> text.substring(f.start(), f.end())).toList();
	}

	@Test
	void national_numbers_are_read_in_the_declared_regions_and_international_ones_anywhere() {
		PhoneNumberDetector usOnly = new PhoneNumberDetector(List.of("US"));
		PhoneNumberDetector withGermany = new PhoneNumberDetector(List.of("US", "DE"));
		String german = "Ruf mich an: 030 901820, danke";

		assertThat(found(usOnly, german)).isEmpty();
		assertThat(found(withGermany, german)).containsExactly("030 901820");
		assertThat(found(usOnly, "Call +49 30 901820 after lunch")).containsExactly("+49 30 901820");
		assertThat(found(usOnly, "Call (201) 555-0123 ext. 42 tomorrow")).containsExactly("(201) 555-0123 ext. 42");
	}

	@Test
	void an_invalid_number_needs_a_phone_word_or_its_country_code_and_a_bare_run_of_digits_a_phone_word() {
		PhoneNumberDetector detector = new PhoneNumberDetector(List.of("US"));

		// 123 is no US area code: valid nowhere, possible in length
		assertThat(found(detector, "Text me on 123-456-7890 tonight")).containsExactly("123-456-7890");
		assertThat(found(detector, "The code 123-456-7890 opens the gate")).isEmpty();
		assertThat(found(detector, "or +1-123-456-7890x123 at work")).containsExactly("+1-123-456-7890x123");
		assertThat(found(detector, "it was 8005550123 I think")).as("valid, bare").containsExactly("8005550123");
		assertThat(found(detector, "it was 1234567890 I think")).as("invalid, bare").isEmpty();
		assertThat(found(detector, "call 1234567890 I think")).containsExactly("1234567890");
	}

	@Test
	void identifiers_dates_versions_amounts_and_layouts_of_other_numbers_are_not_phone_numbers() {
		PhoneNumberDetector detector = new PhoneNumberDetector(PhoneNumberDetector.DEFAULT_REGIONS);

		for (String text : List.of("cancel purchase 2015550123 please", "order 4111 1111 1111 1112 please",
				"shipped on 2024-03-12 from Leeds", "version 10.2.3 fixed it", "the total was 1,234,567.89 USD",
				"my ITIN 912-70-1234 was rejected", "Springfield, IL 62704-1234", "account no. 020 7946 0958",
				"If this is an emergency, call 112 or 911 now.", "Your return number is RMA-100119.")) {
			assertThat(found(detector, text)).as(text).isEmpty();
		}
		assertThat(found(detector, "Tel: 555.201.0123 or 020 7946 0958")).containsExactly("555.201.0123",
				"020 7946 0958");
	}

	@Test
	void an_identifiers_name_counts_only_as_a_word_and_only_without_a_phone_or_card_word_after_it() {
		PhoneNumberDetector detector = new PhoneNumberDetector(List.of("US"));
		// "said" ends in "id", "remember" in "member": words, not identifiers' names
		assertThat(found(detector, "he said call me on (201) 555-0123")).containsExactly("(201) 555-0123");
		assertThat(found(detector, "please remember 2015550123 is my cell")).containsExactly("2015550123");
		assertThat(found(detector, "for the order, call 2015550123")).containsExactly("2015550123");

		CardNumberDetector cards = new CardNumberDetector();
		String text = "I paid for my order with card 4111 1111 1111 1111 yesterday";
		assertThat(cards.find(text)).singleElement()
			.satisfies(card -> assertThat(text.substring(card.start(), card.end())).isEqualTo("4111 1111 1111 1111"));
		assertThat(cards.find("order 4111 1111 1111 1111 was cancelled")).isEmpty();
	}

	@Test
	void the_rail_reads_the_regions_of_its_setting() {
		PiiPatternRail rail = new PiiPatternRail();
		String text = "Ruf mich an: 030 901820, danke";

		assertThat(rail.check(text, context(Map.of("regions", "US"))).detected()).isFalse();
		assertThat(rail.check(text, context(Map.of("regions", "us, de"))).rewrittenText())
			.isEqualTo("Ruf mich an: [PHONE_1], danke");
		assertThatThrownBy(() -> rail.check(text, context(Map.of("regions", "US,XX"))))
			.hasMessageContaining("unknown region 'XX'");
		assertThatThrownBy(() -> new PiiPatternRail(PiiScanner.standard()).check(text, context(Map.of("regions", "US"))))
			.hasMessageContaining("standard scanner only");
	}

	private static RailContext context(Map<String, String> settings) {
		return new RailContext("shop", RailContext.Direction.INPUT, settings);
	}

	@Test
	void only_the_text_around_groups_of_digits_is_read_and_a_number_in_a_long_text_is_found_whole() {
		String prose = "Thanks for the quick delivery of the blue kettle, it works well and looks great. ".repeat(12);
		String text = prose + "If anything goes wrong, call me on (201) 555-0123 ext. 42 after six. " + prose
				+ "Order 12345 arrived on 3 May.";

		List<int[]> windows = PhoneNumberDetector.windows(text);

		assertThat(windows).hasSize(1);
		assertThat(windows.getFirst()[1] - windows.getFirst()[0]).isLessThan(200);
		assertThat(text.substring(windows.getFirst()[0], windows.getFirst()[1])).contains("(201) 555-0123 ext. 42");
		assertThat(found(new PhoneNumberDetector(List.of("US")), text)).containsExactly("(201) 555-0123 ext. 42");
		assertThat(PhoneNumberDetector.windows(prose)).isEmpty();
	}

}
