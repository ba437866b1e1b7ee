package dev.tessera.bench.contracts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CuadClausesTest {

	@Test
	void python_lists_are_read_with_both_quotes_and_escapes() {
		assertThat(PythonStringList.parse("['one', \"it's\", 'a \\'quoted\\' word\\nnext', 'caf\\xe9']"))
			.containsExactly("one", "it's", "a 'quoted' word\nnext", "café");
		assertThat(PythonStringList.parse("[]")).isEmpty();
		assertThat(PythonStringList.parse("")).isEmpty();
		assertThatThrownBy(() -> PythonStringList.parse("['unterminated]")).hasMessageContaining("unterminated");
	}

	/** A file shaped like CUAD's master CSV, with text written for this test. */
	private static Path cuad(Path dir, int contracts) throws Exception {
		List<String> columns = new java.util.ArrayList<>(List.of("Filename"));
		CuadClauses.CATEGORIES.values().forEach(columns::addAll);
		StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
		for (int c = 0; c < contracts; c++) {
			StringBuilder row = new StringBuilder("contract-" + c + ".pdf");
			for (String column : columns.subList(1, columns.size())) {
				String cell = switch (column) {
					case "Governing Law" -> "['This deal follows the law of place " + c + ".']";
					case "Cap On Liability" -> "['Damages stop at " + c + " euros.', 'Both sides owe nothing more.']";
					case "Uncapped Liability" -> "['Both sides owe nothing more.']";
					case "Anti-Assignment" -> "['No transfer without consent " + c + ".']";
					case "Change Of Control" -> "['No transfer without consent " + c + ".']";
					case "Audit Rights" -> "['Books may be checked without consent " + c + ".']";
					default -> "[]";
				};
				row.append(",\"").append(cell.replace("\"", "\"\"")).append('"');
			}
			csv.append(row).append('\n');
		}
		Path file = dir.resolve("cuad.csv");
		Files.writeString(file, csv);
		return file;
	}

	@Test
	void excerpts_become_examples_and_merged_columns_one_label(@TempDir Path dir) throws Exception {
		List<CuadClauses.Contract> contracts = CuadClauses.read(cuad(dir, 3));

		CuadClauses.Contract first = contracts.get(0);
		assertThat(first.singleLabel()).extracting(e -> e.text() + " -> " + e.labels())
			.containsExactly("This deal follows the law of place 0. -> [governing_law]",
					"Damages stop at 0 euros. -> [limitation_of_liability]",
					"Both sides owe nothing more. -> [limitation_of_liability]",
					"Books may be checked without consent 0. -> [audit_rights]");
		assertThat(first.multiLabel()).as("cap and uncapped merge into one label; assignment and change of control do not")
			.singleElement()
			.satisfies(e -> assertThat(e.labels()).containsExactlyInAnyOrder("assignment", "change_of_control"));
	}

	@Test
	void the_split_is_by_contract_seeded_and_complete(@TempDir Path dir) throws Exception {
		List<CuadClauses.Contract> contracts = CuadClauses.read(cuad(dir, 50));

		CuadClauses.Split split = CuadClauses.split(contracts, 0.2, 0.2, 42);
		CuadClauses.Split again = CuadClauses.split(contracts.reversed(), 0.2, 0.2, 42);

		assertThat(split.test()).hasSize(10);
		assertThat(split.validation()).hasSize(8);
		assertThat(split.fit()).hasSize(32);
		assertThat(names(split.test())).as("the same seed, any file order: the same split")
			.isEqualTo(names(again.test()));
		Set<String> all = new HashSet<>(names(split.fit()));
		all.addAll(names(split.validation()));
		all.addAll(names(split.test()));
		assertThat(all).hasSize(50);
		assertThat(CuadClauses.singleLabel(split.test()))
			.allSatisfy(e -> assertThat(names(split.test())).contains(e.contract()));
		assertThat(names(CuadClauses.split(contracts, 0.2, 0.2, 7).test())).isNotEqualTo(names(split.test()));
	}

	private static Set<String> names(List<CuadClauses.Contract> contracts) {
		return contracts.stream().map(CuadClauses.Contract::name).collect(Collectors.toSet());
	}

}
