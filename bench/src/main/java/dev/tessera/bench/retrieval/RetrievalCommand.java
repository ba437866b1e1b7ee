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

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.chunk.ParagraphChunker;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;
import dev.tessera.retrieval.store.PgVectorKnowledgeStore;

/**
 * Retrieval quality on a question/answer CSV: every distinct answer becomes a document (chunked by paragraph and
 * embedded with the bundled encoder), every question a query whose right answer is its own document. Reports recall@1,
 * recall@5 and MRR@10 over documents for lexical, vector and hybrid search.
 */
@Command(name = "retrieval", mixinStandardHelpOptions = true,
		description = "Recall@1, recall@5 and MRR of lexical, vector and hybrid search on a question/answer CSV.")
public class RetrievalCommand implements Callable<Integer> {

	@Option(names = "--faq", defaultValue = "../shared/data/rag/covid_faq.csv", description = "CSV with question and answer columns.")
	Path faq;

	@Option(names = "--question-col", defaultValue = "question")
	String questionColumn;

	@Option(names = "--answer-col", defaultValue = "answer")
	String answerColumn;

	@Option(names = "--store", defaultValue = "embedded", description = "embedded (Lucene) or postgres (pgvector).")
	String store;

	@Option(names = "--pg-url", defaultValue = "${env:TESSERA_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/tessera_test}")
	String pgUrl;

	@Option(names = "--pg-user", defaultValue = "${env:TESSERA_TEST_PG_USER:-postgres}")
	String pgUser;

	@Option(names = "--pg-password", defaultValue = "${env:TESSERA_TEST_PG_PASSWORD:-}")
	String pgPassword;

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
		try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2(false, 0,
				new ConcurrencyGate("bench", 1, 0, Duration.ofSeconds(1)))) {
			KnowledgeStore knowledge = openStore();
			try {
				long indexStarted = System.nanoTime();
				ParagraphChunker chunker = new ParagraphChunker();
				List<KnowledgeChunk> chunks = new ArrayList<>();
				documentOfAnswer.forEach((answer, document) -> chunks
					.addAll(chunker.chunk(tenant, collection, document, document, answer)));
				List<float[]> vectors = encoder.embed(chunks.stream().map(KnowledgeChunk::text).toList());
				List<KnowledgeChunk> embedded = new ArrayList<>();
				for (int i = 0; i < chunks.size(); i++) {
					embedded.add(chunks.get(i).withEmbedding(vectors.get(i)));
				}
				knowledge.add(embedded);
				double indexSeconds = (System.nanoTime() - indexStarted) / 1e9;

				List<float[]> queryVectors = encoder.embed(queries.stream().map(q -> q[0]).toList());
				Map<String, Object> results = new LinkedHashMap<>();
				StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
						"## retrieval: %s, %s store%n%n%d questions, %d answer documents, %d chunks (indexed and embedded"
								+ " in %.1f s)%n%n| search | recall@1 | recall@5 | MRR@10 |%n|---|---:|---:|---:|%n",
						this.faq.getFileName(), this.store, queries.size(), documentOfAnswer.size(), chunks.size(),
						indexSeconds));
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
				Map<String, Object> report = new LinkedHashMap<>();
				report.put("command", "retrieval");
				report.put("data", this.faq.toString());
				report.put("store", this.store);
				report.put("questions", queries.size());
				report.put("documents", documentOfAnswer.size());
				report.put("chunks", chunks.size());
				report.put("indexSeconds", round(indexSeconds));
				report.put("results", results);
				Report.write(this.out, report, md.toString());
				for (String document : documentOfAnswer.values()) {
					knowledge.deleteDocument(tenant, collection, document);
				}
			}
			finally {
				if (knowledge instanceof AutoCloseable closeable) {
					closeable.close();
				}
				dropSchema();
			}
		}
		return 0;
	}

	private KnowledgeStore openStore() throws Exception {
		return switch (this.store) {
			case "embedded" -> LuceneKnowledgeStore.onDisk(
					java.nio.file.Files.createTempDirectory(Path.of("bench", "target").toAbsolutePath(), "lucene-"), 40);
			case "postgres" -> new PgVectorKnowledgeStore(pool(), 40).migrate();
			default -> throw new IllegalArgumentException("--store must be embedded or postgres, got " + this.store);
		};
	}

	/** The fresh schema of this run: an HNSW index full of earlier runs' deleted rows would slow every search. */
	private String schema;

	/** A connection pool, as the server has (HikariCP): a new connection per query would dominate the timings. */
	private javax.sql.DataSource pool() throws java.sql.SQLException {
		this.schema = "tessera_bench_" + System.currentTimeMillis();
		try (var connection = java.sql.DriverManager.getConnection(this.pgUrl, this.pgUser, this.pgPassword)) {
			connection.createStatement().execute("CREATE SCHEMA " + this.schema);
		}
		com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
		config.setJdbcUrl(this.pgUrl);
		config.setUsername(this.pgUser);
		config.setPassword(this.pgPassword);
		config.setMaximumPoolSize(8);
		config.setConnectionInitSql("SET search_path TO " + this.schema + ", public");
		return new com.zaxxer.hikari.HikariDataSource(config);
	}

	private void dropSchema() {
		if (this.schema == null) {
			return;
		}
		try (var connection = java.sql.DriverManager.getConnection(this.pgUrl, this.pgUser, this.pgPassword)) {
			connection.createStatement().execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
		}
		catch (java.sql.SQLException ex) {
			System.err.println("could not drop " + this.schema + ": " + ex.getMessage());
		}
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
