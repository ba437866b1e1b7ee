package dev.tessera.retrieval.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.postgresql.util.PGobject;

import dev.tessera.retrieval.BulkLoad;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.ReciprocalRankFusion;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.StoredDocument;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The postgres knowledge store: chunks in a table partitioned by tenant and collection, each partition with its own
 * pgvector HNSW index (cosine distance) and a generated {@code tsvector} for full-text search; a
 * {@link #bulkLoad bulk load} builds a collection's indexes once and swaps its table in. Lexical search ranks by BM25
 * (inverse document frequencies from the planner's statistics, headings doubled, as in the embedded store) the chunks
 * holding the query's rarest words, found through the GIN index; vector search orders by cosine distance with
 * {@code hnsw.ef_search} as the search width; hybrid fuses both by reciprocal rank. Its schema is migrated by Flyway
 * with its own history table.
 */
public final class PgVectorKnowledgeStore implements KnowledgeStore {

	public static final String HISTORY_TABLE = "tessera_knowledge_schema_history";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COLUMNS = "tenant_id, collection, document_id, document_title, section, content,"
			+ " start_offset, end_offset, metadata::text, id";

	private final DataSource dataSource;

	private final int efSearch;

	/** The tables of the collections written to so far, by tenant and collection. */
	private final Map<String, String> partitions = new java.util.concurrent.ConcurrentHashMap<>();

	/** {@code maintenance_work_mem} for a bulk load's index build: the HNSW graph is built fast while it fits. */
	private static final String BULK_MAINTENANCE_WORK_MEM = "1GB";

	/** Parallel workers of a bulk load's index build (see {@link #bulkBuildWorkers(int)}). */
	private int bulkBuildWorkers = defaultBulkBuildWorkers();

	/** How often each lexeme occurs in each collection, from the planner's statistics; read again at most once a minute. */
	private final LexemeFrequencies.Cache frequencies;

	/** The default of {@link #textCandidates(int)}. */
	public static final int DEFAULT_TEXT_CANDIDATES = 500;

	/** The chunks a lexical search expects to score at most (see {@link #textCandidates(int)}). */
	private volatile int textCandidates = DEFAULT_TEXT_CANDIDATES;

	/** With only common lexemes in a query, candidates hold all of its (up to) three rarest. */
	static final int COMMON_TERMS_ANDED = 3;

	/**
	 * @param efSearch HNSW search width (pgvector's {@code hnsw.ef_search}); more is slower and more exact
	 */
	public PgVectorKnowledgeStore(DataSource dataSource, int efSearch) {
		this.dataSource = dataSource;
		this.efSearch = efSearch;
		this.frequencies = new LexemeFrequencies.Cache(() -> LexemeFrequencies.read(dataSource),
				java.time.Duration.ofMinutes(1));
	}

	/**
	 * Sets the parallel workers PostgreSQL may start for a bulk load's HNSW build, besides the load's own session,
	 * which builds too: so one fewer than the database server's cores is the most that helps (on 2 cores, 1 worker
	 * built the graph about 20 % faster than 2).
	 */
	public PgVectorKnowledgeStore bulkBuildWorkers(int workers) {
		if (workers < 0) {
			throw new IllegalArgumentException("bulk build workers must be 0 or more, not " + workers);
		}
		this.bulkBuildWorkers = workers;
		return this;
	}

	/**
	 * Sets how many chunks a full-text search expects to score at most: its candidates hold the query's rarest words
	 * until their chunks would number more (ANALYZE's statistics say how many). More finds more of the chunks that
	 * share several commoner words with the query, at about 2 microseconds a chunk; the full-text side of
	 * {@code retrieval-load} measures the trade. The default was set from that cost alone (about a millisecond a
	 * query), before measuring recall.
	 */
	public PgVectorKnowledgeStore textCandidates(int chunks) {
		if (chunks < 1) {
			throw new IllegalArgumentException("text candidates must be at least 1, not " + chunks);
		}
		this.textCandidates = chunks;
		return this;
	}

	/** One fewer than this machine's cores: right when PostgreSQL runs beside the server, a guess otherwise. */
	public static int defaultBulkBuildWorkers() {
		return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
	}

	/** Applies the store's migrations (idempotent). */
	public PgVectorKnowledgeStore migrate() {
		Flyway.configure()
			.dataSource(this.dataSource)
			.table(HISTORY_TABLE)
			.locations("classpath:db/tessera-knowledge/postgresql")
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		PgBulkLoad.dropAbandoned(this.dataSource);
		return this;
	}

	@Override
	public boolean supportsVectors() {
		return true;
	}

	@Override
	public void add(List<KnowledgeChunk> chunks) {
		write(null, chunks);
	}

	@Override
	public void replaceDocument(String tenant, String collection, String documentId, List<KnowledgeChunk> chunks) {
		write(new String[] { tenant, collection, documentId }, chunks);
	}

	@Override
	public java.util.Optional<String> documentHash(String tenant, String collection, String documentId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT metadata ->> ? FROM tessera_knowledge_chunk"
						+ " WHERE tenant_id = ? AND collection = ? AND document_id = ? LIMIT 1")) {
			statement.setString(1, CONTENT_HASH);
			statement.setString(2, tenant);
			statement.setString(3, collection);
			statement.setString(4, documentId);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? java.util.Optional.ofNullable(rs.getString(1)) : java.util.Optional.empty();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/** Inserts chunks, after deleting the document's old ones when {@code replaced} names it, in one transaction. */
	private void write(String[] replaced, List<KnowledgeChunk> chunks) {
		java.util.Set<String> partitions = new java.util.TreeSet<>();
		if (replaced != null) {
			partitions.add(partition(replaced[0], replaced[1]));
		}
		for (KnowledgeChunk chunk : chunks) {
			partitions.add(partition(chunk.tenant(), chunk.collection()));
		}
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				lockShared(connection, partitions);
				if (replaced != null) {
					try (PreparedStatement delete = connection.prepareStatement(
							"DELETE FROM tessera_knowledge_chunk WHERE tenant_id = ? AND collection = ? AND document_id = ?")) {
						delete.setString(1, replaced[0]);
						delete.setString(2, replaced[1]);
						delete.setString(3, replaced[2]);
						delete.executeUpdate();
					}
				}
				insert(connection, "tessera_knowledge_chunk", chunks);
				connection.commit();
			}
			catch (SQLException ex) {
				rollback(connection, ex);
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot add chunks: " + ex.getMessage(), ex);
		}
	}

	/** Inserts chunks into a table of this store's layout (the chunks' table, or a bulk load's). */
	static void insert(Connection connection, String table, List<KnowledgeChunk> chunks) throws SQLException {
		String sql = "INSERT INTO " + table + " (tenant_id, collection, document_id, document_title, section,"
				+ " content, start_offset, end_offset, metadata, embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::vector)";
		try (PreparedStatement insert = connection.prepareStatement(sql)) {
			for (KnowledgeChunk chunk : chunks) {
				insert.setString(1, chunk.tenant());
				insert.setString(2, chunk.collection());
				insert.setString(3, chunk.documentId());
				insert.setString(4, chunk.documentTitle());
				insert.setString(5, chunk.section());
				insert.setString(6, chunk.text());
				insert.setInt(7, chunk.start());
				insert.setInt(8, chunk.end());
				insert.setString(9, JSON.writeValueAsString(chunk.metadata()));
				insert.setString(10, chunk.embedding() == null ? null : vectorLiteral(chunk.embedding()));
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	/**
	 * Writes chunks into a table of this store's layout with {@code COPY} (several times faster than batched inserts:
	 * no statement per row), for bulk loads. Binary format, streamed: a text COPY printed 384 numbers a row and the
	 * server parsed them again, one side waiting for the other; here the floats go as they are and the server reads
	 * while the rest is still being written.
	 */
	static void copy(Connection connection, String table, List<KnowledgeChunk> chunks) throws SQLException {
		org.postgresql.copy.CopyIn copy = connection.unwrap(org.postgresql.PGConnection.class)
			.getCopyAPI()
			.copyIn("COPY " + table + " (tenant_id, collection, document_id, document_title, section, content,"
					+ " start_offset, end_offset, metadata, embedding) FROM STDIN (FORMAT binary)");
		try {
			java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(COPY_BUFFER);
			buffer.put(COPY_SIGNATURE).putInt(0).putInt(0); // no flags, no header extension
			for (KnowledgeChunk chunk : chunks) {
				byte[][] texts = { utf8(chunk.tenant()), utf8(chunk.collection()), utf8(chunk.documentId()),
						utf8(chunk.documentTitle()), utf8(chunk.section()), utf8(chunk.text()),
						JSON.writeValueAsBytes(chunk.metadata()) };
				float[] embedding = chunk.embedding();
				int size = 2 + 10 * 4 + 2 * 4 + 1 + (embedding == null ? 0 : 4 + 4 * embedding.length);
				for (byte[] text : texts) {
					size += text.length;
				}
				if (buffer.remaining() < size) {
					send(copy, buffer);
					if (buffer.capacity() < size) {
						buffer = java.nio.ByteBuffer.allocate(size);
					}
				}
				buffer.putShort((short) 10);
				for (int i = 0; i < 6; i++) {
					buffer.putInt(texts[i].length).put(texts[i]);
				}
				buffer.putInt(4).putInt(chunk.start()).putInt(4).putInt(chunk.end());
				buffer.putInt(texts[6].length + 1).put((byte) 1).put(texts[6]); // jsonb: a version byte, then text
				if (embedding == null) {
					buffer.putInt(-1);
				}
				else {
					// pgvector's binary form: dimensions, an unused short, the floats
					buffer.putInt(4 + 4 * embedding.length).putShort((short) embedding.length).putShort((short) 0);
					for (float value : embedding) {
						buffer.putFloat(value);
					}
				}
			}
			if (buffer.remaining() < 2) {
				send(copy, buffer);
			}
			buffer.putShort((short) -1);
			send(copy, buffer);
			copy.endCopy();
		}
		catch (SQLException | RuntimeException ex) {
			if (copy.isActive()) {
				copy.cancelCopy();
			}
			throw ex instanceof SQLException sql ? sql
					: new SQLException("COPY into " + table + " failed: " + ex.getMessage(), ex);
		}
	}

	private static final int COPY_BUFFER = 1 << 18;

	private static final byte[] COPY_SIGNATURE = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0 };

	private static byte[] utf8(String value) {
		return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	private static void send(org.postgresql.copy.CopyIn copy, java.nio.ByteBuffer buffer) throws SQLException {
		copy.writeToCopy(buffer.array(), 0, buffer.position());
		buffer.clear();
	}

	/**
	 * Waits while a bulk load of one of these collections runs (its swap would drop this write), then lets other
	 * writers through together: a shared advisory lock per collection, held to the end of the transaction.
	 */
	private static void lockShared(Connection connection, java.util.Set<String> partitions) throws SQLException {
		try (PreparedStatement lock = connection
			.prepareStatement("SELECT pg_advisory_xact_lock_shared(hashtext(current_schema() || '.' || ?))")) {
			for (String partition : partitions) {
				lock.setString(1, partition);
				lock.execute();
			}
		}
	}

	/** The table of a tenant's collection, made at its first write (the name is cached). */
	private String partition(String tenant, String collection) {
		String key = tenant + '\u0000' + collection;
		String known = this.partitions.get(key);
		if (known != null) {
			return known;
		}
		SQLException failure = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			try (Connection connection = this.dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement("SELECT tessera_knowledge_partition(?, ?)")) {
				statement.setString(1, tenant);
				statement.setString(2, collection);
				try (ResultSet rs = statement.executeQuery()) {
					rs.next();
					String name = rs.getString(1);
					this.partitions.put(key, name);
					return name;
				}
			}
			catch (SQLException ex) {
				// another server made the same table at the same moment: the next attempt finds it
				failure = ex;
			}
		}
		throw new IllegalStateException("cannot make the table of " + tenant + "/" + collection + ": "
				+ failure.getMessage(), failure);
	}

	@Override
	public BulkLoad bulkLoad(String tenant, String collection, boolean keepExisting) {
		return new PgBulkLoad(this.dataSource, tenant, collection, partition(tenant, collection), keepExisting,
				BULK_MAINTENANCE_WORK_MEM, this.bulkBuildWorkers, this.frequencies::invalidate);
	}

	@Override
	public List<SearchHit> search(SearchRequest request) {
		int candidates = Math.max(request.topK() * 5, 50);
		return switch (request.mode()) {
			case LEXICAL -> lexical(request, request.topK(), List.of());
			case VECTOR -> vector(request, request.topK(), null);
			case HYBRID -> hybrid(request, candidates);
		};
	}

	/**
	 * Both sides, fused by reciprocal rank. The full-text side also scores the vector side's candidates that share a
	 * word with the query: a chunk near the top of both lists is what fusion puts first, and its full-text rank is
	 * then known even when it lacks the query's rarest words (50 chunks more to score, found by key).
	 */
	private List<SearchHit> hybrid(SearchRequest request, int candidates) {
		List<Long> vectorIds = new ArrayList<>();
		List<SearchHit> vector = vector(request, candidates, vectorIds);
		List<SearchHit> lexical = lexical(request, candidates, vectorIds);
		return ReciprocalRankFusion.fuse(List.of(lexical, vector), ReciprocalRankFusion.DEFAULT_K, request.topK());
	}

	/** @param alsoScored chunks (by key) scored too when they share a word with the query */
	private List<SearchHit> lexical(SearchRequest request, int k, List<Long> alsoScored) {
		if (request.query().isBlank()) {
			return List.of();
		}
		List<String> lexemes = lexemes(request.query());
		if (lexemes.isEmpty()) {
			return List.of();
		}
		LexemeFrequencies frequencies = this.frequencies.current().of(request.tenant(), request.collection());
		int budget = this.textCandidates;
		List<String> candidates = frequencies.candidateWords(lexemes, budget);
		if (frequencies.share(candidates.getFirst()) * frequencies.rows() <= budget) {
			return ranked(request, k, or(candidates), lexemes, frequencies, alsoScored);
		}
		// only common words: the passages holding the rarest three of them, or the rarest one when those are too few
		// (never every match: on a large collection that scores most of it)
		List<SearchHit> hits = ranked(request, k, and(frequencies.rarest(lexemes, COMMON_TERMS_ANDED)), lexemes,
				frequencies, alsoScored);
		// (the vector side's chunks among the hits do not count: they are scored whatever the candidates)
		return hits.size() >= k + alsoScored.size() || lexemes.size() == 1 ? hits
				: ranked(request, k, or(frequencies.rarest(lexemes, 1)), lexemes, frequencies, alsoScored);
	}

	/**
	 * The lexical ranking over every chunk sharing a word with the query, not only those holding its rarest words:
	 * what a selective search is measured against (slow on a large collection: it scores every match).
	 */
	public List<SearchHit> rankEveryMatch(SearchRequest request, int k) {
		List<String> lexemes = request.query().isBlank() ? List.of() : lexemes(request.query());
		return lexemes.isEmpty() ? List.of()
				: ranked(request, k, or(lexemes), lexemes,
						this.frequencies.current().of(request.tenant(), request.collection()), List.of());
	}

	/** BM25's term-frequency saturation and length normalization, Lucene's defaults. */
	private static final double BM25_K1 = 1.2;

	private static final double BM25_B = 0.75;

	/** Words ranked per query at most, the rarest first: the commonest words of a long text add little but cost. */
	private static final int MAX_RANKED_WORDS = 32;

	/**
	 * The passages matching the candidate query (through the GIN index), ranked by BM25 over every query word: each
	 * word a chunk holds adds its inverse document frequency (doubled in the heading, as in the embedded store), and
	 * the sum is normalized by the chunk's length. A term counts once per chunk (the tsvector's positions are not
	 * read: counting them means unnesting each candidate's vector, several times the cost of the whole ranking).
	 * {@code ts_rank}, ranked before, has no inverse document frequency: a chunk sharing three common words with a
	 * query outranked one sharing its one rare word, and the top of that ranking could only be found by scoring every
	 * chunk sharing a common word.
	 */
	private List<SearchHit> ranked(SearchRequest request, int k, String candidates, List<String> lexemes,
			LexemeFrequencies frequencies, List<Long> alsoScored) {
		List<String> words = lexemes.stream()
			.sorted(java.util.Comparator.comparingDouble(frequencies::share))
			.limit(MAX_RANKED_WORDS)
			.toList();
		StringBuilder sum = new StringBuilder();
		for (int i = 0; i < words.size(); i++) {
			sum.append(i == 0 ? "" : " + ")
				.append("CASE WHEN search_text @@ ? THEN ?::float8 * CASE WHEN search_text @@ ? THEN 2 ELSE 1 END ELSE 0 END");
		}
		double averageLength = frequencies.averageLength() > 0 ? frequencies.averageLength() : 1;
		String sql = "SELECT " + COLUMNS + ", (" + sum + ") * " + (BM25_K1 + 1) + " / (1 + " + BM25_K1 + " * (1 - "
				+ BM25_B + " + " + BM25_B + " * length(search_text) / ?::float8)) AS score FROM tessera_knowledge_chunk"
				+ " WHERE collection = ? AND tenant_id IN (?, ?) AND metadata @> ?::jsonb AND (search_text @@ ?::tsquery"
				// the function behind @@, so that the planner finds these few rows by key and does not also walk the
				// full-text index for every chunk sharing a word with the query (a generic plan did: 7 of 9 ms)
				+ (alsoScored.isEmpty() ? "" : " OR id = ANY (?) AND ts_match_vq(search_text, ?::tsquery)") + ")"
				// ties in the order the chunks were written: the same query gives the same list
				+ " ORDER BY score DESC, id LIMIT ?";
		return query(sql, 0, statement -> {
			int p = 1;
			for (String word : words) {
				statement.setObject(p++, tsquery(literal(word)));
				statement.setDouble(p++, frequencies.idf(word));
				statement.setObject(p++, tsquery(literal(word) + ":A"));
			}
			statement.setDouble(p++, averageLength);
			bindScope(statement, p, request);
			p += 4;
			statement.setString(p++, candidates);
			if (!alsoScored.isEmpty()) {
				statement.setArray(p++, statement.getConnection().createArrayOf("bigint", alsoScored.toArray()));
				statement.setString(p++, or(words));
			}
			statement.setInt(p, k);
		}, "text-search", null);
	}

	private static PGobject tsquery(String value) throws SQLException {
		PGobject query = new PGobject();
		query.setType("tsquery");
		query.setValue(value);
		return query;
	}

	/** The query's distinct lexemes as the {@code english} configuration makes them (stop words dropped). */
	private List<String> lexemes(String query) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT lexeme FROM unnest(to_tsvector('english', ?))")) {
			statement.setString(1, query);
			List<String> lexemes = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					lexemes.add(rs.getString(1));
				}
			}
			return lexemes;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("text-search failed: " + ex.getMessage(), ex);
		}
	}

	private static String or(List<String> lexemes) {
		return lexemes.stream().map(PgVectorKnowledgeStore::literal).collect(java.util.stream.Collectors.joining(" | "));
	}

	private static String and(List<String> lexemes) {
		return lexemes.stream().map(PgVectorKnowledgeStore::literal).collect(java.util.stream.Collectors.joining(" & "));
	}

	/** A lexeme as a quoted tsquery operand, taken as it is (not parsed or stemmed again). */
	private static String literal(String lexeme) {
		return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
	}

	/** @param ids when not null, receives the key of each chunk found, in order */
	private List<SearchHit> vector(SearchRequest request, int k, List<Long> ids) {
		// a parameter typed as vector is parsed once; "?::vector" on a text parameter is parsed again for every row the
		// score is computed on (the generic plan cannot fold the cast), which cost a third of the query
		PGobject vector = vectorParameter(request.queryVector());
		String sql = "SELECT " + COLUMNS + ", 1 - (embedding <=> ?) AS score FROM tessera_knowledge_chunk"
				+ " WHERE collection = ? AND tenant_id IN (?, ?) AND metadata @> ?::jsonb AND embedding IS NOT NULL"
				// LIMIT inlined: with a parameter, the generic plan the driver switches to after five executions cannot
				// see how few rows are wanted and sorts every match instead of walking the HNSW index
				+ " ORDER BY embedding <=> ? LIMIT " + k;
		// at least as wide as the rows wanted (pgvector's guidance for ef_search): a hybrid search's 50 candidates
		// otherwise come from a 40-wide pass continued by the iterative scan
		int width = Math.max(request.searchWidth() > 0 ? request.searchWidth() : this.efSearch, k);
		return query(sql, width, statement -> {
			statement.setObject(1, vector);
			bindScope(statement, 2, request);
			statement.setObject(6, vector);
		}, "vector", ids);
	}

	private static void bindScope(PreparedStatement statement, int from, SearchRequest request) throws SQLException {
		statement.setString(from, request.collection());
		statement.setString(from + 1, request.tenant());
		statement.setString(from + 2, KnowledgeChunk.SHARED_TENANT);
		statement.setString(from + 3, JSON.writeValueAsString(request.filters()));
	}

	private interface Binder {

		void bind(PreparedStatement statement) throws SQLException;

	}

	/** @param efSearch the HNSW search width for a vector search, 0 for a text search */
	private List<SearchHit> query(String sql, int efSearch, Binder binder, String method, List<Long> ids) {
		try (Connection connection = this.dataSource.getConnection()) {
			// a vector search's settings hold for its transaction only; a text search needs none (and saves the COMMIT)
			boolean transaction = efSearch > 0;
			connection.setAutoCommit(!transaction);
			try {
				if (transaction) {
					try (Statement settings = connection.createStatement()) {
						// one round trip for all settings (the simple protocol runs several statements at once):
						// - the search width;
						// - keep scanning the index when filters remove candidates, so LIMIT is still met;
						// - with the tenant/collection filter the planner prefers the btree index and sorts every
						//   match by distance (exact, ~1 s at 100k); the HNSW index is what we want;
						// - the disabled plans' huge costs would trigger JIT compilation, which costs more than the query;
						// - the prepared statement's generic plan: over the partitioned table PostgreSQL otherwise plans
						//   every query again (pruning at plan time), 0.2–0.3 ms of a 0.3 ms query; the generic plan
						//   prunes at run time and walks the same HNSW index
						settings.execute("SET LOCAL hnsw.ef_search = " + efSearch + "; SET LOCAL hnsw.iterative_scan = strict_order;"
								+ " SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL jit = off;"
								+ " SET LOCAL plan_cache_mode = force_generic_plan");
					}
				}
				List<SearchHit> hits = new ArrayList<>();
				try (PreparedStatement statement = connection.prepareStatement(sql)) {
					binder.bind(statement);
					try (ResultSet rs = statement.executeQuery()) {
						while (rs.next()) {
							hits.add(new SearchHit(chunkOf(rs), rs.getDouble("score"), method));
							if (ids != null) {
								ids.add(rs.getLong("id"));
							}
						}
					}
				}
				if (transaction) {
					connection.commit();
				}
				return hits;
			}
			catch (SQLException ex) {
				if (transaction) {
					rollback(connection, ex);
				}
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("knowledge search failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Rolls back after a failure; when the connection itself is gone the rollback fails too, and the failure that
	 * says why (its SQL state: the database went away) must be the one that travels, not "Connection is closed".
	 */
	private static void rollback(Connection connection, SQLException failure) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	private static Map<String, String> metadata(String json) {
		return JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() {
		});
	}

	private static KnowledgeChunk chunkOf(ResultSet rs) throws SQLException {
		Map<String, String> metadata = metadata(rs.getString(9));
		return new KnowledgeChunk(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getInt(7), rs.getInt(8), metadata, null);
	}

	@Override
	public List<KnowledgeChunk> documentChunks(String tenant, String collection, String documentId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
						+ " FROM tessera_knowledge_chunk WHERE tenant_id = ? AND collection = ? AND document_id = ?"
						+ " ORDER BY start_offset, id")) {
			statement.setString(1, tenant);
			statement.setString(2, collection);
			statement.setString(3, documentId);
			List<KnowledgeChunk> chunks = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					chunks.add(chunkOf(rs));
				}
			}
			return chunks;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public List<StoredDocument> documents(String tenant, String collection) {
		// the first chunk of each document carries the facts; DISTINCT ON picks it without a second pass
		String sql = "SELECT d.document_id, d.document_title, d.metadata::text, c.chunks FROM"
				+ " (SELECT DISTINCT ON (document_id) document_id, document_title, metadata FROM tessera_knowledge_chunk"
				+ "  WHERE tenant_id = ? AND collection = ? ORDER BY document_id, start_offset, id) d"
				+ " JOIN (SELECT document_id, count(*) AS chunks FROM tessera_knowledge_chunk"
				+ "  WHERE tenant_id = ? AND collection = ? GROUP BY document_id) c USING (document_id)"
				+ " ORDER BY d.document_id";
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, tenant);
			statement.setString(2, collection);
			statement.setString(3, tenant);
			statement.setString(4, collection);
			List<StoredDocument> documents = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					documents.add(new StoredDocument(rs.getString(1), rs.getString(2), rs.getInt(4),
							metadata(rs.getString(3))));
				}
			}
			return documents;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	/**
	 * Refreshes the planner's statistics after a bulk load. Without them PostgreSQL still thinks the table is as small
	 * as when it was created and plans a sort over every matching row instead of an HNSW index walk.
	 */
	public void analyze() {
		try (Connection connection = this.dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("ANALYZE tessera_knowledge_chunk");
			this.frequencies.invalidate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public long count(String tenant, String collection) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(
						"SELECT count(*) FROM tessera_knowledge_chunk WHERE tenant_id = ? AND collection = ?")) {
			statement.setString(1, tenant);
			statement.setString(2, collection);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public int deleteDocument(String tenant, String collection, String documentId) {
		String partition = partition(tenant, collection);
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement statement = connection.prepareStatement(
					"DELETE FROM tessera_knowledge_chunk WHERE tenant_id = ? AND collection = ? AND document_id = ?")) {
				lockShared(connection, java.util.Set.of(partition));
				statement.setString(1, tenant);
				statement.setString(2, collection);
				statement.setString(3, documentId);
				int deleted = statement.executeUpdate();
				connection.commit();
				return deleted;
			}
			catch (SQLException ex) {
				rollback(connection, ex);
				throw ex;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	private static PGobject vectorParameter(float[] vector) {
		try {
			PGobject parameter = new PGobject();
			parameter.setType("vector");
			parameter.setValue(vectorLiteral(vector));
			return parameter;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	static String vectorLiteral(float[] vector) {
		StringBuilder text = new StringBuilder(vector.length * 10).append('[');
		for (int i = 0; i < vector.length; i++) {
			if (i > 0) {
				text.append(',');
			}
			text.append(vector[i]);
		}
		return text.append(']').toString();
	}

}
