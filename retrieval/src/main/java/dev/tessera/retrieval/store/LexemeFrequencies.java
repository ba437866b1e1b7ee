package dev.tessera.retrieval.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

/**
 * The share of chunks each common lexeme occurs in, as PostgreSQL's {@code ANALYZE} records it for the
 * {@code search_text} column ({@code pg_stats.most_common_elems}): a lexeme it does not list is rarer than every one
 * it lists. This is what makes the lexical search selective: candidates come from the rare words of a query, found
 * through the GIN index, instead of from every row sharing a common word with it.
 */
final class LexemeFrequencies {

	static final LexemeFrequencies NONE = new LexemeFrequencies(Map.of(), 0);

	private final Map<String, Double> shares;

	/** The least share listed: a lexeme not listed occurs in fewer chunks than this. */
	private final double floor;

	LexemeFrequencies(Map<String, Double> shares, double floor) {
		this.shares = Map.copyOf(shares);
		this.floor = floor;
	}

	/** The share of chunks holding the lexeme; for one not listed, a share below the least listed. */
	double share(String lexeme) {
		return this.shares.getOrDefault(lexeme, this.floor / 2);
	}

	/** The lexemes in at most {@code maxShare} of the chunks (all of them when there are no statistics yet). */
	List<String> selective(List<String> lexemes, double maxShare) {
		return lexemes.stream().filter(lexeme -> share(lexeme) <= maxShare).toList();
	}

	/** The {@code n} least common lexemes. */
	List<String> rarest(List<String> lexemes, int n) {
		return lexemes.stream().sorted(Comparator.comparingDouble(this::share)).limit(n).toList();
	}

	/**
	 * Reads the statistics of the chunk tables in the current schema: each collection's table (kept fresh by
	 * autovacuum), weighted by its rows; the partitioned table's own (made by an explicit {@code ANALYZE} only) when no
	 * collection has any yet; none before the first {@code ANALYZE}.
	 */
	static LexemeFrequencies read(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT s.tablename,"
						+ " s.most_common_elems::text::text[], s.most_common_elem_freqs, greatest(c.reltuples, 1)"
						+ " FROM pg_stats s JOIN pg_namespace n ON n.nspname = s.schemaname"
						+ " JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename"
						+ " WHERE s.schemaname = current_schema() AND s.attname = 'search_text'"
						+ " AND (s.tablename = 'tessera_knowledge_chunk' OR s.tablename LIKE 'tessera\\_kc\\_c%' AND s.tablename NOT LIKE '%\\_bulk')");
				ResultSet rs = statement.executeQuery()) {
			Map<String, Double> parent = null;
			double parentFloor = 1;
			Map<String, Double> weighted = new HashMap<>();
			double rows = 0;
			double floor = 1;
			while (rs.next()) {
				if (rs.getArray(2) == null || rs.getArray(3) == null) {
					continue;
				}
				String[] lexemes = (String[]) rs.getArray(2).getArray();
				Float[] shares = (Float[]) rs.getArray(3).getArray();
				double tableRows = rs.getDouble(4);
				Map<String, Double> table = new HashMap<>();
				double tableFloor = 1;
				// the frequencies array ends with three summary values after one frequency per element
				for (int i = 0; i < lexemes.length && i < shares.length; i++) {
					table.put(lexemes[i], shares[i].doubleValue());
					tableFloor = Math.min(tableFloor, shares[i]);
				}
				if ("tessera_knowledge_chunk".equals(rs.getString(1))) {
					parent = table;
					parentFloor = tableFloor;
					continue;
				}
				rows += tableRows;
				table.forEach((lexeme, share) -> weighted.merge(lexeme, share * tableRows, Double::sum));
				floor = Math.min(floor, tableFloor);
			}
			if (!weighted.isEmpty()) {
				double total = rows;
				Map<String, Double> shares = new HashMap<>();
				weighted.forEach((lexeme, sum) -> shares.put(lexeme, sum / total));
				return new LexemeFrequencies(shares, floor);
			}
			return parent == null || parent.isEmpty() ? NONE : new LexemeFrequencies(parent, parentFloor);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read the text-search statistics: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The statistics, read again when older than the given age (a single value with an expiry: written here rather
	 * than adding a caching library for it).
	 */
	static final class Cache {

		private final Supplier<LexemeFrequencies> reader;

		private final long maxAgeNanos;

		private volatile LexemeFrequencies value;

		private volatile long readAt;

		Cache(Supplier<LexemeFrequencies> reader, Duration maxAge) {
			this.reader = reader;
			this.maxAgeNanos = maxAge.toNanos();
		}

		LexemeFrequencies current() {
			LexemeFrequencies current = this.value;
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
