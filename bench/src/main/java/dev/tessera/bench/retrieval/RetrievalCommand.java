package dev.tessera.bench.retrieval;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.chunk.StructureAwareChunker;
import dev.tessera.retrieval.chunk.TokenCounter;

/**
 * Retrieval quality on a question/answer CSV: every distinct answer becomes a document (chunked by paragraph and
 * embedded with the bundled encoder), every question a query whose right answer is its own document. Reports recall@1,
 * recall@5 and MRR@10 over documents for lexical, vector and hybrid search.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
		description = "Recall@1, recall@5 and MRR of lexical, vector and hybrid search on a question/answer CSV.")
public class RetrievalCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--faq", defaultValue = "../shared/data/rag/covid_faq.csv", description = "CSV with question and answer columns.")
	Path faq;

	@Option(names = "--question-col", defaultValue = "question")
	String questionColumn;

	@Option(names = "--answer-col", defaultValue = "answer")
	String answerColumn;

	@Mixin
	StoreOptions stores = new StoreOptions();

	@Option(names = "--unanswerable", defaultValue = "../shared/data/intent/banking77_test.csv",
			description = "CSV of questions the FAQ cannot answer, to calibrate the similarity an answer needs.")
	Path unanswerable;

	@Option(names = "--unanswerable-col", defaultValue = "text")
	String unanswerableColumn;




	@Option(names = "--out", defaultValue = "bench/target/reports/retrieval.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		List<Map<String, String>> rows = CsvColumn.rows(this.faq, 0);
		Map<String, String> documentOfAnswer = new LinkedHashMap<>();
		List<String[]> queries = new ArrayList<>();
		for (Map<String, String> row : rows) {
			String question = row.get(this.questionColumn);
			String answer = row.get(this.answerColumn);
			if (question == null || answer == null) {
				throw new IllegalArgumentException(this.faq + " has no columns '" + this.questionColumn + "' and '"
						+ this.answerColumn + "'; it has " + row.keySet());
			}
			if (question.isBlank() || answer.isBlank()) {
				continue;
			}
			String document = documentOfAnswer.computeIfAbsent(answer.strip(), a -> "answer-" + documentOfAnswer.size());
			queries.add(new String[] { question, document });
		}
		String collection = "faq-" + System.currentTimeMillis();
		String tenant = "bench";
		try (SentenceEncoder encoder = this.encoderOption.open(0)) {
			KnowledgeStore knowledge = this.stores.open();
			try {
				long indexStarted = System.nanoTime();
				StructureAwareChunker chunker = new StructureAwareChunker(TokenCounter.of(encoder),
						StructureAwareChunker.DEFAULT_MAX_TOKENS, StructureAwareChunker.DEFAULT_OVERLAP_TOKENS);
				List<KnowledgeChunk> chunks = new ArrayList<>();
				documentOfAnswer.forEach((answer, document) -> chunks
					.addAll(chunker.chunk(tenant, collection, document, document, answer)));
				List<float[]> vectors = encoder.embed(chunks.stream().map(KnowledgeChunk::text).toList());
				List<KnowledgeChunk> embedded = new ArrayList<>();
				for (int i = 0; i < chunks.size(); i++) {
					embedded.add(chunks.get(i).withEmbedding(vectors.get(i)));
				}
				knowledge.add(embedded);
				if (knowledge instanceof dev.tessera.retrieval.store.PgVectorKnowledgeStore postgres) {
					// the word statistics the full-text ranking weighs by, as autovacuum makes them within a minute
					postgres.analyze();
				}
				double indexSeconds = (System.nanoTime() - indexStarted) / 1e9;

				List<float[]> queryVectors = encoder.embed(queries.stream().map(q -> q[0]).toList());
				Map<String, Object> results = new LinkedHashMap<>();
				StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
						"## retrieval: %s, %s store%n%n%d questions, %d answer documents, %d chunks (indexed and embedded"
								+ " in %.1f s)%n%n| search | recall@1 | recall@5 | MRR@10 |%n|---|---:|---:|---:|%n",
						this.faq.getFileName(), this.stores.store, queries.size(), documentOfAnswer.size(), chunks.size(),
						indexSeconds));
				boolean[] hybridTop1 = new boolean[queries.size()];
				for (SearchMode mode : SearchMode.values()) {
					double hitsAt1 = 0;
					double hitsAt5 = 0;
					double reciprocalRanks = 0;
					for (int i = 0; i < queries.size(); i++) {
						List<SearchHit> hits = knowledge.search(new SearchRequest(tenant, collection, queries.get(i)[0],
								queryVectors.get(i), 30, mode, Map.of()));
						List<String> documents = new ArrayList<>(new LinkedHashSet<>(
								hits.stream().map(hit -> hit.chunk().documentId()).toList()));
						int rank = documents.indexOf(queries.get(i)[1]);
						if (rank == 0) {
							hitsAt1++;
						}
						if (mode == SearchMode.HYBRID) {
							hybridTop1[i] = rank == 0;
						}
						if (rank >= 0 && rank < 5) {
							hitsAt5++;
						}
						if (rank >= 0 && rank < 10) {
							reciprocalRanks += 1.0 / (rank + 1);
						}
					}
					int n = queries.size();
					Map<String, Object> row = new LinkedHashMap<>();
					row.put("recallAt1", round(hitsAt1 / n));
					row.put("recallAt5", round(hitsAt5 / n));
					row.put("mrrAt10", round(reciprocalRanks / n));
					results.put(mode.name().toLowerCase(Locale.ROOT), row);
					md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n",
							mode.name().toLowerCase(Locale.ROOT), hitsAt1 / n, hitsAt5 / n, reciprocalRanks / n));
				}
				Map<String, Object> support = support(knowledge, encoder, tenant, collection, queryVectors, hybridTop1, md);
				Map<String, Object> report = new LinkedHashMap<>();
				report.put("command", "retrieval");
				report.put("data", this.faq.toString());
				report.put("store", this.stores.store);
				report.put("questions", queries.size());
				report.put("documents", documentOfAnswer.size());
				report.put("chunks", chunks.size());
				report.put("indexSeconds", round(indexSeconds));
				report.put("results", results);
				report.put("support", support);
				Report.write(this.out, report, md.toString());
				for (String document : documentOfAnswer.values()) {
					knowledge.deleteDocument(tenant, collection, document);
				}
			}
			finally {
				this.stores.close();
			}
		}
		return 0;
	}

	/**
	 * How well the best passage's cosine similarity separates questions the knowledge answers from questions it cannot
	 * (another data set's): for each threshold, the share of answerable questions that would be answered, and answered
	 * from the right document, against the share of unanswerable ones that would wrongly count as supported. This is
	 * what the packs' {@code retrieval.min-similarity} is chosen from.
	 */
	private Map<String, Object> support(KnowledgeStore knowledge, SentenceEncoder encoder, String tenant,
			String collection, List<float[]> queryVectors, boolean[] hybridTop1, StringBuilder md) throws Exception {
		List<String> all = CsvColumn.read(this.unanswerable, this.unanswerableColumn, 0);
		int stride = Math.max(1, all.size() / queryVectors.size());
		List<String> outside = new ArrayList<>();
		for (int i = 0; i < all.size() && outside.size() < queryVectors.size(); i += stride) {
			outside.add(all.get(i));
		}
		double[] answerable = bestSimilarities(knowledge, tenant, collection, queryVectors);
		double[] unanswerableScores = bestSimilarities(knowledge, tenant, collection, encoder.embed(outside));
		md.append(String.format(Locale.ROOT,
				"%n### Support threshold: %d answerable questions vs %d from %s%n%n"
						+ "| min similarity | answerable answered | answered from the right document | unanswerable wrongly supported |%n"
						+ "|---:|---:|---:|---:|%n",
				answerable.length, unanswerableScores.length, this.unanswerable.getFileName()));
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int step = 0; step <= 10; step++) {
			double threshold = 0.25 + step * 0.05;
			int answered = 0;
			int right = 0;
			for (int i = 0; i < answerable.length; i++) {
				if (answerable[i] >= threshold) {
					answered++;
					right += hybridTop1[i] ? 1 : 0;
				}
			}
			int wrong = 0;
			for (double score : unanswerableScores) {
				wrong += score >= threshold ? 1 : 0;
			}
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("minSimilarity", round(threshold));
			row.put("answerableAnswered", round((double) answered / answerable.length));
			row.put("answeredRight", round((double) right / answerable.length));
			row.put("unanswerableSupported", round((double) wrong / unanswerableScores.length));
			rows.add(row);
			md.append(String.format(Locale.ROOT, "| %.2f | %.3f | %.3f | %.3f |%n", threshold,
					(double) answered / answerable.length, (double) right / answerable.length,
					(double) wrong / unanswerableScores.length));
		}
		Map<String, Object> support = new LinkedHashMap<>();
		support.put("unanswerableData", this.unanswerable.toString());
		support.put("thresholds", rows);
		return support;
	}

	private static double[] bestSimilarities(KnowledgeStore knowledge, String tenant, String collection,
			List<float[]> vectors) {
		double[] best = new double[vectors.size()];
		for (int i = 0; i < best.length; i++) {
			List<SearchHit> hits = knowledge.search(
					new SearchRequest(tenant, collection, "", vectors.get(i), 1, SearchMode.VECTOR, Map.of()));
			best[i] = hits.isEmpty() ? -1 : hits.get(0).score();
		}
		return best;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
