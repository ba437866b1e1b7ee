package dev.tessera.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a command's report: the JSON document at the given path, the Markdown summary beside it (same name,
 * {@code .md}), and the summary on standard output.
 */
public final class Report {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private Report() {
	}

	public static void write(Path jsonPath, Map<String, Object> report, String markdown) {
		try {
			Path json = jsonPath.toAbsolutePath().normalize();
			Path parent = json.getParent();
			Files.createDirectories(parent);
			Files.writeString(json, JSON.writeValueAsString(report));
			String name = json.getFileName().toString();
			Path markdownPath = parent.resolve(name.endsWith(".json") ? name.substring(0, name.length() - 5) + ".md"
					: name + ".md");
			Files.writeString(markdownPath, markdown);
			System.out.println(markdown);
			System.out.println("Report: " + json + " and " + markdownPath);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the report to " + jsonPath, ex);
		}
	}

}
