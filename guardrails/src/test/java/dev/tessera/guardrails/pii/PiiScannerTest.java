package dev.tessera.guardrails.pii;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PiiScannerTest {

	private static final PiiScanner SCANNER = PiiScanner.standard();

	private static List<String> found(String text, PiiType type) {
		return SCANNER.scan(text)
			.stream()
			.filter(f -> f.type() == type)
			.map(f -> text.substring(f.start(), f.end()))
			.toList();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "call me on 541-714-1388 tomorrow|541-714-1388",
			"Desk: +41 (0)71 526 99 04|+41 (0)71 526 99 04", "Fax: 463-612-6138x036|463-612-6138x036",
			"mobile 0489 25 37 29|0489 25 37 29" })
	void finds_phone_numbers_libphonenumber_accepts(String text, String phone) {
		assertThat(found(text, PiiType.PHONE)).containsExactly(phone);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Date: 1978-04-13 12:20:39", "my driver's license number is 2270-66-1551",
			"order 123 of 2 items" })
	void does_not_take_dates_or_other_identifiers_for_phone_numbers(String text) {
		assertThat(found(text, PiiType.PHONE)).isEmpty();
	}

	@Test
	void validates_ibans_by_mod_97_and_ssns_by_issuance_rules() {
		assertThat(found("pay to GB90YNTU67299444055881 today", PiiType.IBAN)).containsExactly("GB90YNTU67299444055881");
		assertThat(found("pay to GB91YNTU67299444055881 today", PiiType.IBAN)).isEmpty();
		assertThat(found("SSN 474-49-7577", PiiType.SSN)).containsExactly("474-49-7577");
		assertThat(found("SSN 666-49-7577 and 123-00-4567 and 900-12-3456", PiiType.SSN)).isEmpty();
	}

	@Test
	void finds_ipv4_and_ipv6_but_not_out_of_range_octets_or_times() {
		assertThat(found("from 195.206.132.199 and 6e40:4041:c617:e898:c11:40d2:c669:2eb4", PiiType.IP))
			.containsExactly("195.206.132.199", "6e40:4041:c617:e898:c11:40d2:c669:2eb4");
		assertThat(found("version 300.1.2.3 at 10:30", PiiType.IP)).isEmpty();
	}

	@Test
	void a_date_is_a_date_of_birth_only_near_a_birth_cue() {
		assertThat(found("I was born on 12/31/1980 in Ohio", PiiType.DATE_OF_BIRTH)).containsExactly("12/31/1980");
		assertThat(found("DOB: March 3, 1975", PiiType.DATE_OF_BIRTH)).containsExactly("March 3, 1975");
		assertThat(found("the invoice of 12/31/1980 is paid", PiiType.DATE_OF_BIRTH)).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Please ask Megan Carey to call back|Megan Carey",
			"the verses from Faina D. Yefremova's tales|Faina D. Yefremova",
			"my name is Bekbolat Musliyevich|Bekbolat Musliyevich", "Dear Mr. Okafor, thanks|Okafor" })
	void finds_person_names_by_gazetteer_shape_and_cue(String text, String name) {
		assertThat(found(text, PiiType.PERSON)).containsExactly(name);
	}

	@Test
	void does_not_take_ordinary_capitalised_words_for_names() {
		assertThat(found("Where is my order? The Return Policy says May is fine.", PiiType.PERSON)).isEmpty();
	}

	@Test
	void a_country_after_a_place_word_is_a_place_but_a_name_with_a_surname_stays_a_name() {
		assertThat(found("What is the capital of France?", PiiType.PERSON)).isEmpty();
		assertThat(found("Do you ship to Jordan or to Georgia?", PiiType.PERSON)).isEmpty();
		assertThat(found("Please call France Dupont tomorrow.", PiiType.PERSON)).containsExactly("France Dupont");
		assertThat(found("I spoke with Jordan yesterday.", PiiType.PERSON)).containsExactly("Jordan");
		// cities too: "Paris" is a first name and "London" a family name in the gazetteer
		assertThat(found("What is the weather in Paris tomorrow?", PiiType.PERSON)).isEmpty();
		assertThat(found("I live in London and ordered a jacket.", PiiType.PERSON)).isEmpty();
		assertThat(found("I wrote to Paris Hilton last week.", PiiType.PERSON)).containsExactly("Paris Hilton");
		assertThat(found("Jack London wrote it.", PiiType.PERSON)).containsExactly("Jack London");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Jacob lives on 90 Whitchurch Road street.|90 Whitchurch Road",
			"What is your address? it is 91211 Koepenicker Str. 74 Suite 980 Reichenbach|91211 Koepenicker Str. 74 Suite 980 Reichenbach",
			"send it to P.O. Box 149 please|P.O. Box 149", "Meet me at Parijsstraat 8, Zoetermeer|Parijsstraat 8, Zoetermeer" })
	void finds_street_addresses(String text, String address) {
		assertThat(found(text, PiiType.ADDRESS)).containsExactly(address);
	}

	@Test
	void validated_identifiers_win_overlaps_and_findings_come_in_text_order() {
		List<PiiFinding> findings = SCANNER.scan("Write to JaninaTokareva@superrito.com or call 541-714-1388.");

		assertThat(findings).extracting(PiiFinding::type).containsExactly(PiiType.EMAIL, PiiType.PHONE);
	}

	@Test
	void a_detector_whose_type_is_not_asked_for_does_not_run() {
		java.util.concurrent.atomic.AtomicInteger phoneRuns = new java.util.concurrent.atomic.AtomicInteger();
		PiiDetector phones = new PiiDetector() {

			@Override
			public PiiType type() {
				return PiiType.PHONE;
			}

			@Override
			public List<PiiFinding> find(String text) {
				phoneRuns.incrementAndGet();
				return List.of(new PiiFinding(0, 5, PiiType.PHONE, 1));
			}

		};
		PiiScanner scanner = new PiiScanner(List.of(phones, new EmailDetector()));

		assertThat(scanner.scan("12345 mail me at ann@example.com", java.util.Set.of(PiiType.EMAIL)))
			.extracting(PiiFinding::type)
			.containsExactly(PiiType.EMAIL);
		assertThat(phoneRuns).hasValue(0);
		assertThat(scanner.scan("12345 mail me at ann@example.com", java.util.Set.of(PiiType.PHONE, PiiType.EMAIL)))
			.extracting(PiiFinding::type)
			.containsExactly(PiiType.PHONE, PiiType.EMAIL);
		assertThat(phoneRuns).hasValue(1);
	}

}
