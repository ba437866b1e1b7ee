package dev.tessera.domains.triage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The learned acuity model: three logistic regressions, one per boundary between levels (at least an emergency, at
 * least urgent, at least routine), over {@link AcuityFeatures}, and the operating point that turns their
 * probabilities into a level. Read from the pack's {@code acuity-model.json}, which {@link AcuityTrainer} writes
 * together with the cross-validated figures that chose the point.
 * <p>
 * Scoring is a dot product and a logistic function, written here because the file keeps the weights by feature name
 * for a reviewer to read; LIBLINEAR trains them.
 *
 * @param version when and from what it was trained, e.g. {@code acuity-2026-12-06-ktas+esi}
 * @param encoder the sentence encoder whose vector of the complaint is among the features ({@link #NO_ENCODER} when
 * none is): the weights mean nothing in another embedding space
 * @param boundaries at least emergency, at least urgent, at least routine: in that order
 * @param point the thresholds and the uncertain band
 * @param document the whole file, for the API and reports (training data, figures, curve)
 */
public record AcuityModel(String version, String encoder, List<Boundary> boundaries, OperatingPoint point,
		JsonNode document) {

	/** The encoder name of a model that reads findings and words only. */
	public static final String NO_ENCODER = "none";

	static final JsonMapper JSON = JsonMapper.builder().build();

	public AcuityModel {
		Objects.requireNonNull(version, "version cannot be null");
		Objects.requireNonNull(encoder, "encoder cannot be null");
		boundaries = List.copyOf(boundaries);
		if (boundaries.size() != 3) {
			throw new IllegalArgumentException("an acuity model has three boundaries, not " + boundaries.size());
		}
		Objects.requireNonNull(point, "point cannot be null");
	}

	/**
	 * The probability that the case is at least an emergency, at least urgent, at least routine; made monotone,
	 * since a case cannot be more likely an emergency than at least urgent.
	 */
	public double[] atLeast(Map<String, Double> features) {
		double[] p = new double[3];
		for (int i = 0; i < 3; i++) {
			p[i] = this.boundaries.get(i).probability(features);
		}
		p[1] = Math.max(p[1], p[0]);
		p[2] = Math.max(p[2], p[1]);
		return p;
	}

	/** One boundary's logistic regression. */
	public record Boundary(UrgencyLevel atLeast, double bias, Map<String, Double> weights) {

		public Boundary {
			weights = Map.copyOf(weights);
		}

		double probability(Map<String, Double> features) {
			double z = this.bias;
			for (Map.Entry<String, Double> feature : features.entrySet()) {
				Double w = this.weights.get(feature.getKey());
				if (w != null) {
					z += w * feature.getValue();
				}
			}
			return 1 / (1 + Math.exp(-z));
		}

		/** The features that pushed this case most, strongest first, as {@code name +0.84}. */
		List<String> strongest(Map<String, Double> features, int limit) {
			return features.entrySet()
				.stream()
				.filter(e -> this.weights.containsKey(e.getKey()))
				.sorted((a, b) -> Double.compare(Math.abs(this.weights.get(b.getKey()) * b.getValue()),
						Math.abs(this.weights.get(a.getKey()) * a.getValue())))
				.limit(limit)
				.map(e -> String.format(Locale.ROOT, "%s %+.2f", e.getKey(),
						this.weights.get(e.getKey()) * e.getValue()))
				.toList();
		}

	}

	/**
	 * Thresholds on the three probabilities, and the uncertain band: a case whose probability of the next level up
	 * reaches {@code band} times that level's threshold is raised one level, and the assistant asks the question that
	 * would most change the decision.
	 */
	public record OperatingPoint(double emergency, double urgent, double routine, double band) {

		public OperatingPoint {
			for (double t : new double[] { emergency, urgent, routine }) {
				if (!(t > 0 && t < 1)) {
					throw new IllegalArgumentException("thresholds lie strictly between 0 and 1: " + t);
				}
			}
			if (!(band > 0 && band <= 1)) {
				throw new IllegalArgumentException("band lies in (0, 1]: " + band);
			}
		}

		double threshold(int boundary) {
			return switch (boundary) {
				case 0 -> this.emergency;
				case 1 -> this.urgent;
				default -> this.routine;
			};
		}

		/** The level the probabilities ask for, and whether the band raised it. */
		public Decision decide(double[] atLeast) {
			return decide(atLeast, true);
		}

		/**
		 * @param emergencyAllowed whether the description holds a finding that could make it an emergency; without
		 * one the emergency boundary is not crossed (the case is left to the lower boundaries and a question)
		 */
		public Decision decide(double[] atLeast, boolean emergencyAllowed) {
			int top = emergencyAllowed ? 0 : 1;
			int boundary = top;
			while (boundary < 3 && atLeast[boundary] < threshold(boundary)) {
				boundary++;
			}
			UrgencyLevel level = levelAbove(boundary);
			if (boundary > top && atLeast[boundary - 1] >= this.band * threshold(boundary - 1)) {
				return new Decision(levelAbove(boundary - 1), level, true);
			}
			return new Decision(level, level, false);
		}

		/** The level of boundary i (0 emergency, 1 urgent, 2 routine; 3 means below every boundary). */
		private static UrgencyLevel levelAbove(int boundary) {
			return switch (boundary) {
				case 0 -> UrgencyLevel.EMERGENCY;
				case 1 -> UrgencyLevel.URGENT;
				case 2 -> UrgencyLevel.ROUTINE;
				default -> UrgencyLevel.SELF_CARE;
			};
		}

		Map<String, Object> toMap() {
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("emergency", this.emergency);
			map.put("urgent", this.urgent);
			map.put("routine", this.routine);
			map.put("band", this.band);
			return map;
		}

	}

	/**
	 * @param level the level the model asks for, after the band
	 * @param unraised what the thresholds alone said
	 * @param uncertain whether the band raised it
	 */
	public record Decision(UrgencyLevel level, UrgencyLevel unraised, boolean uncertain) {
	}

	/** Reads a model file written by {@link AcuityTrainer}. */
	public static AcuityModel read(InputStream in, String where) {
		try (in) {
			JsonNode root = JSON.readTree(in);
			List<Boundary> boundaries = new ArrayList<>();
			for (JsonNode b : root.required("boundaries")) {
				Map<String, Double> weights = new LinkedHashMap<>();
				b.required("weights").properties().forEach(e -> weights.put(e.getKey(), e.getValue().asDouble()));
				boundaries.add(new Boundary(UrgencyLevel.fromLabel(b.required("atLeast").asString())
					.orElseThrow(() -> new IllegalArgumentException(where + ": unknown level in atLeast")),
						b.required("bias").asDouble(), weights));
			}
			JsonNode p = root.required("operatingPoint");
			return new AcuityModel(root.required("version").asString(), root.path("encoder").asString(NO_ENCODER),
					boundaries,
					new OperatingPoint(p.required("emergency").asDouble(), p.required("urgent").asDouble(),
							p.required("routine").asDouble(), p.required("band").asDouble()),
					root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the acuity model " + where, ex);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("cannot read the acuity model " + where + ": " + ex.getMessage(), ex);
		}
	}

	/** The model the medical-triage pack ships, from the classpath. */
	public static AcuityModel bundled() {
		String resource = "tessera/packs/medical-triage/acuity-model.json";
		InputStream in = AcuityModel.class.getClassLoader().getResourceAsStream(resource);
		if (in == null) {
			throw new IllegalStateException("no " + resource + " on the classpath");
		}
		return read(in, resource);
	}

}
