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

	/** A document split into segments, with a label for the segments trained on ({@code null}: context only). */
	record LabelledDocument(List<String> segments, List<Boolean> labels) {
	}

	private final List<LabelledDocument> documents = new ArrayList<>();

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

	/** Attacks written as a user's whole message: each one positive, as one segment. */
	void addPositive(List<String> texts) {
		for (String text : texts) {
			if (!text.isBlank()) {
				this.documents.add(new LabelledDocument(List.of(text), List.of(true)));
			}
		}
	}

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
		SparseLogisticRegression model = SparseLogisticRegression.train(features, labels, InjectionFeatures.DIMENSIONS,
				L2, STEPS, LEARNING_RATE, threshold);
		SparseLogisticRegression gateModel = gate ? SparseLogisticRegression.train(words, labels,
				InjectionFeatures.DIMENSIONS, L2, STEPS, LEARNING_RATE, GATE_THRESHOLD) : null;
		return new InjectionModel(embedder == null ? "none" : embedder.name(), kind, model, gateModel);
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
