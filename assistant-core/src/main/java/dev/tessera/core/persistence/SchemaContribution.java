package dev.tessera.core.persistence;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A feature's own tables (a domain plug-in's reviews, a demo store), migrated by {@link TesseraSchema} after
 * Tessera's own, with a history table of their own ({@code tessera_<name>_schema_history}). A feature declares one
 * as a bean; an application without the feature never gets its tables.
 *
 * @param name the feature's name, lower case with underscores, e.g. {@code contract_review}
 * @param locations Flyway locations of its migrations, e.g. {@code classpath:db/tessera-contract-review}
 */
public record SchemaContribution(String name, List<String> locations) {

	private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

	public SchemaContribution {
		Objects.requireNonNull(name, "name cannot be null");
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("a schema contribution's name is lower case letters, digits and '_', "
					+ "starting with a letter: got '" + name + "'");
		}
		locations = List.copyOf(locations);
		if (locations.isEmpty()) {
			throw new IllegalArgumentException("schema contribution '" + name + "' names no migration location");
		}
	}

	public SchemaContribution(String name, String location) {
		this(name, List.of(location));
	}

	/** The table Flyway records this feature's migrations in. */
	public String historyTable() {
		return "tessera_" + this.name + "_schema_history";
	}

}
