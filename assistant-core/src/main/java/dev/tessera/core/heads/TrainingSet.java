package dev.tessera.core.heads;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Labelled examples with the SHA-256 of their content. The hash is taken over the examples (text, tab, label,
 * newline, in order), not over a file's bytes, so the same data from a CSV file or from a pack's examples hashes the
 * same, and a reformatted file does not look like new data.
 */
public record TrainingSet(List<LabelledExample> examples, String sha256) {

	public TrainingSet {
		if (examples == null || examples.isEmpty()) {
			throw new InvalidTrainingDataException("the training data has no examples");
		}
		examples = List.copyOf(examples);
		if (sha256 == null || !sha256.equals(hash(examples))) {
			throw new IllegalArgumentException("sha256 must be the hash of the examples");
		}
	}

	public static TrainingSet of(List<LabelledExample> examples) {
		if (examples == null || examples.isEmpty()) {
			throw new InvalidTrainingDataException("the training data has no examples");
		}
		return new TrainingSet(examples, hash(examples));
	}

	/** The labels, sorted. */
	public SortedSet<String> labels() {
		TreeSet<String> labels = new TreeSet<>();
		this.examples.forEach(example -> labels.add(example.label()));
		return labels;
	}

	public List<String> texts() {
		return this.examples.stream().map(LabelledExample::text).toList();
	}

	public static TrainingSet fromCsv(Path file, String textColumn, String labelColumn) {
		if (!Files.isRegularFile(file)) {
			throw new InvalidTrainingDataException("no CSV file at " + file.toAbsolutePath());
		}
		try (InputStream in = Files.newInputStream(file)) {
			return fromCsv(in, file.toString(), textColumn, labelColumn);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	/**
	 * Reads a CSV with a header row. Rows with an empty text or label are errors, not skipped: a silently shorter
	 * training set would train a different head than the caller thinks.
	 * @param source names the data in error messages
	 */
	public static TrainingSet fromCsv(InputStream in, String source, String textColumn, String labelColumn) {
		List<LabelledExample> examples = new ArrayList<>();
		try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
			.with(CsvSchema.emptySchema().withHeader())
			.readValues(in)) {
			int row = 1; // the header is row 1
			while (rows.hasNext()) {
				Map<String, String> values = rows.next();
				row++;
				if (row == 2) {
					for (String column : List.of(textColumn, labelColumn)) {
						if (!values.containsKey(column)) {
							throw new InvalidTrainingDataException(
									source + " has no column '" + column + "'; its columns are " + values.keySet());
						}
					}
				}
				String text = values.get(textColumn);
				String label = values.get(labelColumn);
				if (text == null || text.isBlank()) {
					throw new InvalidTrainingDataException(source + ": row " + row + ": empty '" + textColumn + "'");
				}
				if (label == null || label.isBlank()) {
					throw new InvalidTrainingDataException(source + ": row " + row + ": empty '" + labelColumn + "'");
				}
				examples.add(new LabelledExample(text.strip(), label));
			}
		}
		catch (JacksonException ex) {
			throw new InvalidTrainingDataException(source + " is not a valid CSV file: " + ex.getOriginalMessage(), ex);
		}
		if (examples.isEmpty()) {
			throw new InvalidTrainingDataException(source + " has a header but no examples");
		}
		return of(examples);
	}

	static String hash(List<LabelledExample> examples) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (LabelledExample example : examples) {
				digest.update((example.text() + '\t' + example.label() + '\n').getBytes(StandardCharsets.UTF_8));
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
