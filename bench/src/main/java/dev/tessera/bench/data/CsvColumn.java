package dev.tessera.bench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Reads one column of a CSV file with a header row.
 */
public final class CsvColumn {

	private CsvColumn() {
	}

	/** All rows as column-to-value maps, in file order. */
	public static List<Map<String, String>> rows(Path file, int limit) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no data file at " + file.toAbsolutePath()
					+ " (the development data lives in ../shared/data; pass the file's path)");
		}
		List<Map<String, String>> rows = new ArrayList<>();
		try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
			.with(CsvSchema.emptySchema().withHeader())
			.readValues(file.toFile())) {
			while (it.hasNext() && (limit <= 0 || rows.size() < limit)) {
				rows.add(it.next());
			}
		}
		return rows;
	}

	public static List<String> read(Path file, String column, int limit) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no data file at " + file.toAbsolutePath()
					+ " (the development data lives in ../shared/data; pass --data FILE)");
		}
		List<String> values = new ArrayList<>();
		try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
			.with(CsvSchema.emptySchema().withHeader())
			.readValues(file.toFile())) {
			while (rows.hasNext() && (limit <= 0 || values.size() < limit)) {
				Map<String, String> row = rows.next();
				if (!row.containsKey(column)) {
					throw new IllegalArgumentException(file + " has no column '" + column + "'; columns: " + row.keySet());
				}
				String value = row.get(column);
				if (value != null && !value.isBlank()) {
					values.add(value);
				}
			}
		}
		return values;
	}

}
