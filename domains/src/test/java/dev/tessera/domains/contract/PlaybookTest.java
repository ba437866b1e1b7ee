package dev.tessera.domains.contract;

import java.util.List;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import dev.tessera.core.assistant.InvalidPackException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaybookTest {

	private final PlaybookReader reader = new PlaybookReader();

	private static Clause clause(String number, String text) {
		return new Clause(number, "", 100, 100 + text.length(), text);
	}

	private Playbook pack() {
		return this.reader.read(new ClassPathResource("tessera/packs/contract-review/playbook.yaml"),
				"contract-review/playbook.yaml");
	}

	@Test
	void the_pack_playbook_requires_the_core_clauses() {
		Playbook playbook = pack();

		assertThat(playbook.required()).extracting(ClauseStandard::type)
			.containsExactly("limitation_of_liability", "governing_law", "termination", "assignment",
					"confidentiality");
		assertThat(playbook.types().keySet()).contains("renewal", "non_compete", "exclusivity");
		assertThat(playbook.sha256()).hasSize(64);
		assertThat(playbook.unknownTypes(List.of("governing_law"))).contains("termination")
			.doesNotContain("governing_law");
	}

	@Test
	void numbers_are_read_in_digits_words_or_both() {
		assertThat(NumberWords.parse("90")).isEqualTo(OptionalDouble.of(90));
		assertThat(NumberWords.parse("1,000,000")).isEqualTo(OptionalDouble.of(1_000_000));
		assertThat(NumberWords.parse("ninety")).isEqualTo(OptionalDouble.of(90));
		assertThat(NumberWords.parse("twenty-four")).isEqualTo(OptionalDouble.of(24));
		assertThat(NumberWords.parse("one hundred and twenty")).isEqualTo(OptionalDouble.of(120));
		assertThat(NumberWords.parse("two million")).isEqualTo(OptionalDouble.of(2_000_000));
		assertThat(NumberWords.parse("several")).isEmpty();
	}

	@Test
	void a_number_check_flags_values_outside_its_bounds_and_prefers_digits_in_brackets() {
		PlaybookCheck notice = pack().standard("termination").orElseThrow().checks().stream()
			.filter(c -> c.id().equals("short-convenience-notice"))
			.findFirst()
			.orElseThrow();
		Clause thirty = clause("4.2", "The Supplier may terminate for convenience on thirty (30) days' written notice.");
		Clause ninety = clause("4.3", "Either party may terminate for convenience on ninety days' notice.");
		Clause breach = clause("4.1", "Either party may terminate if a breach is not remedied within 10 days' notice.");

		List<PlaybookCheck.Hit> hits = notice.check(thirty);

		assertThat(hits).singleElement().satisfies(hit -> {
			assertThat(hit.value()).isEqualTo(30.0);
			assertThat(thirty.text().substring(hit.start() - 100, hit.end() - 100)).isEqualTo("thirty (30) days' written notice");
		});
		assertThat(notice.reasonFor(30.0)).contains("only 30 days' notice");
		assertThat(notice.check(ninety)).isEmpty();
		assertThat(notice.check(breach)).as("the condition: only termination for convenience counts").isEmpty();
	}

	@Test
	void present_and_absent_checks() {
		Playbook playbook = pack();
		PlaybookCheck unlimited = playbook.standard("limitation_of_liability").orElseThrow().checks().get(0);
		PlaybookCheck oneSided = playbook.standard("confidentiality").orElseThrow().checks().stream()
			.filter(c -> c.id().equals("one-sided"))
			.findFirst()
			.orElseThrow();

		assertThat(unlimited.check(clause("5", "The Supplier's liability is unlimited."))).hasSize(1);
		assertThat(unlimited.check(clause("5", "Liability is capped at the fees paid."))).isEmpty();
		assertThat(oneSided.scope()).isEqualTo(PlaybookCheck.Scope.TYPE);
		assertThat(oneSided.matchesAny(List.of(clause("9", "The Customer shall keep the Supplier's information secret."))))
			.isFalse();
		assertThat(oneSided.matchesAny(List.of(clause("9", "Each party shall keep the other's information secret."))))
			.isTrue();
	}

	@Test
	void mistakes_name_the_file_and_the_field() {
		assertThatThrownBy(() -> this.reader.read("clause-types:\n  x:\n    title: X\n    standard: S\n    colour: red\n",
				"p.yaml"))
			.isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("p.yaml")
			.hasMessageContaining("clause-types.x.colour")
			.hasMessageContaining("unknown key");
		assertThatThrownBy(() -> this.reader.read("""
				clause-types:
				  x:
				    title: X
				    standard: S
				    checks:
				      - {id: a, when: present, pattern: "(unclosed", risk: HIGH, reason: r}
				""", "p.yaml"))
			.hasMessageContaining("clause-types.x.checks[0].pattern")
			.hasMessageContaining("not a valid regular expression");
		assertThatThrownBy(() -> this.reader.read("""
				clause-types:
				  x:
				    title: X
				    standard: S
				    checks:
				      - {id: a, when: present, pattern: "a", risk: SEVERE, reason: r}
				""", "p.yaml"))
			.hasMessageContaining("checks[0].risk")
			.hasMessageContaining("'SEVERE' is not one of [LOW, MEDIUM, HIGH]");
		assertThatThrownBy(() -> this.reader.read("""
				clause-types:
				  x:
				    title: X
				    standard: S
				    required: true
				""", "p.yaml"))
			.hasMessageContaining("clause-types.x.missing-risk")
			.hasMessageContaining("is required");
		assertThatThrownBy(() -> this.reader.read("""
				clause-types:
				  x:
				    title: X
				    standard: S
				    checks:
				      - {id: a, when: number, pattern: "{number} days", risk: LOW, reason: r}
				""", "p.yaml"))
			.hasMessageContaining("a number check needs min or max");
	}

}
