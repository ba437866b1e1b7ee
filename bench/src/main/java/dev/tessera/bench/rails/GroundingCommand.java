package dev.tessera.bench.rails;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.grounding.GroundingRail;
import dev.tessera.guardrails.injection.Segments;
import dev.tessera.inference.encoder.EmbeddingMemo;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * The grounding rail on real FAQ answers: each answer is the source of a one-sentence reply that is either its own
 * sentence (supported), two of its sentences joined (supported), one of its sentences with a number changed
 * (unsupported), a sentence of a random other answer (unsupported), or a sentence of the answer nearest in meaning
 * (unsupported, and on the same topic: the hard case). Reports, for each setting, how many supported replies were
 * flagged and how many unsupported ones were caught.
 */
@Command(name = "grounding", mixinStandardHelpOptions = true,
		description = "Grounding rail: false flags on supported replies and recall on unsupported ones, from FAQ answers.")
public class GroundingCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	private static final Pattern NUMBER = Pattern.compile("\\d+");

	@Option(names = "--faq", defaultValue = "../shared/data/rag/covid_faq.csv",
			description = "CSV with question and answer columns.")
	Path faq;

	@Option(names = "--paraphrases", defaultValue = "../shared/data/rag/covid_question_similarity.csv",
			description = "CSV of question pairs labelled similar (1) or not (0): paraphrases a reply may make of its source.")
	Path paraphrases;

	@Option(names = "--min-similarities", defaultValue = "0.6,0.65,0.7,0.75,0.8,0.85", split = ",")
	List<Double> minSimilarities;

	@Option(names = "--min-coverages", defaultValue = "0.6,0.7,0.8", split = ",")
	List<Double> minCoverages;

	@Option(names = "--seed", defaultValue = "42")
	long seed;

	@Option(names = "--out", defaultValue = "bench/target/reports/grounding.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		List<String> answers = new ArrayList<>();
		for (Map<String, String> row : CsvColumn.rows(this.faq, 0)) {
			String answer = row.getOrDefault("answer", "").replaceAll("\\s+", " ").strip();
			if (Segments.of(answer).size() >= 2 && !answers.contains(answer)) {
				answers.add(answer);
			}
		}
		List<Map<String, String>> pairs = CsvColumn.rows(this.paraphrases, 0);
		try (SentenceEncoder encoder = this.encoderOption.open(2)) {
			return measure(answers, pairs, encoder);
		}
	}

	private Integer measure(List<String> answers, List<Map<String, String>> pairs, SentenceEncoder encoder) {
		List<Case> cases = cases(answers, encoder);
		for (Map<String, String> pair : pairs) {
			// the pair as statements: the first is the source, the second the reply's sentence
			cases.add(new Case("1".equals(pair.get("similar")) ? "paraphrase" : "different-question",
					statement(pair.get("question_1")), statement(pair.get("question_2"))));
		}
		Map<String, Long> counts = new LinkedHashMap<>();
		cases.forEach(c -> counts.merge(c.kind(), 1L, Long::sum));
		GroundingRail words = new GroundingRail();
		GroundingRail meaning = new GroundingRail(encoder);
		List<Map<String, Object>> rows = new ArrayList<>();
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## grounding: %d FAQ answers of %s, %d cases %s%n%n"
						+ "| mode | min-coverage | min-similarity | supported flagged | paraphrase flagged | changed number caught | "
						+ "random other answer caught | nearest answer caught | different question caught |%n"
						+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|%n",
				answers.size(), this.faq.getFileName(), cases.size(), counts));
		for (double coverage : this.minCoverages) {
			rows.add(row(md, "words and numbers", words, cases, coverage, Double.NaN));
			for (double similarity : this.minSimilarities) {
				rows.add(row(md, "+ encoder", meaning, cases, coverage, similarity));
			}
		}
		md.append("\nSupported replies: a sentence of the source, or two joined; a paraphrase: the second question of a "
				+ "pair labelled similar, against the first (both as statements). Unsupported: the source's sentence with "
				+ "a number changed, a sentence of another answer (random, or the one nearest in meaning), the second "
				+ "question of a pair labelled not similar.\n");
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "grounding");
		report.put("data", this.faq.toString());
		report.put("answers", answers.size());
		report.put("cases", counts);
		report.put("results", rows);
		Report.write(this.out, report, md.toString());
		return 0;
	}

	/** The vectors of the whole run: every source and sentence is embedded once, as a turn embeds its own once. */
	private static final EmbeddingMemo VECTORS = new EmbeddingMemo();

	private static Map<String, Object> row(StringBuilder md, String mode, GroundingRail rail, List<Case> cases,
			double coverage, double similarity) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put("min-coverage", Double.toString(coverage));
		if (!Double.isNaN(similarity)) {
			settings.put("min-similarity", Double.toString(similarity));
		}
		Map<String, int[]> byKind = new LinkedHashMap<>();
		for (Case c : cases) {
			boolean flagged = rail.check(c.reply(), new RailContext("bench", RailContext.Direction.OUTPUT, settings,
					new PlaceholderVault(), List.of(c.source()), VECTORS)).detected();
			int[] tally = byKind.computeIfAbsent(c.kind(), k -> new int[2]);
			tally[0] += flagged ? 1 : 0;
			tally[1]++;
		}
		double supportedFlagged = rate(byKind.get("supported"), byKind.get("supported-joined"));
		double number = rate(byKind.get("changed-number"));
		double random = rate(byKind.get("random-answer"));
		double nearest = rate(byKind.get("nearest-answer"));
		double paraphrase = rate(byKind.get("paraphrase"));
		double different = rate(byKind.get("different-question"));
		md.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n", mode,
				coverage, Double.isNaN(similarity) ? "—" : String.format(Locale.ROOT, "%.2f", similarity),
				supportedFlagged, paraphrase, number, random, nearest, different));
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("mode", mode);
		row.put("minCoverage", coverage);
		row.put("minSimilarity", Double.isNaN(similarity) ? null : similarity);
		row.put("supportedFlaggedRate", supportedFlagged);
		row.put("changedNumberRecall", number);
		row.put("randomAnswerRecall", random);
		row.put("nearestAnswerRecall", nearest);
		row.put("paraphraseFlaggedRate", paraphrase);
		row.put("differentQuestionRecall", different);
		return row;
	}

	private static double rate(int[]... tallies) {
		int flagged = 0;
		int total = 0;
		for (int[] tally : tallies) {
			if (tally != null) {
				flagged += tally[0];
				total += tally[1];
			}
		}
		return total == 0 ? Double.NaN : (double) flagged / total;
	}

	private List<Case> cases(List<String> answers, SentenceEncoder encoder) {
		Random random = new Random(this.seed);
		List<float[]> vectors = encoder.embed(answers);
		List<Case> cases = new ArrayList<>();
		for (int i = 0; i < answers.size(); i++) {
			String source = answers.get(i);
			List<String> sentences = Segments.of(source).stream().map(Segments.Segment::text).toList();
			String own = sentences.get(random.nextInt(sentences.size()));
			cases.add(new Case("supported", source, own));
			cases.add(new Case("supported-joined", source, sentences.get(0).replaceAll("[.!]\\s*$", "") + ", and "
					+ lowerFirst(sentences.get(1))));
			sentences.stream().filter(s -> NUMBER.matcher(s).find()).findFirst().ifPresent(withNumber -> {
				Matcher matcher = NUMBER.matcher(withNumber);
				matcher.find();
				String changed = withNumber.substring(0, matcher.start())
						+ (Long.parseLong(matcher.group().length() > 15 ? "9" : matcher.group()) + 3)
						+ withNumber.substring(matcher.end());
				cases.add(new Case("changed-number", source, changed));
			});
			int other = random.nextInt(answers.size() - 1);
			other = other >= i ? other + 1 : other;
			cases.add(new Case("random-answer", source, sentenceOf(answers.get(other), random)));
			int nearest = -1;
			double best = -2;
			for (int j = 0; j < answers.size(); j++) {
				double similarity = SentenceEncoder.similarity(vectors.get(i), vectors.get(j));
				if (j != i && similarity > best) {
					best = similarity;
					nearest = j;
				}
			}
			String candidate = sentenceOf(answers.get(nearest), random);
			if (!source.contains(candidate)) {
				cases.add(new Case("nearest-answer", source, candidate));
			}
		}
		return cases;
	}

	private static String sentenceOf(String answer, Random random) {
		List<Segments.Segment> segments = Segments.of(answer);
		return segments.get(random.nextInt(segments.size())).text();
	}

	private static String statement(String question) {
		return question.strip().replaceAll("\\?+$", "") + ".";
	}

	private static String lowerFirst(String text) {
		return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}


	private record Case(String kind, String source, String reply) {
	}

}
