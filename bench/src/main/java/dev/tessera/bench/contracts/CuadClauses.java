package dev.tessera.bench.contracts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Clause examples from CUAD's master clauses CSV ({@code cuad_master_clauses.csv}: one row per contract, one column
 * per category holding that contract's excerpts as a Python list), split by contract so that no contract has
 * excerpts on both sides of a split.
 * <p>
 * The categories are the ones the contract-review playbook has a position on, some CUAD columns merged where the
 * playbook treats them as one clause (see {@link #CATEGORIES}). An excerpt the annotators put in two or more of the
 * chosen categories is not a single-label example: it is kept apart ({@link Contract#multiLabel()}), trained on
 * never, and scored separately (right when the predicted label is any of its labels).
 */
final class CuadClauses {

	/**
	 * Label to the CUAD columns it merges. Why these: each is a clause the playbook takes a position on (liability,
	 * governing law, termination, renewal, assignment, non-compete, exclusivity) or one a reviewer is asked to look
	 * for in a commercial contract (audit, insurance, IP, licence, warranty, change of control, liquidated damages,
	 * minimum purchase, post-termination duties). Merged: the cap and its carve-outs ("Cap On Liability", "Uncapped
	 * Liability": 109 of the 151 uncapped excerpts are also cap excerpts, and the playbook judges both in one liability
	 * clause); the renewal term and its notice ("Renewal Term", "Notice Period To Terminate Renewal": one clause in
	 * nearly every contract); the licence grant and its qualifiers (non-transferable, irrevocable or perpetual,
	 * affiliates), which annotate the same grant sentence. Left out: date and party fields (not clauses), and
	 * categories with no playbook position (most-favoured nation, ROFR, revenue sharing, covenant not to sue, ...).
	 * CUAD has no confidentiality category.
	 */
	static final Map<String, List<String>> CATEGORIES = categories();

	private static Map<String, List<String>> categories() {
		Map<String, List<String>> c = new LinkedHashMap<>();
		c.put("governing_law", List.of("Governing Law"));
		c.put("termination_for_convenience", List.of("Termination For Convenience"));
		c.put("renewal", List.of("Renewal Term", "Notice Period To Terminate Renewal"));
		c.put("limitation_of_liability", List.of("Cap On Liability", "Uncapped Liability"));
		c.put("assignment", List.of("Anti-Assignment"));
		c.put("change_of_control", List.of("Change Of Control"));
		c.put("non_compete", List.of("Non-Compete"));
		c.put("exclusivity", List.of("Exclusivity"));
		c.put("audit_rights", List.of("Audit Rights"));
		c.put("insurance", List.of("Insurance"));
		c.put("ip_ownership", List.of("Ip Ownership Assignment"));
		c.put("license_grant", List.of("License Grant", "Non-Transferable License", "Irrevocable Or Perpetual License",
				"Affiliate License-Licensor", "Affiliate License-Licensee"));
		c.put("warranty_duration", List.of("Warranty Duration"));
		c.put("liquidated_damages", List.of("Liquidated Damages"));
		c.put("minimum_commitment", List.of("Minimum Commitment"));
		c.put("post_termination_services", List.of("Post-Termination Services"));
		return Collections.unmodifiableMap(c);
	}

	/** One excerpt with its labels (one for a single-label example). */
	record Excerpt(String contract, String text, Set<String> labels) {
	}

	/** A contract's excerpts of the chosen categories. */
	record Contract(String name, List<Excerpt> singleLabel, List<Excerpt> multiLabel) {
	}

	/** Contracts split three ways by a seeded shuffle. */
	record Split(List<Contract> fit, List<Contract> validation, List<Contract> test) {

		List<Contract> train() {
			List<Contract> train = new ArrayList<>(this.fit);
			train.addAll(this.validation);
			return train;
		}

	}

	private CuadClauses() {
	}

	/** Every contract of the file, in file order. */
	static List<Contract> read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no CUAD master clauses CSV at " + file.toAbsolutePath()
					+ " (the development data lives in ../shared/data/contracts/cuad_master_clauses.csv)");
		}
		List<Contract> contracts = new ArrayList<>();
		try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
			.with(CsvSchema.emptySchema().withHeader())
			.readValues(file.toFile())) {
			boolean checked = false;
			while (rows.hasNext()) {
				Map<String, String> row = rows.next();
				if (!checked) {
					checkColumns(row.keySet(), file);
					checked = true;
				}
				contracts.add(contract(row));
			}
		}
		return contracts;
	}

	private static void checkColumns(Set<String> columns, Path file) {
		List<String> missing = new ArrayList<>();
		missing.addAll(List.of("Filename"));
		CATEGORIES.values().forEach(missing::addAll);
		missing.removeAll(columns);
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException(file + " is not CUAD's master clauses CSV: no columns " + missing);
		}
	}

	static Contract contract(Map<String, String> row) {
		String name = row.get("Filename");
		// excerpt text -> its labels, in first-seen order
		Map<String, Set<String>> labels = new LinkedHashMap<>();
		CATEGORIES.forEach((label, columns) -> {
			for (String column : columns) {
				for (String excerpt : PythonStringList.parse(row.get(column))) {
					String text = excerpt.strip();
					if (!text.isEmpty()) {
						labels.computeIfAbsent(text, t -> new TreeSet<>()).add(label);
					}
				}
			}
		});
		List<Excerpt> single = new ArrayList<>();
		List<Excerpt> multi = new ArrayList<>();
		labels.forEach((text, set) -> (set.size() == 1 ? single : multi).add(new Excerpt(name, text, Set.copyOf(set))));
		return new Contract(name, single, multi);
	}

	/**
	 * Shuffles the contracts (sorted by name first, so the file's order does not matter) with the seed; the first
	 * {@code testShare} are the test contracts, the next {@code validationShare} of the rest the validation ones.
	 */
	static Split split(List<Contract> contracts, double testShare, double validationShare, long seed) {
		if (!(testShare > 0 && testShare < 1) || !(validationShare > 0 && validationShare < 1)) {
			throw new IllegalArgumentException("shares must be in (0, 1), got " + testShare + " and " + validationShare);
		}
		List<Contract> shuffled = new ArrayList<>(new TreeMap<>(byName(contracts)).values());
		Collections.shuffle(shuffled, new Random(seed));
		int test = (int) Math.round(shuffled.size() * testShare);
		int validation = (int) Math.round((shuffled.size() - test) * validationShare);
		return new Split(List.copyOf(shuffled.subList(test + validation, shuffled.size())),
				List.copyOf(shuffled.subList(test, test + validation)), List.copyOf(shuffled.subList(0, test)));
	}

	private static Map<String, Contract> byName(List<Contract> contracts) {
		Map<String, Contract> byName = new LinkedHashMap<>();
		for (Contract contract : contracts) {
			if (byName.put(contract.name(), contract) != null) {
				throw new IllegalArgumentException("contract '" + contract.name() + "' appears twice");
			}
		}
		return byName;
	}

	static List<Excerpt> singleLabel(List<Contract> contracts) {
		return contracts.stream().flatMap(c -> c.singleLabel().stream()).toList();
	}

	static List<Excerpt> multiLabel(List<Contract> contracts) {
		return contracts.stream().flatMap(c -> c.multiLabel().stream()).toList();
	}

	/** Excerpts per label, in the order of {@link #CATEGORIES}. */
	static Map<String, Integer> counts(List<Excerpt> excerpts) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		CATEGORIES.keySet().forEach(label -> counts.put(label, 0));
		for (Excerpt excerpt : excerpts) {
			for (String label : excerpt.labels()) {
				counts.merge(label, 1, Integer::sum);
			}
		}
		return counts;
	}

	/** The distinct texts of several lists, in order. */
	@SafeVarargs
	static List<String> distinctTexts(List<Excerpt>... lists) {
		Set<String> texts = new LinkedHashSet<>();
		for (List<Excerpt> list : lists) {
			list.forEach(e -> texts.add(e.text()));
		}
		return new ArrayList<>(texts);
	}

}
