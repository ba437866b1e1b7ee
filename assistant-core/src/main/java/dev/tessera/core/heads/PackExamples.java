package dev.tessera.core.heads;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.InvalidPackException;

/**
 * A pack's labelled examples: {@code examples/<head>.csv} beside its {@code assistant.yaml}, each with the columns
 * {@code text} and {@code label}; the file name names the head (e.g. {@code examples/intent.csv} trains the head
 * {@code intent}). Rows labelled {@code out_of_scope} teach the head when to say "none of these". The name
 * {@value #ROUTES_FILE} is reserved for turns labelled with their route (read by the route bench), not a head.
 */
public final class PackExamples {

	public static final String TEXT_COLUMN = "text";

	public static final String LABEL_COLUMN = "label";

	public static final String ROUTES_FILE = "routes.csv";

	private final ResourcePatternResolver resolver;

	public PackExamples(ResourcePatternResolver resolver) {
		this.resolver = resolver;
	}

	/** Head name to its examples, sorted by head name; empty when the pack has no examples. */
	public Map<String, TrainingSet> read(AssistantDefinition assistant) {
		String source = assistant.source();
		if (!source.endsWith("assistant.yaml")) {
			return Map.of();
		}
		String folder = source.substring(0, source.length() - "assistant.yaml".length());
		Map<String, TrainingSet> heads = new LinkedHashMap<>();
		try {
			Resource[] files = this.resolver.getResources(folder + "examples/*.csv");
			Arrays.sort(files, Comparator.comparing(f -> String.valueOf(f.getFilename())));
			for (Resource file : files) {
				String name = file.getFilename();
				if (ROUTES_FILE.equals(name)) {
					continue;
				}
				String head = name.substring(0, name.length() - ".csv".length());
				try (InputStream in = file.getInputStream()) {
					heads.put(head, TrainingSet.fromCsv(in, folder + "examples/" + name, TEXT_COLUMN, LABEL_COLUMN));
				}
				catch (InvalidTrainingDataException ex) {
					throw new InvalidPackException(folder + "examples/" + name, "", ex.getMessage());
				}
			}
		}
		catch (IOException ex) {
			throw new InvalidPackException(source, "examples", "cannot be read: " + ex.getMessage());
		}
		return heads;
	}

}
