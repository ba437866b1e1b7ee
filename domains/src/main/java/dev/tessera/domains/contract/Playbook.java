package dev.tessera.domains.contract;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A pack's standard positions per clause type ({@code playbook.yaml} beside its {@code assistant.yaml}; read by
 * {@link PlaybookReader}).
 *
 * @param source where it was read from
 * @param sha256 of its text, so a report names the playbook it was judged against
 * @param types clause type to its standard, in the file's order
 */
public record Playbook(String source, String sha256, SequencedMap<String, ClauseStandard> types) {

	public Playbook {
		if (types == null || types.isEmpty()) {
			throw new IllegalArgumentException("a playbook needs at least one clause type");
		}
		types = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(types));
	}

	public Optional<ClauseStandard> standard(String type) {
		return Optional.ofNullable(this.types.get(type));
	}

	/** The types a contract must have, in the file's order. */
	public List<ClauseStandard> required() {
		return this.types.values().stream().filter(ClauseStandard::required).toList();
	}

	/** Types the playbook names that are not among the given labels (a head that cannot find them). */
	public List<String> unknownTypes(Collection<String> labels) {
		return this.types.keySet().stream().filter(type -> !labels.contains(type)).toList();
	}

}
