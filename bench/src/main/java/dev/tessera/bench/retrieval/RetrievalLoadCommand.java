package dev.tessera.bench.retrieval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.BulkLoad;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;
import dev.tessera.retrieval.store.PgVectorKnowledgeStore;

/**
 * Load on a knowledge store with real embeddings: text windows of real documents (CUAD contract clauses and COVID FAQ
 * answers from ../shared/data) embedded with the bundled encoder; 1,000 held-out windows are the queries. Reports the
 * ingest rate, vector search alone at several search widths (recall@10 against exact search, queries/s, p50/p99 with N
 * clients), and hybrid search from text with the embedding included.
 */
@Command(name = "retrieval-load", mixinStandardHelpOptions = true,
		description = "Ingest rate, vector search speed and recall, and hybrid query speed on a store with real embeddings.")
public class RetrievalLoadCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--chunks", defaultValue = "100000")
	int chunks;

	@Mixin
	StoreOptions stores = new StoreOptions();

	@Option(names = "--clients", defaultValue = "2")
	int clients;

	@Option(names = "--widths", defaultValue = "10,20,40,80,160", split = ",",
			description = "Search widths: Lucene's k candidates, pgvector's ef_search.")
	List<Integer> widths;

	@Option(names = "--bulk", description = "Ingest as one bulk load (indexes built at its end, then swapped in)"
			+ " instead of batches of 1,000 chunks with the indexes kept up.")
	boolean bulk;

	@Option(names = "--text-candidates", defaultValue = "500", split = ",",
			description = "postgres: chunks a full-text search scores at most, each measured for hybrid speed and recall.")
	List<Integer> textCandidates;

	@Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per setting.")
	int seconds;

	@Option(names = "--contracts", defaultValue = "../shared/data/contracts/cuad_master_clauses.csv")
	Path contracts;

	@Option(names = "--faq", defaultValue = "../shared/data/rag/covid_faq.csv")
	Path faq;




	@Option(names = "--out", defaultValue = "bench/target/reports/retrieval-load.json")
	Path out;

	private static final int QUERIES = 1000;

	private static final int WINDOW_WORDS = 16;

	@Override
	public Integer call() throws Exception {
		List<String> texts = windows(this.chunks + QUERIES);
		if (texts.size() < this.chunks + QUERIES) {
			System.out.println("Only " + texts.size() + " distinct windows available; indexing " + (texts.size() - QUERIES));
		}
		int indexed = texts.size() - QUERIES;
		try (SentenceEncoder encoder = this.encoderOption.open(0, new ConcurrencyGate("bench", 4, 64, Duration.ofSeconds(60)))) {
			float[][] vectors = embeddings(encoder, texts);
			// every (n/QUERIES)-th window is held out as a query
			List<Integer> queryIds = new ArrayList<>();
			List<Integer> documentIds = new ArrayList<>();
			int step = texts.size() / QUERIES;
			for (int i = 0; i < texts.size(); i++) {
				if (i % step == 0 && queryIds.size() < QUERIES) {
					queryIds.add(i);
				}
				else {
					documentIds.add(i);
				}
			}
			String collection = "load-" + System.currentTimeMillis();
			String tenant = "bench";
			KnowledgeStore knowledge = this.stores.open();
			Map<String, Object> report = new LinkedHashMap<>();
			StringBuilder md = new StringBuilder();
			try {
				// ingest
				long started = System.nanoTime();
				BulkLoad bulk = this.bulk ? knowledge.bulkLoad(tenant, collection, false) : null;
				for (int from = 0; from < documentIds.size(); from += 1000) {
					List<KnowledgeChunk> batch = new ArrayList<>();
					for (int j = from; j < Math.min(documentIds.size(), from + 1000); j++) {
						int id = documentIds.get(j);
						String text = texts.get(id);
						batch.add(new KnowledgeChunk(tenant, collection, "doc-" + id, "doc-" + id, "", text, 0,
								text.length(), Map.of(), vectors[id]));
					}
					if (bulk != null) {
						bulk.add(batch);
					}
					else {
						knowledge.add(batch);
					}
				}
				if (bulk != null) {
					bulk.commit(); // the indexes built once; counted in the ingest time
					bulk.close();
				}
				if (knowledge instanceof LuceneKnowledgeStore lucene) {
					lucene.compact(); // one HNSW graph after a bulk load; counted in the ingest time
				}
				if (knowledge instanceof PgVectorKnowledgeStore postgres && bulk == null) {
					// planner statistics after row-by-row inserts, counted in the ingest time (a bulk load's commit
					// analyzes the table it swaps in, as the server's uploads do)
					postgres.analyze();
				}
				double ingestSeconds = (System.nanoTime() - started) / 1e9;
				double ingestRate = documentIds.size() / ingestSeconds;
				md.append(String.format(Locale.ROOT,
						"## retrieval-load: %s store, %,d chunks, %d clients%n%nIngest (embeddings precomputed%s): %,.0f chunks/s"
								+ " (%.1f s for %,d)%n%n| search width | recall@10 | queries/s | p50 ms | p99 ms |%n|---:|---:|---:|---:|---:|%n",
						this.stores.store, documentIds.size(), this.clients,
						this.bulk ? "; one bulk load, indexes built at its end" : "; in batches of 1,000, indexes kept up",
						ingestRate, ingestSeconds, documentIds.size()));

				// exact neighbours of every query, by brute force over all indexed vectors
				List<List<String>> exact = exactTop10(vectors, queryIds, documentIds);
				List<Map<String, Object>> widthRows = new ArrayList<>();
				for (int width : this.widths) {
					AtomicLong found = new AtomicLong();
					AtomicLong expected = new AtomicLong();
					Measured m = measure(i -> {
						int q = i % queryIds.size();
						List<SearchHit> hits = knowledge.search(new SearchRequest(tenant, collection, "",
								vectors[queryIds.get(q)], 10, SearchMode.VECTOR, Map.of(), width));
						if (i < queryIds.size()) {
							List<String> truth = exact.get(q);
							found.addAndGet(hits.stream().filter(h -> truth.contains(h.chunk().documentId())).count());
							expected.addAndGet(truth.size());
						}
					});
					double recall = found.get() / (double) Math.max(1, expected.get());
					Map<String, Object> row = new LinkedHashMap<>();
					row.put("width", width);
					row.put("recallAt10", round(recall));
					row.put("queriesPerSecond", round(m.qps()));
					row.put("p50Ms", round(m.p50()));
					row.put("p99Ms", round(m.p99()));
					widthRows.add(row);
					md.append(String.format(Locale.ROOT, "| %d | %.3f | %,.0f | %.2f | %.2f |%n", width, recall, m.qps(),
							m.p50(), m.p99()));
				}
				// hybrid from text, embedding included
				Measured hybrid = measure(i -> {
					String query = texts.get(queryIds.get(i % queryIds.size()));
					float[] vector = encoder.embed(List.of(query)).getFirst();
					knowledge.search(new SearchRequest(tenant, collection, query, vector, 10, SearchMode.HYBRID, Map.of()));
				});
				// the same with the query vectors precomputed: the store's own cost, the encoder's apart
				Measured hybridPrecomputed = measure(i -> {
					int q = queryIds.get(i % queryIds.size());
					knowledge.search(new SearchRequest(tenant, collection, texts.get(q), vectors[q], 10, SearchMode.HYBRID,
							Map.of()));
				});
				Measured lexicalOnly = measure(i -> knowledge.search(new SearchRequest(tenant, collection,
						texts.get(queryIds.get(i % queryIds.size())), null, 10, SearchMode.LEXICAL, Map.of())));
				md.append(String.format(Locale.ROOT,
						"%nHybrid from text (embedding + full-text + vector + fusion): %,.0f queries/s, p50 %.2f ms, p99 %.2f ms."
								+ " With the query vectors precomputed: %,.0f queries/s, p50 %.2f ms, p99 %.2f ms. Full-text"
								+ " alone: %,.0f queries/s, p50 %.2f ms, p99 %.2f ms.%n"
								+ "Chunks: %d-word windows of CUAD clauses and COVID FAQ answers; queries: 1,000 held-out windows;"
								+ " recall against exact cosine top-10.%n",
						hybrid.qps(), hybrid.p50(), hybrid.p99(), hybridPrecomputed.qps(), hybridPrecomputed.p50(),
						hybridPrecomputed.p99(), lexicalOnly.qps(), lexicalOnly.p50(), lexicalOnly.p99(), WINDOW_WORDS));
				Map<String, Object> fusedRecall = null;
				List<Map<String, Object>> candidateRows = new ArrayList<>();
				Map<String, Object> raw = null;
				if (this.stores.dataSource() != null) {
					PgVectorKnowledgeStore postgres = (PgVectorKnowledgeStore) knowledge;
					List<Exhaustive> exhaustive = exhaustive(postgres, tenant, collection, texts, vectors, queryIds,
							documentIds);
					md.append(String.format(Locale.ROOT, "%nHybrid recall@10 against the exhaustive fused list: every row"
							+ " sharing a word with the query scored by the store's full-text ranking (BM25), every row by"
							+ " exact cosine, %d each, fused by reciprocal rank; \"against ts_rank\": the same with ts_rank"
							+ " of every query word as the full-text ranking (the store's ranking before; a different ranking,"
							+ " so this also measures how far the two differ). Full-text recall@%d: the store's top %d"
							+ " against its ranking of every match. Over %d queries; speed with the query vectors"
							+ " precomputed, %d clients.%n%n| text candidates | hybrid queries/s | p50 ms | p99 ms |"
							+ " full-text queries/s | recall@10 | recall@10 against ts_rank | full-text recall@%d |%n"
							+ "|---:|---:|---:|---:|---:|---:|---:|---:|%n", FUSED_DEPTH, FUSED_DEPTH, FUSED_DEPTH,
							exhaustive.size(), this.clients, FUSED_DEPTH));
					for (int candidates : this.textCandidates) {
						postgres.textCandidates(candidates);
						Measured h = measure(i -> {
							int q = queryIds.get(i % queryIds.size());
							knowledge.search(new SearchRequest(tenant, collection, texts.get(q), vectors[q], 10,
									SearchMode.HYBRID, Map.of()));
						});
						Measured l = measure(i -> knowledge.search(new SearchRequest(tenant, collection,
								texts.get(queryIds.get(i % queryIds.size())), null, 10, SearchMode.LEXICAL, Map.of())));
						Map<String, Object> row = recall(knowledge, tenant, collection, texts, vectors, exhaustive);
						row.put("textCandidates", candidates);
						row.put("hybridQueriesPerSecond", round(h.qps()));
						row.put("hybridP50Ms", round(h.p50()));
						row.put("hybridP99Ms", round(h.p99()));
						row.put("lexicalQueriesPerSecond", round(l.qps()));
						candidateRows.add(row);
						md.append(String.format(Locale.ROOT, "| %d | %,.0f | %.2f | %.2f | %,.0f | %.3f | %.3f | %.3f |%n",
								candidates, h.qps(), h.p50(), h.p99(), l.qps(), (Double) row.get("recallAt10"),
								(Double) row.get("recallAt10AgainstTsRank"), (Double) row.get("lexicalRecallAt50")));
						if (candidates == PgVectorKnowledgeStore.DEFAULT_TEXT_CANDIDATES) {
							fusedRecall = row;
						}
					}
					postgres.textCandidates(PgVectorKnowledgeStore.DEFAULT_TEXT_CANDIDATES);
					raw = rawPgvector(tenant, collection, vectors, queryIds, widthRows);
					md.append(String.format(Locale.ROOT, "%nRaw pgvector through plain JDBC (same data, same ef_search %s,"
							+ " one query per call): %,.0f queries/s; the store's vector search at that width: %,.0f"
							+ " queries/s = **%.0f %%** of it.%n", raw.get("efSearch"), (Double) raw.get("queriesPerSecond"),
							(Double) raw.get("storeQueriesPerSecond"), 100 * (Double) raw.get("storeShare")));
				}
				report.put("command", "retrieval-load");
				report.put("store", this.stores.store);
				report.put("chunks", documentIds.size());
				report.put("clients", this.clients);
				report.put("ingestChunksPerSecond", round(ingestRate));
				report.put("ingestMode", this.bulk ? "bulk load" : "batches of 1,000");
				report.put("ingestSeconds", round(ingestSeconds));
				report.put("vectorSearch", widthRows);
				report.put("hybrid", Map.of("queriesPerSecond", round(hybrid.qps()), "p50Ms", round(hybrid.p50()),
						"p99Ms", round(hybrid.p99())));
				report.put("hybridVectorsPrecomputed", Map.of("queriesPerSecond", round(hybridPrecomputed.qps()),
						"p50Ms", round(hybridPrecomputed.p50()), "p99Ms", round(hybridPrecomputed.p99())));
				report.put("lexical", Map.of("queriesPerSecond", round(lexicalOnly.qps()), "p50Ms",
						round(lexicalOnly.p50()), "p99Ms", round(lexicalOnly.p99())));
				if (raw != null) {
					report.put("hybridRecallAgainstExhaustiveFusion", fusedRecall);
					report.put("textCandidates", candidateRows);
					report.put("rawPgvector", raw);
				}
				Report.write(this.out, report, md.toString());
			}
			finally {
				this.stores.close();
			}
		}
		return 0;
	}

	/** Candidates per side in the exhaustive fused list, as many as the store's hybrid search takes. */
	private static final int FUSED_DEPTH = 50;

	/** Queries the exhaustive list is computed for (each scores every matching row). */
	private static final int FUSED_QUERIES = 200;

	/** One query's exhaustive lists: fused with the store's ranking, fused with ts_rank, and the full-text side alone. */
	private record Exhaustive(int query, List<String> fused, List<String> fusedTsRank, List<String> lexical) {
	}

	/**
	 * The exhaustive fused lists of the first queries: the store's own full-text ranking over every row sharing a word
	 * with the query (not only those holding its rarest words) and exact cosine, fused as the store fuses; and the same
	 * with the {@code ts_rank} ranking of every query word the store used before.
	 */
	private List<Exhaustive> exhaustive(PgVectorKnowledgeStore postgres, String tenant, String collection,
			List<String> texts, float[][] vectors, List<Integer> queryIds, List<Integer> documentIds) throws Exception {
		List<Integer> queries = queryIds.subList(0, Math.min(FUSED_QUERIES, queryIds.size()));
		List<List<String>> exactVector = exactTop(vectors, queries, documentIds, FUSED_DEPTH);
		List<Exhaustive> lists = new ArrayList<>();
		try (java.sql.Connection connection = this.stores.dataSource().getConnection();
				java.sql.PreparedStatement statement = connection.prepareStatement("SELECT document_id, ts_rank(search_text, q, 1)"
						+ " AS score FROM tessera_knowledge_chunk, (SELECT replace(plainto_tsquery('english', ?)::text,"
						+ " '&', '|')::tsquery AS q) query WHERE collection = ? AND search_text @@ q ORDER BY score DESC,"
						+ " document_id LIMIT " + FUSED_DEPTH)) {
			for (int i = 0; i < queries.size(); i++) {
				int q = queries.get(i);
				statement.setString(1, texts.get(q));
				statement.setString(2, collection);
				List<SearchHit> tsRank = new ArrayList<>();
				try (java.sql.ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						tsRank.add(hit(tenant, collection, rs.getString(1), rs.getDouble(2)));
					}
				}
				List<SearchHit> vector = new ArrayList<>();
				for (String id : exactVector.get(i)) {
					vector.add(hit(tenant, collection, id, 0));
				}
				List<SearchHit> everyMatch = postgres.rankEveryMatch(new SearchRequest(tenant, collection, texts.get(q),
						null, FUSED_DEPTH, SearchMode.LEXICAL, Map.of()), FUSED_DEPTH);
				lists.add(new Exhaustive(q, fusedIds(everyMatch, vector), fusedIds(tsRank, vector),
						everyMatch.stream().map(h -> h.chunk().documentId()).toList()));
			}
		}
		return lists;
	}

	/** The store's hybrid top 10 and full-text top 50 against the exhaustive lists. */
	private static Map<String, Object> recall(KnowledgeStore knowledge, String tenant, String collection,
			List<String> texts, float[][] vectors, List<Exhaustive> exhaustive) {
		long found = 0;
		long foundTsRank = 0;
		long expected = 0;
		long lexicalFound = 0;
		long lexicalExpected = 0;
		for (Exhaustive truth : exhaustive) {
			int q = truth.query();
			List<String> got = knowledge
				.search(new SearchRequest(tenant, collection, texts.get(q), vectors[q], 10, SearchMode.HYBRID, Map.of()))
				.stream()
				.map(h -> h.chunk().documentId())
				.toList();
			found += got.stream().filter(truth.fused()::contains).count();
			foundTsRank += got.stream().filter(truth.fusedTsRank()::contains).count();
			expected += truth.fused().size();
			lexicalFound += knowledge
				.search(new SearchRequest(tenant, collection, texts.get(q), null, FUSED_DEPTH, SearchMode.LEXICAL, Map.of()))
				.stream()
				.filter(h -> truth.lexical().contains(h.chunk().documentId()))
				.count();
			lexicalExpected += truth.lexical().size();
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("queries", exhaustive.size());
		result.put("candidatesPerSide", FUSED_DEPTH);
		result.put("recallAt10", round(found / (double) Math.max(1, expected)));
		result.put("recallAt10AgainstTsRank", round(foundTsRank / (double) Math.max(1, expected)));
		result.put("lexicalRecallAt50", round(lexicalFound / (double) Math.max(1, lexicalExpected)));
		return result;
	}

	private static List<String> fusedIds(List<SearchHit> lexical, List<SearchHit> vector) {
		return dev.tessera.retrieval.ReciprocalRankFusion
			.fuse(List.of(lexical, vector), dev.tessera.retrieval.ReciprocalRankFusion.DEFAULT_K, 10)
			.stream()
			.map(h -> h.chunk().documentId())
			.toList();
	}

	private static SearchHit hit(String tenant, String collection, String documentId, double score) {
		return new SearchHit(new KnowledgeChunk(tenant, collection, documentId, documentId, "", documentId, 0, 0, Map.of(), null),
				score, "exhaustive");
	}

	/**
	 * Raw pgvector through plain JDBC on the same table at one search width: the ceiling the store's vector search is
	 * compared with in the same run.
	 */
	private Map<String, Object> rawPgvector(String tenant, String collection, float[][] vectors, List<Integer> queryIds,
			List<Map<String, Object>> widthRows) throws Exception {
		int width = 40;
		ThreadLocal<java.sql.Connection> connections = new ThreadLocal<>();
		List<java.sql.Connection> opened = java.util.Collections.synchronizedList(new ArrayList<>());
		try {
			Measured m = measure(i -> {
				java.sql.Connection connection = connections.get();
				if (connection == null) {
					connection = this.stores.dataSource().getConnection();
					try (java.sql.Statement settings = connection.createStatement()) {
						settings.execute("SET hnsw.ef_search = " + width);
					}
					connections.set(connection);
					opened.add(connection);
				}
				float[] v = vectors[queryIds.get(i % queryIds.size())];
				org.postgresql.util.PGobject vector = new org.postgresql.util.PGobject();
				vector.setType("vector");
				vector.setValue(java.util.Arrays.toString(v).replace(" ", ""));
				try (java.sql.PreparedStatement statement = connection.prepareStatement(
						"SELECT document_id FROM tessera_knowledge_chunk ORDER BY embedding <=> ? LIMIT 10")) {
					statement.setObject(1, vector);
					try (java.sql.ResultSet rs = statement.executeQuery()) {
						while (rs.next()) {
							rs.getString(1);
						}
					}
				}
			});
			double store = widthRows.stream()
				.filter(row -> ((Integer) row.get("width")) == width)
				.mapToDouble(row -> (Double) row.get("queriesPerSecond"))
				.findFirst()
				.orElse(Double.NaN);
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("efSearch", width);
			result.put("queriesPerSecond", round(m.qps()));
			result.put("storeQueriesPerSecond", store);
			result.put("storeShare", round(store / m.qps()));
			return result;
		}
		finally {
			for (java.sql.Connection connection : opened) {
				connection.close();
			}
		}
	}

	private interface Work {

		void run(int iteration) throws Exception;

	}

	private record Measured(double qps, double p50, double p99) {
	}

	/** Runs the work from N clients for the configured seconds (after one warm-up second). */
	private Measured measure(Work work) throws Exception {
		Recorder latencies = new Recorder(3);
		AtomicLong counter = new AtomicLong();
		long warmupEnds = System.nanoTime() + 1_000_000_000L;
		long ends = warmupEnds + this.seconds * 1_000_000_000L;
		try (ExecutorService pool = Executors.newFixedThreadPool(this.clients)) {
			List<Future<?>> futures = new ArrayList<>();
			for (int c = 0; c < this.clients; c++) {
				futures.add(pool.submit(() -> {
					while (System.nanoTime() < ends) {
						int i = (int) counter.getAndIncrement();
						long started = System.nanoTime();
						work.run(i);
						if (started >= warmupEnds) {
							latencies.recordValue((System.nanoTime() - started) / 1_000);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		var histogram = latencies.getIntervalHistogram();
		return new Measured(histogram.getTotalCount() / (double) this.seconds, histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0);
	}

	private static List<List<String>> exactTop10(float[][] vectors, List<Integer> queryIds, List<Integer> documentIds)
			throws Exception {
		return exactTop(vectors, queryIds, documentIds, 10);
	}

	/** The ids of each query's {@code n} nearest indexed vectors by exact cosine, nearest first. */
	private static List<List<String>> exactTop(float[][] vectors, List<Integer> queryIds, List<Integer> documentIds,
			int n) throws Exception {
		List<List<String>> result = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors())) {
			List<Future<List<String>>> futures = new ArrayList<>();
			for (int q : queryIds) {
				futures.add(pool.submit(() -> {
					float[] query = vectors[q];
					int[] best = new int[n];
					float[] scores = new float[n];
					java.util.Arrays.fill(scores, Float.NEGATIVE_INFINITY);
					for (int id : documentIds) {
						float[] v = vectors[id];
						float dot = 0;
						for (int d = 0; d < v.length; d++) {
							dot += v[d] * query[d];
						}
						if (dot > scores[n - 1]) {
							int at = n - 1;
							while (at > 0 && scores[at - 1] < dot) {
								scores[at] = scores[at - 1];
								best[at] = best[at - 1];
								at--;
							}
							scores[at] = dot;
							best[at] = id;
						}
					}
					List<String> ids = new ArrayList<>();
					for (int b : best) {
						ids.add("doc-" + b);
					}
					return ids;
				}));
			}
			for (Future<List<String>> future : futures) {
				result.add(future.get());
			}
		}
		return result;
	}

	/** Distinct windows of WINDOW_WORDS words (stride 4) over the contract clauses, then the FAQ answers. */
	private List<String> windows(int wanted) throws IOException {
		LinkedHashSet<String> windows = new LinkedHashSet<>();
		List<String> sources = new ArrayList<>();
		for (Map<String, String> row : CsvColumn.rows(this.contracts, 0)) {
			row.forEach((column, value) -> {
				if (!column.endsWith("-Answer") && !"Filename".equals(column) && value != null && value.length() > 40) {
					sources.add(value);
				}
			});
		}
		sources.addAll(CsvColumn.read(this.faq, "answer", 0));
		for (String source : sources) {
			String[] words = source.replaceAll("[\\[\\]'\"]", " ").strip().split("\\s+");
			for (int start = 0; start + WINDOW_WORDS <= words.length; start += 4) {
				windows.add(String.join(" ", java.util.Arrays.copyOfRange(words, start, start + WINDOW_WORDS)));
				if (windows.size() >= wanted) {
					return new ArrayList<>(windows);
				}
			}
		}
		return new ArrayList<>(windows);
	}

	/** Embeddings of the texts, cached in bench/target (keyed by the texts) since they take minutes to compute. */
	private static float[][] embeddings(SentenceEncoder encoder, List<String> texts) throws IOException {
		Path cache = Path.of("bench", "target", "cache", "windows-" + encoder.name() + "-"
				+ Integer.toHexString(texts.hashCode()) + "-" + texts.size() + ".vectors");
		if (Files.exists(cache)) {
			try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache)))) {
				float[][] vectors = new float[in.readInt()][];
				for (int i = 0; i < vectors.length; i++) {
					vectors[i] = new float[in.readInt()];
					for (int d = 0; d < vectors[i].length; d++) {
						vectors[i][d] = in.readFloat();
					}
				}
				return vectors;
			}
		}
		System.out.println("Embedding " + texts.size() + " windows (cached for later runs) ...");
		long started = System.nanoTime();
		float[][] vectors = new float[texts.size()][];
		for (int from = 0; from < texts.size(); from += 4096) {
			List<float[]> part = encoder.embed(texts.subList(from, Math.min(texts.size(), from + 4096)));
			for (int i = 0; i < part.size(); i++) {
				vectors[from + i] = part.get(i);
			}
		}
		System.out.printf(Locale.ROOT, "Embedded in %.0f s%n", (System.nanoTime() - started) / 1e9);
		Files.createDirectories(cache.getParent());
		try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache)))) {
			out.writeInt(vectors.length);
			for (float[] v : vectors) {
				out.writeInt(v.length);
				for (float x : v) {
					out.writeFloat(x);
				}
			}
		}
		return vectors;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
