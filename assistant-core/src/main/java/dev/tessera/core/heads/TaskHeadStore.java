package dev.tessera.core.heads;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * Versioned head artifacts in a directory: {@code <root>/<name>/v<N>/} holds {@code head.json} (the
 * {@link HeadSpec} and the model file's SHA-256), {@code model.tribuo} (the classifier in Tribuo's protobuf format)
 * and {@code evaluation.json} (the held-out evaluation). A version is written to a temporary folder and moved into
 * place, so a reader never sees half a head. Where servers share a database, the published copy of a version
 * ({@link HeadVersions}) is the one that counts and replaces a local folder of the same number.
 */
final class TaskHeadStore {

	public static final String SPEC_FILE = "head.json";

	public static final String MODEL_FILE = "model.tribuo";

	public static final String EVALUATION_FILE = "evaluation.json";

	/** The in-scope training examples' embeddings ({@link NeighbourIndex}), for the neighbour threshold. */
	public static final String NEIGHBOURS_FILE = "neighbours.bin";

	/** The decisions the version's operating point is fitted on ({@link ConfidenceCurve}). */
	public static final String CURVE_FILE = "operating-curve.json";

	/** The last reviewed example from escalations the version was trained with, when it was. */
	public static final String LEARNED_FILE = "learned-through.txt";

	private static final Pattern VERSION = Pattern.compile("v(\\d+)");

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private final Path root;

	private final TextEmbedder embedder;

	public TaskHeadStore(Path root, TextEmbedder embedder) {
		this.root = root;
		this.embedder = embedder;
	}

	/** Saves the head as the next version of its name and returns the head with that version. */
	public synchronized TaskHead save(TrainedHead trained) {
		return save(trained, versions(trained.head().spec().name()).stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
	}

	/**
	 * Saves the head as this version of its name, replacing a folder left by a version that was never published
	 * (another server published that number first), and returns the head with that version.
	 */
	public synchronized TaskHead save(TrainedHead trained, int version) {
		TaskHead head = trained.head();
		String name = head.spec().name();
		TaskHead versioned = head.withSpec(head.spec().withVersion(version));
		Path folder = this.root.resolve(name);
		Path temporary = folder.resolve(".v" + version + ".partial");
		try {
			deleteTree(temporary);
			Files.createDirectories(temporary);
			Path model = temporary.resolve(MODEL_FILE);
			versioned.classifier().save(model);
			Map<String, Object> spec = new LinkedHashMap<>();
			spec.put("format", 1);
			spec.put("spec", versioned.spec());
			spec.put("modelSha256", sha256(model));
			if (versioned.neighbours().isPresent()) {
				Path neighbours = temporary.resolve(NEIGHBOURS_FILE);
				try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(neighbours))) {
					versioned.neighbours().get().write(out);
				}
				spec.put("neighboursSha256", sha256(neighbours));
			}
			Files.writeString(temporary.resolve(SPEC_FILE), JSON.writeValueAsString(spec));
			Files.writeString(temporary.resolve(EVALUATION_FILE), JSON.writeValueAsString(report(trained)));
			ConfidenceCurve curve = trained.curve();
			Files.writeString(temporary.resolve(CURVE_FILE), JSON.writeValueAsString(curve));
			versioned = versioned.withCurve(curve);
			if (head.learnedThrough() > 0) {
				Files.writeString(temporary.resolve(LEARNED_FILE), Long.toString(head.learnedThrough()));
			}
			moveIntoPlace(temporary, folder.resolve("v" + version));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot save head '" + name + "' under " + folder, ex);
		}
		return versioned;
	}

	/** A saved version's files by name, as another server needs them to serve the same version. */
	public Map<String, byte[]> files(String name, int version) {
		Path folder = this.root.resolve(name).resolve("v" + version);
		Map<String, byte[]> files = new LinkedHashMap<>();
		try {
			for (String file : List.of(SPEC_FILE, MODEL_FILE, EVALUATION_FILE, NEIGHBOURS_FILE, CURVE_FILE, LEARNED_FILE)) {
				if (Files.isRegularFile(folder.resolve(file))) {
					files.put(file, Files.readAllBytes(folder.resolve(file)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + folder, ex);
		}
		return files;
	}

	/**
	 * Writes a version published by another server into this store (replacing what this store holds under its
	 * number), so that {@link #load} reads it and checks its hashes like any saved version.
	 */
	public synchronized void materialize(String name, int version, Map<String, byte[]> files) {
		HeadSpec.checkName(name);
		Path folder = this.root.resolve(name);
		Path temporary = folder.resolve(".v" + version + ".partial");
		try {
			deleteTree(temporary);
			Files.createDirectories(temporary);
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				if (!List.of(SPEC_FILE, MODEL_FILE, EVALUATION_FILE, NEIGHBOURS_FILE, CURVE_FILE, LEARNED_FILE)
					.contains(file.getKey())) {
					throw new IllegalArgumentException("not a head file: " + file.getKey());
				}
				Files.write(temporary.resolve(file.getKey()), file.getValue());
			}
			moveIntoPlace(temporary, folder.resolve("v" + version));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write head '" + name + "' version " + version + " under " + folder,
					ex);
		}
	}

	private static void moveIntoPlace(Path temporary, Path target) throws IOException {
		if (Files.exists(target)) {
			// a version this server saved but did not get to publish, or a stale copy: the new files replace it
			Path stale = target.resolveSibling("." + target.getFileName() + ".stale");
			deleteTree(stale);
			Files.move(target, stale);
			deleteTree(stale);
		}
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, target);
		}
	}

	private static void deleteTree(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/** The saved versions of a head, ascending. */
	public List<Integer> versions(String name) {
		Path folder = this.root.resolve(name);
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		List<Integer> versions = new ArrayList<>();
		try (Stream<Path> entries = Files.list(folder)) {
			entries.forEach(entry -> {
				Matcher m = VERSION.matcher(entry.getFileName().toString());
				if (m.matches() && Files.isRegularFile(entry.resolve(SPEC_FILE))) {
					versions.add(Integer.parseInt(m.group(1)));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + folder, ex);
		}
		versions.sort(Comparator.naturalOrder());
		return versions;
	}

	/** The newest version of a head, if any was saved. */
	public Optional<TaskHead> latest(String name) {
		List<Integer> versions = versions(name);
		return versions.isEmpty() ? Optional.empty() : Optional.of(load(name, versions.get(versions.size() - 1)));
	}

	/**
	 * Loads one version. Fails, naming the file, when a file is missing, the model file's hash differs from the one
	 * recorded, or the head was trained on another encoder.
	 */
	public TaskHead load(String name, int version) {
		Path folder = this.root.resolve(name).resolve("v" + version);
		Path specFile = folder.resolve(SPEC_FILE);
		Path model = folder.resolve(MODEL_FILE);
		if (!Files.isRegularFile(specFile) || !Files.isRegularFile(model)) {
			throw new IllegalStateException("no head '" + name + "' version " + version + " under " + folder);
		}
		try {
			StoredSpec stored = JSON.readValue(specFile.toFile(), StoredSpec.class);
			if (stored.format() != 1) {
				throw new IllegalStateException(specFile + ": unknown format " + stored.format());
			}
			String actual = sha256(model);
			if (!actual.equals(stored.modelSha256())) {
				throw new IllegalStateException(model + " has SHA-256 " + actual + ", but " + specFile
						+ " records " + stored.modelSha256() + ": the file was changed or damaged");
			}
			TaskHead head = new TaskHead(stored.spec(), TribuoClassifier.load(model), this.embedder);
			Path curveFile = folder.resolve(CURVE_FILE);
			if (Files.isRegularFile(curveFile)) {
				head = head.withCurve(JSON.readValue(curveFile.toFile(), ConfidenceCurve.class));
			}
			Path learnedFile = folder.resolve(LEARNED_FILE);
			if (Files.isRegularFile(learnedFile)) {
				head = head.withLearnedThrough(Long.parseLong(Files.readString(learnedFile).strip()));
			}
			Path neighbours = folder.resolve(NEIGHBOURS_FILE);
			if (stored.neighboursSha256() == null) {
				// saved before heads kept their examples: the classifier alone decides
				return head;
			}
			String neighboursSha = sha256(neighbours);
			if (!neighboursSha.equals(stored.neighboursSha256())) {
				throw new IllegalStateException(neighbours + " has SHA-256 " + neighboursSha + ", but " + specFile
						+ " records " + stored.neighboursSha256() + ": the file was changed or damaged");
			}
			try (var in = new java.io.BufferedInputStream(Files.newInputStream(neighbours))) {
				return head.withNeighbours(NeighbourIndex.read(in));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + folder, ex);
		}
	}

	/** The evaluation report saved with a version, as JSON. */
	public String evaluation(String name, int version) {
		Path file = this.root.resolve(name).resolve("v" + version).resolve(EVALUATION_FILE);
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	/** The evaluation report: held-out figures, JSON-safe (NaN becomes null). */
	public static Map<String, Object> report(TrainedHead trained) {
		HeadEvaluation e = trained.heldOut();
		HeadSpec spec = trained.head().spec();
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("head", spec.name());
		report.put("trainingSha256", spec.trainingSha256());
		report.put("trainingExamples", spec.trainingExamples());
		report.put("trainedOn", trained.trainedOn());
		report.put("heldOut", e.examples());
		report.put("calibration", trained.folds() == 0 ? "held-out share" : trained.folds() + "-fold cross-fitting");
		report.put("accuracy", finite(e.accuracy()));
		report.put("macroF1", finite(e.macroF1()));
		report.put("expectedCalibrationError", finite(e.expectedCalibrationError()));
		report.put("expectedCalibrationErrorBeforeScaling", finite(trained.heldOutEceBeforeScaling()));
		report.put("temperature", spec.temperature());
		report.put("outOfScopeThreshold", spec.outOfScopeThreshold());
		report.put("outOfScopeRecall", finite(e.outOfScopeRecall()));
		report.put("overallAccuracyByEscalationRate", e.selective().overallAccuracy());
		report.put("escalationRateForAccuracy", e.selective().escalationForAccuracy());
		report.put("aurc", finite(e.selective().aurc()));
		return report;
	}

	private static Double finite(double value) {
		return Double.isFinite(value) ? value : null;
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

	/** {@code head.json}; {@code neighboursSha256} is null for heads saved before they kept their examples. */
	record StoredSpec(int format, HeadSpec spec, String modelSha256, String neighboursSha256) {
	}

}
