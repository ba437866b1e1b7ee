package dev.tessera.guardrails.injection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained injection model: what it reads ({@link InjectionFeatures.Kind}), its weights, and optionally a cheap gate
 * (a words-only model) in front of it.
 * <p>
 * The gate makes a cascade: a segment the gate scores below its threshold is judged by the gate alone and never goes
 * through the encoder; the others are embedded and scored by the main model. The gate's threshold is set low, where
 * it lets through the injections of held-out examples, so it only saves encoder passes on plainly benign sentences.
 *
 * @param encoder the sentence encoder whose embeddings the main model was trained on (its weights mean nothing in
 * another embedding space)
 * @param kind the features the main model reads
 * @param model the main model
 * @param gate the words-only first stage, or {@code null} to embed every segment
 */
public record InjectionModel(String encoder, InjectionFeatures.Kind kind, SparseLogisticRegression model,
		SparseLogisticRegression gate) {

	public InjectionModel {
		if (encoder == null || encoder.isBlank() || encoder.contains(" ")) {
			throw new IllegalArgumentException("an injection model names the encoder it was trained on, one word: " + encoder);
		}
		if (gate != null && kind == InjectionFeatures.Kind.EMBEDDING_WORDS_AND_CONTEXT) {
			// the context of a segment is its distance from all the others: every segment must be embedded
			throw new IllegalArgumentException("a model with document context cannot have a gate");
		}
	}

	public double threshold() {
		return this.model.threshold();
	}

	/** Text form: {@code encoder}, {@code kind}, then the main model's lines prefixed {@code m}, the gate's {@code g}. */
	public void write(Path file) {
		List<String> lines = new ArrayList<>();
		lines.add("# prompt-injection model: features, main model (m) and optional words-only gate (g): "
				+ "threshold, bias, then 'index weight' for each non-zero weight");
		lines.add("encoder " + this.encoder);
		lines.add("kind " + this.kind.id());
		this.model.write("m", lines);
		if (this.gate != null) {
			this.gate.write("g", lines);
		}
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

	public static InjectionModel read(InputStream in) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String encoder = null;
			InjectionFeatures.Kind kind = null;
			Map<String, float[]> weights = new HashMap<>();
			Map<String, double[]> scalars = new HashMap<>();
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] parts = line.split(" ");
				if (parts[0].equals("encoder") && parts.length == 2) {
					encoder = parts[1];
					continue;
				}
				if (parts[0].equals("kind")) {
					kind = InjectionFeatures.Kind.fromId(parts[1]);
					continue;
				}
				if (parts.length != 3 || !(parts[0].equals("m") || parts[0].equals("g"))) {
					throw new IllegalArgumentException("unexpected line in an injection model: " + line);
				}
				double[] s = scalars.computeIfAbsent(parts[0], k -> new double[] { Double.NaN, Double.NaN });
				switch (parts[1]) {
					case "threshold" -> s[0] = Double.parseDouble(parts[2]);
					case "bias" -> s[1] = Double.parseDouble(parts[2]);
					default -> weights.computeIfAbsent(parts[0], k -> new float[InjectionFeatures.DIMENSIONS])[Integer
						.parseInt(parts[1])] = Float.parseFloat(parts[2]);
				}
			}
			if (encoder == null || kind == null || !scalars.containsKey("m")) {
				throw new IllegalArgumentException(
						"an injection model needs an 'encoder' line, a 'kind' line and a main model (m)");
			}
			return new InjectionModel(encoder, kind, model(weights, scalars, "m"),
					scalars.containsKey("g") ? model(weights, scalars, "g") : null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static SparseLogisticRegression model(Map<String, float[]> weights, Map<String, double[]> scalars,
			String prefix) {
		double[] s = scalars.get(prefix);
		return new SparseLogisticRegression(weights.getOrDefault(prefix, new float[InjectionFeatures.DIMENSIONS]), s[1],
				s[0]);
	}

}
