package dev.tessera.retrieval.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.tessera.retrieval.KnowledgeChunk;

/**
 * The share of chunks each common lexeme occurs in, as PostgreSQL's {@code ANALYZE} records it for the
 * {@code search_text} column ({@code pg_stats.most_common_elems}): a lexeme it does not list is rarer than every one
 * it lists. This is what makes the lexical search selective: candidates come from the rare words of a query, found
 * through the GIN index, instead of from every row sharing a common word with it.
 */
final class LexemeFrequencies {

	static final LexemeFrequencies NONE = new LexemeFrequencies(Map.of(), 0, 0, 0);

	private final Map<String, Double> shares;

	/** The least share listed: a lexeme not listed occurs in fewer chunks than this. */
	private final double floor;

	/** The chunks the shares are of, as the planner estimates them. */
	private final double rows;

	/** The mean number of distinct lexemes in a chunk (BM25's average document length); 0 when unknown. */
	private final double averageLength;

	LexemeFrequencies(Map<String, Double> shares, double floor) {
		this(shares, floor, 0, 0);
	}

	LexemeFrequencies(Map<String, Double> shares, double floor, double rows, double averageLength) {
		this.shares = Map.copyOf(shares);
		this.floor = floor;
		this.rows = rows;
		this.averageLength = averageLength;
	}

	double rows() {
		return this.rows;
	}

	double averageLength() {
		return this.averageLength;
	}

	/**
	 * BM25's inverse document frequency of the lexeme (Lucene's form, never negative): a word in few chunks says more
	 * about a chunk holding it than one in most. Every lexeme weighs alike before the first statistics.
	 */
	double idf(String lexeme) {
		double documents = share(lexeme) * this.rows;
		return Math.log(1 + (this.rows - documents + 0.5) / (documents + 0.5));
	}

	/**
	 * The rarest lexemes whose chunks together are expected to number at most {@code maxRows} (at least the rarest
	 * one): the words that choose which chunks are scored. A chunk holding none of them holds only commoner words,
	 * which weigh less; bounding the rows bounds the query's cost however many words it has.
	 */
	List<String> candidateWords(List<String> lexemes, double maxRows) {
		List<String> byRarity = lexemes.stream().sorted(Comparator.comparingDouble(this::share)).toList();
		List<String> chosen = new java.util.ArrayList<>();
		double expectedRows = 0;
		for (String lexeme : byRarity) {
			expectedRows += share(lexeme) * this.rows;
			if (!chosen.isEmpty() && expectedRows > maxRows) {
				break;
			}
			chosen.add(lexeme);
		}
		return chosen;
	}

	/** The share of chunks holding the lexeme; for one not listed, a share below the least listed. */
	double share(String lexeme) {
		return this.shares.getOrDefault(lexeme, this.floor / 2);
	}

	/** The {@code n} least common lexemes. */
	List<String> rarest(List<String> lexemes, int n) {
		return lexemes.stream().sorted(Comparator.comparingDouble(this::share)).limit(n).toList();
	}

	/** Merges tables' frequencies, each weighted by its rows; none when there are none. */
	static LexemeFrequencies merge(List<LexemeFrequencies> tables) {
		if (tables.isEmpty()) {
			return NONE;
		}
		if (tables.size() == 1) {
			return tables.getFirst();
		}
		Map<String, Double> weighted = new HashMap<>();
		double rows = 0;
		double floor = 1;
		double lengths = 0;
		for (LexemeFrequencies table : tables) {
			rows += table.rows;
			table.shares.forEach((lexeme, share) -> weighted.merge(lexeme, share * table.rows, Double::sum));
			floor = Math.min(floor, table.floor);
			lengths += table.averageLength * table.rows;
		}
		double total = Math.max(rows, 1);
		Map<String, Double> shares = new HashMap<>();
		weighted.forEach((lexeme, sum) -> shares.put(lexeme, sum / total));
		return new LexemeFrequencies(shares, floor, rows, lengths / total);
	}

	/**
	 * Reads the statistics of the chunk tables in the current schema: each collection's table (kept fresh by
	 * autovacuum) on its own, and the partitioned table's (made by an explicit {@code ANALYZE} only); none before the
	 * first {@code ANALYZE}.
	 */
	static ByCollection read(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT s.tablename,"
						+ " s.most_common_elems::text::text[], s.most_common_elem_freqs, greatest(c.reltuples, 1)"
						+ " FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname"
						+ " JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename"
						+ " WHERE s.schemaname = current_schema() AND s.attname = 'search_text'"
						+ " AND (s.tablename = 'tessera_knowledge_chunk' OR s.tablename LIKE 'tessera\\_kc\\_c%' AND s.tablename NOT LIKE '%\\_bulk')");
				ResultSet rs = statement.executeQuery()) {
			Map<String, LexemeFrequencies> tables = new HashMap<>();
			while (rs.next()) {
				if (rs.getArray(2) == null || rs.getArray(3) == null) {
					continue;
				}
				String[] lexemes = (String[]) rs.getArray(2).getArray();
				Float[] shares = (Float[]) rs.getArray(3).getArray();
				Map<String, Double> table = new HashMap<>();
				double tableFloor = 1;
				// the frequencies array ends with three summary values after one frequency per element
				for (int i = 0; i < lexemes.length && i < shares.length; i++) {
					table.put(lexemes[i], shares[i].doubleValue());
					tableFloor = Math.min(tableFloor, shares[i]);
				}
				String name = rs.getString(1);
				tables.put(name, new LexemeFrequencies(table, tableFloor, rs.getDouble(4), averageLength(connection, name)));
			}
			return new ByCollection(tables);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read the text-search statistics: " + ex.getMessage(), ex);
		}
	}

	/** The mean distinct lexemes of a sample of a table's chunks (its first thousand: enough for a length normalization). */
	private static double averageLength(Connection connection, String table) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT coalesce(avg(length(search_text)), 0) FROM (SELECT"
						+ " search_text FROM " + connection.unwrap(org.postgresql.PGConnection.class).escapeIdentifier(table)
						+ " LIMIT 1000) sample")) {
			return rs.next() ? rs.getDouble(1) : 0;
		}
	}

	/**
	 * The frequencies of each collection's table. A search reads its tenant's table of the collection and the shared
	 * tenant's, merged: a word's weight is what it says in the collection searched ("agreement" is common among
	 * contracts and rare in a shop's answers). A collection without statistics yet takes those of all collections
	 * together, which a bulk load or autovacuum's ANALYZE soon replaces.
	 */
	static final class ByCollection {

		static final ByCollection NONE = new ByCollection(Map.of());

		private final Map<String, LexemeFrequencies> tables;

		private final LexemeFrequencies all;

		private final Map<List<String>, LexemeFrequencies> scopes = new java.util.concurrent.ConcurrentHashMap<>();

		ByCollection(Map<String, LexemeFrequencies> tables) {
			this.tables = Map.copyOf(tables);
			List<LexemeFrequencies> collections = tables.entrySet()
				.stream()
				.filter(table -> !PARENT.equals(table.getKey()))
				.map(Map.Entry::getValue)
				.toList();
			this.all = collections.isEmpty() ? tables.getOrDefault(PARENT, LexemeFrequencies.NONE) : merge(collections);
		}

		/** The frequencies a search of the tenant's collection (and the shared tenant's) weighs words by. */
		LexemeFrequencies of(String tenant, String collection) {
			return this.scopes.computeIfAbsent(List.of(tenant, collection), key -> {
				List<LexemeFrequencies> found = java.util.stream.Stream
					.of(tableName(tenant, collection), tableName(KnowledgeChunk.SHARED_TENANT, collection))
					.distinct()
					.map(this.tables::get)
					.filter(java.util.Objects::nonNull)
					.toList();
				return found.isEmpty() ? this.all : merge(found);
			});
		}

		/** The frequencies of all collections together. */
		LexemeFrequencies all() {
			return this.all;
		}

		/** The table of a tenant's collection, named as {@code tessera_knowledge_partition()} names it. */
		static String tableName(String tenant, String collection) {
			try {
				byte[] digest = java.security.MessageDigest.getInstance("MD5")
					.digest((tenant + "/" + collection).getBytes(java.nio.charset.StandardCharsets.UTF_8));
				return "tessera_kc_c" + java.util.HexFormat.of().formatHex(digest).substring(0, 16);
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException("MD5 is missing from this Java runtime", ex);
			}
		}

	}

	private static final String PARENT = "tessera_knowledge_chunk";

	/**
	 * The statistics, read again when older than the given age (a single value with an expiry: written here rather
	 * than adding a caching library for it).
	 */
	static final class Cache {

		private final Supplier<ByCollection> reader;

		private final long maxAgeNanos;

		private volatile ByCollection value;

		private volatile long readAt;

		Cache(Supplier<ByCollection> reader, Duration maxAge) {
			this.reader = reader;
			this.maxAgeNanos = maxAge.toNanos();
		}

		ByCollection current() {
			ByCollection current = this.value;
			if (current == null || System.nanoTime() - this.readAt > this.maxAgeNanos) {
				synchronized (this) {
					if (this.value == current) {
						this.value = this.reader.get();
						this.readAt = System.nanoTime();
					}
					current = this.value;
				}
			}
			return current;
		}

		void invalidate() {
			this.value = null;
		}

	}

}
