package dev.tessera.bench.rails;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.bench.contracts.PythonStringList;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.guardrails.injection.InjectionClassifier;
import dev.tessera.guardrails.injection.InjectionFeatures;
import dev.tessera.guardrails.injection.InjectionModel;
import dev.tessera.guardrails.injection.Segments;
import dev.tessera.guardrails.injection.SparseLogisticRegression;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * The training set of an injection model and its training, shared by {@code train-injection} (the shipped models) and
 * {@code injection --folds} (the held-out estimate), so both train the same way.
 * <p>
 * A document model learns from segments in their documents: each written example alone and inserted into a host
 * document, each attack alone and inserted into {@value #HOSTS_PER_ATTACK} host documents (at the start, the end or
 * the middle, in turn), and the host and other benign documents' own sentences. Only the labelled segments are
 * trained on; the host's sentences around an insertion only give it its context. A message model sees each segment
 * alone, and no attacks: inside a user's own message a task request is no injection.
 */
final class InjectionTraining {

	static final double L2 = 1e-4;

	static final int STEPS = 3000;

	static final double LEARNING_RATE = 4.0;

	static final int HOSTS_PER_ATTACK = 5;

	/** Every n-th CUAD excerpt is a benign training document (about 1,450 of 8,700 excerpts). */
	static final int CUAD_STRIDE = 6;

	/** Banking77 training questions kept as benign messages (every n-th). */
	static final int BANKING_STRIDE = 5;

	/** The gate's threshold: below it a segment skips the encoder. */
	static final double GATE_THRESHOLD = 0.2;

	/**
	 * A document split into segments, with a label for the segments trained on ({@code null}: context only), and the
	 * source it came from ({@code null} for the written and always-trained ones) so that sources can be held out.
	 */
	record LabelledDocument(List<String> segments, List<Boolean> labels, String source) {

		LabelledDocument(List<String> segments, List<Boolean> labels) {
			this(segments, labels, null);
		}

	}

	private final List<LabelledDocument> documents = new ArrayList<>();

	/** Whether the weights are fitted by LIBLINEAR's Newton method rather than gradient descent (see {@link #newton}). */
	private final boolean newton;

	/** A training set fitted by gradient descent (the document model's shipped recipe). */
	InjectionTraining() {
		this(false);
	}

	InjectionTraining(boolean newton) {
		this.newton = newton;
	}

	private int nextHost;

	/** Written examples: label 1 injection, 0 benign, D injection inside a document only. */
	void addWritten(List<String> texts, List<Character> labels, InjectionClassifier.Scope scope, List<String> hosts) {
		for (int i = 0; i < texts.size(); i++) {
			boolean positive = labels.get(i) == '1' || (labels.get(i) == 'D' && scope == InjectionClassifier.Scope.DOCUMENT);
			this.documents.add(new LabelledDocument(List.of(texts.get(i)), List.of(positive)));
			if (scope == InjectionClassifier.Scope.DOCUMENT && !hosts.isEmpty()) {
				inserted(host(hosts), texts.get(i), "middle", positive);
			}
		}
	}

	/** Attacks: positive alone and inside host documents (document models only). */
	void addAttacks(List<String> attacks, List<String> hosts) {
		String[] positions = { "start", "end", "middle" };
		for (String attack : attacks) {
			List<String> own = Segments.of(attack).stream().map(Segments.Segment::text).toList();
			this.documents.add(new LabelledDocument(own, own.stream().map(s -> true).toList()));
			for (int k = 0; k < HOSTS_PER_ATTACK && !hosts.isEmpty(); k++) {
				inserted(host(hosts), attack, positions[k % positions.length], true);
			}
		}
	}

	/**
	 * Instructions addressed to an assistant, inside documents: whatever they ask, a document that addresses the model
	 * is injecting. Each one positive alone and inside one host document (position in turn), so the model learns what
	 * an instruction to the assistant looks like from thousands of real ones rather than from one benchmark's attacks.
	 */
	void addInstructions(List<String> instructions, List<String> hosts) {
		String[] positions = { "start", "end", "middle" };
		int k = 0;
		for (String instruction : instructions) {
			List<String> own = Segments.of(instruction).stream().map(Segments.Segment::text).toList();
			if (own.isEmpty()) {
				continue;
			}
			this.documents.add(new LabelledDocument(own, own.stream().map(s -> true).toList()));
			if (!hosts.isEmpty()) {
				inserted(host(hosts), instruction, positions[k++ % positions.length], true);
			}
		}
	}

	/** Whole messages of a named source, each one segment with the source's label. */
	void addWhole(List<String> texts, boolean label, String source) {
		for (String text : texts) {
			if (!text.isBlank()) {
				this.documents.add(new LabelledDocument(List.of(text), List.of(label), source));
			}
		}
	}

	/**
	 * Repeats the texts of the smaller attack sources so that each attack source weighs about as much as the mean one
	 * (at most {@value #MAX_REPEATS} times): the sources differ thirty-fold in size (650 in-the-wild jailbreaks, 28
	 * system-prompt extractions), and unweighted the model learned mostly the largest source's kind of attack. The
	 * same rule as the operating point's, where each source counts alike. Benign sources are left as they are.
	 */
	void weighAttackSourcesAlike() {
		Map<String, List<LabelledDocument>> bySource = new java.util.LinkedHashMap<>();
		for (LabelledDocument document : this.documents) {
			if (document.source() != null && document.labels().getFirst()) {
				bySource.computeIfAbsent(document.source(), k -> new ArrayList<>()).add(document);
			}
		}
		double mean = bySource.values().stream().mapToInt(List::size).average().orElse(0);
		for (List<LabelledDocument> source : bySource.values()) {
			long repeats = Math.min(MAX_REPEATS, Math.max(1, Math.round(mean / source.size())));
			for (int r = 1; r < repeats; r++) {
				this.documents.addAll(source);
			}
		}
	}

	static final int MAX_REPEATS = 8;

	/** Benign documents: every segment negative, in its own context. */
	void addBenign(List<String> texts, boolean segment) {
		for (String text : texts) {
			List<String> segments = segment ? Segments.of(text).stream().map(Segments.Segment::text).toList()
					: List.of(text);
			if (!segments.isEmpty()) {
				this.documents.add(new LabelledDocument(segments, segments.stream().map(s -> false).toList()));
			}
		}
	}

	private String host(List<String> hosts) {
		return hosts.get(this.nextHost++ % hosts.size());
	}

	private void inserted(String host, String attack, String position, boolean label) {
		Set<String> own = new LinkedHashSet<>(Segments.of(attack).stream().map(Segments.Segment::text).toList());
		List<String> segments = Segments.of(InjectionCommand.insert(host, attack, position)).stream()
			.map(Segments.Segment::text)
			.toList();
		this.documents.add(new LabelledDocument(segments, segments.stream().map(s -> own.contains(s) ? label : null).toList()));
	}

	int size() {
		return (int) this.documents.stream().flatMap(d -> d.labels().stream()).filter(l -> l != null).count();
	}

	/** Trains a model of the given kind on the labelled segments; the gate, when asked for, on the same ones. */
	InjectionModel train(InjectionFeatures.Kind kind, TextEmbedder embedder, double threshold,
			boolean gate) {
		if (kind.needsEmbeddings()) {
			// one batch for every distinct segment; the embedder (a cache) hands them out per document below
			embedder.embed(this.documents.stream().flatMap(d -> d.segments().stream()).distinct().toList());
		}
		List<InjectionFeatures.SparseVector> features = new ArrayList<>();
		List<InjectionFeatures.SparseVector> words = new ArrayList<>();
		List<Boolean> labels = new ArrayList<>();
		for (LabelledDocument document : this.documents) {
			List<InjectionFeatures.SparseVector> all = InjectionFeatures.of(kind, document.segments(),
					kind.needsEmbeddings() ? embedder.embed(document.segments()) : null);
			List<InjectionFeatures.SparseVector> allWords = gate
					? InjectionFeatures.of(InjectionFeatures.Kind.WORDS, document.segments(), null) : null;
			for (int i = 0; i < all.size(); i++) {
				if (document.labels().get(i) != null) {
					features.add(all.get(i));
					labels.add(document.labels().get(i));
					if (gate) {
						words.add(allWords.get(i));
					}
				}
			}
		}
		SparseLogisticRegression model = this.newton ? newton(features, labels, threshold)
				: SparseLogisticRegression.train(features, labels, InjectionFeatures.DIMENSIONS, L2, STEPS,
						LEARNING_RATE, threshold);
		SparseLogisticRegression gateModel = gate ? SparseLogisticRegression.train(words, labels,
				InjectionFeatures.DIMENSIONS, L2, STEPS, LEARNING_RATE, GATE_THRESHOLD) : null;
		return new InjectionModel(embedder == null ? "none" : embedder.name(), kind, model, gateModel);
	}

	/**
	 * The same objective as {@link SparseLogisticRegression#train} (class-balanced log loss, L2 {@value #L2} per
	 * example) solved by LIBLINEAR's trust-region Newton method: the whole-message model's ten thousand messages,
	 * hundreds of words each, fit in seconds instead of minutes, which leave-one-source-out needs forty times.
	 */
	private static SparseLogisticRegression newton(List<InjectionFeatures.SparseVector> features, List<Boolean> labels,
			double threshold) {
		int n = features.size();
		int bias = InjectionFeatures.DIMENSIONS + 1;
		de.bwaldvogel.liblinear.Problem problem = new de.bwaldvogel.liblinear.Problem();
		problem.l = n;
		problem.n = bias;
		problem.bias = 1;
		problem.x = new de.bwaldvogel.liblinear.Feature[n][];
		problem.y = new double[n];
		long positives = labels.stream().filter(Boolean::booleanValue).count();
		for (int i = 0; i < n; i++) {
			InjectionFeatures.SparseVector vector = features.get(i);
			java.util.TreeMap<Integer, Double> sorted = new java.util.TreeMap<>();
			for (int k = 0; k < vector.indices().length; k++) {
				sorted.merge(vector.indices()[k] + 1, (double) vector.values()[k], Double::sum);
			}
			de.bwaldvogel.liblinear.Feature[] row = new de.bwaldvogel.liblinear.Feature[sorted.size() + 1];
			int k = 0;
			for (Map.Entry<Integer, Double> entry : sorted.entrySet()) {
				row[k++] = new de.bwaldvogel.liblinear.FeatureNode(entry.getKey(), entry.getValue());
			}
			row[k] = new de.bwaldvogel.liblinear.FeatureNode(bias, 1);
			problem.x[i] = row;
			problem.y[i] = labels.get(i) ? 1 : 0;
		}
		de.bwaldvogel.liblinear.Parameter parameter = new de.bwaldvogel.liblinear.Parameter(
				de.bwaldvogel.liblinear.SolverType.L2R_LR, 1 / (L2 * n), 0.001);
		parameter.setWeights(new double[] { n / (2.0 * positives), n / (2.0 * (n - positives)) }, new int[] { 1, 0 });
		de.bwaldvogel.liblinear.Linear.disableDebugOutput();
		de.bwaldvogel.liblinear.Linear.resetRandom();
		de.bwaldvogel.liblinear.Model model = de.bwaldvogel.liblinear.Linear.train(problem, parameter);
		double[] w = model.getFeatureWeights();
		// LIBLINEAR's weights score its first label; make them score "injection"
		double sign = model.getLabels()[0] == 1 ? 1 : -1;
		float[] weights = new float[InjectionFeatures.DIMENSIONS];
		for (int j = 0; j < weights.length; j++) {
			weights[j] = (float) (sign * w[j]);
		}
		return new SparseLogisticRegression(weights, sign * w[bias - 1], threshold);
	}

	/**
	 * The raw probability at which a model of this training set should operate, chosen without the sources it will be
	 * judged on: the named sources are dealt into {@code folds} groups; for each group a model trained on everything
	 * else scores the group's benign messages; the operating point is the lowest probability at which the benign
	 * sources, each counted alike, are flagged at most {@code falsePositiveRate} of the time. Sources stay whole, so
	 * the point is set on sources each model has never seen, which is the condition it will meet.
	 *
	 * @return the operating point, and the held-out recall of the attack sources at it (each source counted alike)
	 */
	OperatingPoint operatingPoint(InjectionFeatures.Kind kind, TextEmbedder embedder, int folds,
			double falsePositiveRate) {
		List<String> sources = this.documents.stream()
			.map(LabelledDocument::source)
			.filter(java.util.Objects::nonNull)
			.distinct()
			.sorted()
			.toList();
		Map<String, List<Double>> benign = new java.util.TreeMap<>();
		Map<String, List<Double>> attacks = new java.util.TreeMap<>();
		for (int fold = 0; fold < folds; fold++) {
			Set<String> heldOut = new java.util.HashSet<>();
			for (int i = fold; i < sources.size(); i += folds) {
				heldOut.add(sources.get(i));
			}
			if (heldOut.isEmpty()) {
				continue;
			}
			InjectionTraining rest = new InjectionTraining(this.newton);
			this.documents.stream().filter(d -> !heldOut.contains(d.source())).forEach(rest.documents::add);
			SparseLogisticRegression model = rest.train(kind, embedder, 0.5, false).model();
			for (LabelledDocument document : this.documents) {
				if (!heldOut.contains(document.source())) {
					continue;
				}
				Boolean label = document.labels().getFirst();
				String message = document.segments().getFirst();
				// a message is scored as the rail scores it: whole, or by its highest-scoring sentence
				List<String> parts = kind.wholeText() ? List.of(message)
						: Segments.of(message).stream().map(Segments.Segment::text).toList();
				double score = 0;
				List<String> scored = parts.isEmpty() ? List.of(message) : parts;
				for (InjectionFeatures.SparseVector vector : InjectionFeatures.of(kind, scored,
						kind.needsEmbeddings() ? embedder.embed(scored) : null)) {
					score = Math.max(score, model.probability(vector));
				}
				(label ? attacks : benign).computeIfAbsent(document.source(), k -> new ArrayList<>()).add(score);
			}
		}
		if (benign.isEmpty()) {
			throw new IllegalStateException("no benign source to set the operating point on");
		}
		List<Double> candidates = benign.values().stream().flatMap(List::stream).distinct().sorted().toList();
		double point = 0.999;
		for (double candidate : candidates) {
			double t = Math.min(Math.nextUp(candidate), 0.999);
			if (meanShare(benign, t) <= falsePositiveRate) {
				point = t;
				break;
			}
		}
		return new OperatingPoint(point, meanShare(benign, point), attacks.isEmpty() ? Double.NaN : meanShare(attacks, point));
	}

	/**
	 * @param probability the raw probability to operate at
	 * @param falsePositiveRate the held-out benign sources' mean share flagged at it
	 * @param recall the held-out attack sources' mean share flagged at it
	 */
	record OperatingPoint(double probability, double falsePositiveRate, double recall) {
	}

	private static double meanShare(Map<String, List<Double>> scoresBySource, double threshold) {
		return scoresBySource.values()
			.stream()
			.mapToDouble(scores -> scores.stream().filter(p -> p >= threshold).count() / (double) scores.size())
			.average()
			.orElse(0);
	}

	/** Excerpts of CUAD's master clauses CSV (all clause columns, every {@value #CUAD_STRIDE}-th excerpt in file order). */
	static List<String> cuadExcerpts(Path file) throws IOException {
		List<String> excerpts = new ArrayList<>();
		Set<String> notClauses = Set.of("Filename", "Document Name", "Parties", "Agreement Date", "Effective Date",
				"Expiration Date");
		int seen = 0;
		for (Map<String, String> row : CsvColumn.rows(file, 0)) {
			for (Map.Entry<String, String> cell : row.entrySet()) {
				if (cell.getKey().endsWith("Answer") || notClauses.contains(cell.getKey())) {
					continue;
				}
				for (String excerpt : PythonStringList.parse(cell.getValue())) {
					if (seen++ % CUAD_STRIDE == 0 && !excerpt.isBlank()) {
						excerpts.add(excerpt);
					}
				}
			}
		}
		return excerpts;
	}

	/** Every {@value #BANKING_STRIDE}-th question of a banking77 training CSV. */
	static List<String> bankingQuestions(Path file) throws IOException {
		List<String> all = CsvColumn.read(file, "text", 0);
		List<String> kept = new ArrayList<>();
		for (int i = 0; i < all.size(); i += BANKING_STRIDE) {
			kept.add(all.get(i));
		}
		return kept;
	}

}
