package dev.tessera.bench.rails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CachingEmbedder;
import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.injection.InjectionClassifier;
import dev.tessera.guardrails.injection.InjectionFeatures;
import dev.tessera.guardrails.injection.InjectionModel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.encoder.TextEmbedder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * Trains the two prompt-injection models the guardrails module ships, deterministically (same files, same weights):
 * <ul>
 * <li>{@code DOCUMENT}: embedding + words + document context, on the written examples, BIPIA's training attacks
 * inserted into BIPIA's training emails, those emails' sentences and CUAD contract excerpts as benign text. Its BIPIA
 * figures are therefore "trained on"; the held-out estimate is {@code injection --folds 2}. The operating point
 * {@value #DOCUMENT_OPERATING_POINT} is stored as the threshold {@value #DOCUMENT_THRESHOLD} (the ingestion screen's
 * default).</li>
 * <li>{@code MESSAGE}: embedding + words of the whole message ({@link InjectionFeatures.Kind#WHOLE_TEXT}: the embedding
 * is the turn's own), on the written examples (task requests benign), BIPIA's emails, CUAD excerpts, banking77
 * training questions and BIPIA's plain task requests ({@link #TASK_CATEGORIES}) as benign messages, and the ten sources
 * of {@link InjectionSources} (at most {@value #SOURCE_CAP} texts each, so no source outweighs the rest). Its
 * operating point is set on sources held out of training ({@link InjectionTraining#operatingPoint}: three groups of
 * sources, benign sources flagged at most {@value #MESSAGE_FALSE_POSITIVE_RATE} on average) and stored as the
 * threshold {@value #MESSAGE_THRESHOLD}. No covid-FAQ text: that is what {@code rails-latency} measures on.</li>
 * </ul>
 */
@Command(name = "train-injection", mixinStandardHelpOptions = true,
		description = "Train the prompt-injection models (logistic regression on embeddings, words and context).")
public class TrainInjectionCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	/** Raw probability at which the document model operates, chosen on the held-out folds. */
	static final double DOCUMENT_OPERATING_POINT = 0.6;

	/** The threshold the document model is stored with: the ingestion screen's default. */
	static final double DOCUMENT_THRESHOLD = 0.9;

	/** The threshold the message model is stored with: the one the demo packs set on user messages. */
	static final double MESSAGE_THRESHOLD = 0.8;

	/** What the shipped message model reads. */
	static final InjectionFeatures.Kind MESSAGE_KIND = InjectionFeatures.Kind.WHOLE_TEXT;

	/** Texts trained on per source of {@link InjectionSources} at most (evenly spread). */
	static final int SOURCE_CAP = 800;

	/** Groups the sources are dealt into when the message model's operating point is set on held-out sources. */
	static final int HOLDOUT_FOLDS = 3;

	/** The benign sources' mean share flagged, on held-out sources, that sets the message model's operating point. */
	static final double MESSAGE_FALSE_POSITIVE_RATE = 0.02;

	/** BIPIA's plain task requests: injected inside a document, ordinary as a user's own message. */
	static final List<String> TASK_CATEGORIES = List.of("Information Retrieval", "Content Creation",
			"Learning and Tutoring", "Language Translation", "Programming Help");

	@Option(names = "--examples", defaultValue = "guardrails/training/injection-examples.tsv",
			description = "TSV with a header: label (1 = injection, 0 = benign, D = injection only inside a document), text.")
	Path examples;

	@Option(names = "--contexts", defaultValue = "../shared/data/injection/bipia_email_train.jsonl",
			description = "BIPIA training emails (benign hosts for inserted attacks).")
	Path contexts;

	@Option(names = "--attacks", defaultValue = "../shared/data/injection/bipia_text_attack_train.json,"
			+ "../shared/data/injection/bipia_code_attack_train.json", split = ",", description = "BIPIA training attacks.")
	List<Path> attacks;

	@Option(names = "--cuad", defaultValue = "../shared/data/contracts/cuad_master_clauses.csv",
			description = "CUAD master clauses CSV (benign contract text).")
	Path cuad;

	@Option(names = "--banking", defaultValue = "../shared/data/intent/banking77_train.csv",
			description = "banking77 training questions (benign user messages).")
	Path banking;

	@Option(names = "--sources", defaultValue = "../shared/data/injection",
			description = "The folder of labelled attack and benign-instruction sources (user messages).")
	Path sources;

	@Option(names = "--weights-dir", defaultValue = "guardrails/src/main/resources",
			description = "Resource root the weights are written under.")
	Path weightsDir;

	@Option(names = "--out", defaultValue = "bench/target/reports/train-injection.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		List<String> texts = new ArrayList<>();
		List<Character> labels = new ArrayList<>();
		readExamples(this.examples, texts, labels);
		List<String> emails = InjectionCommand.readContexts(this.contexts);
		Map<String, List<String>> attacksByCategory = InjectionCommand.readAttacks(this.attacks);
		List<String> attackTexts = attacksByCategory.values().stream().flatMap(List::stream).toList();
		List<String> taskRequests = TASK_CATEGORIES.stream()
			.flatMap(category -> attacksByCategory.getOrDefault(category, List.of()).stream())
			.toList();
		List<String> contracts = InjectionTraining.cuadExcerpts(this.cuad);
		List<String> questions = InjectionTraining.bankingQuestions(this.banking);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "train-injection");
		report.put("examples", this.examples.toString());
		report.put("l2", InjectionTraining.L2);
		report.put("steps", InjectionTraining.STEPS);
		report.put("learningRate", InjectionTraining.LEARNING_RATE);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## train-injection: %d written examples, %d BIPIA emails, %d attacks, %d CUAD excerpts, %d banking77 questions%n%n"
						+ "| scope | features | labelled segments | weights |%n|---|---|---:|---|%n",
				texts.size(), emails.size(), attackTexts.size(), contracts.size(), questions.size()));
		try (SentenceEncoder encoder = this.encoderOption.open(0)) {
			CachingEmbedder embedder = new CachingEmbedder(encoder);
			// the shipped document model learns no instructions of the message sources: measured with
			// injection --folds --instructions, they raised the false positives on clean emails and reader documents
			InjectionTraining document = documentTraining(texts, labels, attackTexts, emails, contracts, List.of(),
					List.of());
			InjectionModel documentModel = document.train(InjectionFeatures.Kind.EMBEDDING_WORDS_AND_CONTEXT, embedder,
					DOCUMENT_OPERATING_POINT, false);
			documentModel = calibrated(documentModel);
			write(InjectionClassifier.Scope.DOCUMENT, documentModel, document.size(), report, md);
			InjectionTraining message = messageTraining(texts, labels, emails, contracts, questions, taskRequests);
			for (InjectionSources.Source source : InjectionSources.read(this.sources)) {
				message.addWhole(source.limited(SOURCE_CAP).texts(), source.attacks(), source.name());
			}
			MessageModel messageModel = messageModel(message, embedder);
			write(InjectionClassifier.Scope.MESSAGE, messageModel.model(), message.size(), report, md);
			report.put("messageOperatingPoint", Map.of("probability", messageModel.point().probability(),
					"heldOutSourcesFalsePositiveRate", messageModel.point().falsePositiveRate(),
					"heldOutSourcesRecall", messageModel.point().recall()));
			md.append(String.format(Locale.ROOT, "%nMessage model: operating point %.4f (stored as %.2f), set on"
					+ " sources held out in %d groups: benign sources flagged %.3f, attack sources %.3f (each source"
					+ " counted alike).%n", messageModel.point().probability(), MESSAGE_THRESHOLD, HOLDOUT_FOLDS,
					messageModel.point().falsePositiveRate(), messageModel.point().recall()));
		}
		Report.write(this.out, report, md.toString());
		return 0;
	}

	/** The message model's training set before any source of {@code injection-sources} is added. */
	static InjectionTraining messageTraining(List<String> texts, List<Character> labels, List<String> emails,
			List<String> contracts, List<String> questions, List<String> taskRequests) {
		InjectionTraining message = new InjectionTraining(true);
		message.addWritten(texts, labels, InjectionClassifier.Scope.MESSAGE, List.of());
		message.addBenign(emails, true);
		message.addBenign(contracts, true);
		message.addBenign(questions, false);
		message.addBenign(taskRequests, false);
		return message;
	}

	/**
	 * The message model of a training set: judged whole, operating point set on held-out sources and stored as
	 * {@value #MESSAGE_THRESHOLD}.
	 */
	static MessageModel messageModel(InjectionTraining training, TextEmbedder embedder) {
		return messageModel(training, embedder, MESSAGE_KIND);
	}

	static MessageModel messageModel(InjectionTraining training, TextEmbedder embedder, InjectionFeatures.Kind kind) {
		training.weighAttackSourcesAlike();
		InjectionTraining.OperatingPoint point = training.operatingPoint(kind, embedder, HOLDOUT_FOLDS,
				MESSAGE_FALSE_POSITIVE_RATE);
		InjectionModel model = training.train(kind, embedder, point.probability(), !kind.wholeText());
		return new MessageModel(new InjectionModel(model.encoder(), model.kind(),
				model.model().calibrated(point.probability(), MESSAGE_THRESHOLD), model.gate()), point);
	}

	/** A message model and the operating point it was stored at. */
	record MessageModel(InjectionModel model, InjectionTraining.OperatingPoint point) {
	}

	/**
	 * Short instructions addressed to an assistant, from every source of {@link InjectionSources} (attacks and benign
	 * requests alike: inside a document both are injected), at most {@value #INSTRUCTIONS_PER_SOURCE} per source of at
	 * most {@value #INSTRUCTION_CHARACTERS} characters, evenly spread.
	 */
	static List<String> documentInstructions(Path sources) throws IOException {
		List<String> instructions = new ArrayList<>();
		for (InjectionSources.Source source : InjectionSources.read(sources)) {
			List<String> shortOnes = source.texts().stream().filter(t -> t.length() <= INSTRUCTION_CHARACTERS).toList();
			new InjectionSources.Source(source.name(), source.attacks(), shortOnes,
					shortOnes.stream().map(t -> "").toList())
				.limited(INSTRUCTIONS_PER_SOURCE)
				.texts()
				.forEach(instructions::add);
		}
		return instructions;
	}

	/**
	 * Texts written for a reader, not for an assistant: the answers of GPTeacher's role-play and code requests and the
	 * outputs of Self-Instruct's instances ({@value #READER_TEXTS_PER_SOURCE} of each, evenly spread). Inside a
	 * document they are benign although they are full of imperatives; beside the instructions they teach the model
	 * whom an instruction addresses.
	 */
	static List<String> readerTexts(Path sources) throws IOException {
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
		List<String> texts = new ArrayList<>();
		for (String file : List.of("gpteacher_roleplay.json", "gpteacher_codegen.json")) {
			List<String> responses = new ArrayList<>();
			json.readTree(sources.resolve(file).toFile()).forEach(n -> responses.add(n.path("response").asString()));
			texts.addAll(spread(responses, READER_TEXTS_PER_SOURCE));
		}
		List<String> outputs = new ArrayList<>();
		for (String line : Files.readAllLines(sources.resolve("self_instruct_user_oriented.jsonl"))) {
			if (!line.isBlank()) {
				json.readTree(line).path("instances").forEach(n -> outputs.add(n.path("output").asString()));
			}
		}
		texts.addAll(spread(outputs, READER_TEXTS_PER_SOURCE));
		return texts.stream().filter(t -> !t.isBlank()).toList();
	}

	private static List<String> spread(List<String> texts, int limit) {
		return new InjectionSources.Source("", false, texts, texts.stream().map(t -> "").toList()).limited(limit).texts();
	}

	/** Reader texts per source the document model learns from. */
	static final int READER_TEXTS_PER_SOURCE = 300;

	/** Instructions per source the document model learns from. */
	static final int INSTRUCTIONS_PER_SOURCE = 200;

	/** Longest instruction the document model learns from: an injected instruction is a sentence or two. */
	static final int INSTRUCTION_CHARACTERS = 300;

	/** The document model's training set, the same for the shipped model and each held-out fold. */
	static InjectionTraining documentTraining(List<String> texts, List<Character> labels, List<String> attacks,
			List<String> emails, List<String> contracts, List<String> instructions, List<String> readerTexts) {
		InjectionTraining training = new InjectionTraining();
		training.addWritten(texts, labels, InjectionClassifier.Scope.DOCUMENT, emails);
		training.addAttacks(attacks, emails);
		training.addInstructions(instructions, emails);
		training.addBenign(readerTexts, true);
		training.addBenign(emails, true);
		training.addBenign(contracts, true);
		return training;
	}

	/** The operating point moved to the stored threshold (a monotone shift: the ranking is unchanged). */
	static InjectionModel calibrated(InjectionModel model) {
		return new InjectionModel(model.encoder(), model.kind(), model.model().calibrated(DOCUMENT_OPERATING_POINT, DOCUMENT_THRESHOLD),
				model.gate());
	}

	private void write(InjectionClassifier.Scope scope, InjectionModel model, int examples, Map<String, Object> report,
			StringBuilder md) {
		Path file = this.weightsDir.resolve(scope.resource(model.encoder()).substring(1));
		model.write(file);
		report.put(scope.name().toLowerCase(Locale.ROOT), Map.of("features", model.kind().id(), "labelledSegments",
				examples, "threshold", model.threshold(), "weights", file.toString()));
		md.append(String.format(Locale.ROOT, "| %s | %s%s | %d | %s |%n", scope, model.kind().id(),
				model.gate() != null ? " (words-only gate at " + model.gate().threshold() + ")" : "", examples, file));
	}

	static void readExamples(Path file, List<String> texts, List<Character> labels) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no examples file at " + file.toAbsolutePath());
		}
		List<String> lines = Files.readAllLines(file);
		for (int i = 1; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank()) {
				continue;
			}
			int tab = line.indexOf('\t');
			if (tab != 1 || "01D".indexOf(line.charAt(0)) < 0) {
				throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'label<TAB>text' with label 0, 1 or D");
			}
			labels.add(line.charAt(0));
			texts.add(line.substring(tab + 1));
		}
	}

}
