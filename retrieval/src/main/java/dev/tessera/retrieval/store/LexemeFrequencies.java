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

	/** Reads the statistics of the chunk table in the current schema; none before the first {@code ANALYZE}. */
	static LexemeFrequencies read(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT most_common_elems::text::text[],"
						+ " most_common_elem_freqs FROM pg_stats WHERE schemaname = current_schema()"
						+ " AND tablename = 'tessera_knowledge_chunk' AND attname = 'search_text'");
				ResultSet rs = statement.executeQuery()) {
			if (!rs.next() || rs.getArray(1) == null || rs.getArray(2) == null) {
				return NONE;
			}
			Array elements = rs.getArray(1);
			Array frequencies = rs.getArray(2);
			String[] lexemes = (String[]) elements.getArray();
			Float[] shares = (Float[]) frequencies.getArray();
			Map<String, Double> byLexeme = new HashMap<>();
			double floor = 1;
			// the frequencies array ends with three summary values after one frequency per element
			for (int i = 0; i < lexemes.length && i < shares.length; i++) {
				byLexeme.put(lexemes[i], shares[i].doubleValue());
				floor = Math.min(floor, shares[i]);
			}
			return byLexeme.isEmpty() ? NONE : new LexemeFrequencies(byLexeme, floor);
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
