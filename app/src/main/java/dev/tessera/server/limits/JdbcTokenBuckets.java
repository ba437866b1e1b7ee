package dev.tessera.server.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Token buckets in the {@code tessera_token_bucket} table, shared by every server on the database, so that a sign-in
 * throttle or an API key's rate holds however a load balancer spreads the requests. Each use locks the key's row for
 * one short transaction. Written here because Bucket4j's PostgreSQL backend is not among the artifacts this build
 * can use; the refill is Bucket4j's greedy one (tokens come back evenly).
 */
public final class JdbcTokenBuckets implements TokenBuckets {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public JdbcTokenBuckets(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	private record State(double tokens, OffsetDateTime refilledAt) {
	}

	@Override
	public Probe tryConsume(String name, long capacity, Duration refill) {
		String key = storable(name);
		for (int attempt = 0;; attempt++) {
			try {
				return this.transactions.execute(status -> consume(key, capacity, refill));
			}
			catch (DuplicateKeyException ex) {
				// another server created the row between our read and our insert: read it again
				if (attempt > 3) {
					throw ex;
				}
			}
		}
	}

	private Probe consume(String key, long capacity, Duration refill) {
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		Optional<State> stored = this.jdbc
			.sql("SELECT tokens, refilled_at FROM tessera_token_bucket WHERE bucket_key = ? FOR UPDATE")
			.param(key)
			.query((rs, row) -> new State(rs.getDouble(1), rs.getObject(2, OffsetDateTime.class)))
			.optional();
		double tokens = stored.map(state -> refilled(state, capacity, refill, now)).orElse((double) capacity);
		boolean consumed = tokens >= 1;
		double left = consumed ? tokens - 1 : tokens;
		if (stored.isPresent()) {
			this.jdbc.sql("UPDATE tessera_token_bucket SET tokens = ?, refilled_at = ? WHERE bucket_key = ?")
				.params(left, now, key)
				.update();
		}
		else {
			this.jdbc.sql("INSERT INTO tessera_token_bucket (bucket_key, tokens, refilled_at) VALUES (?, ?, ?)")
				.params(key, left, now)
				.update();
		}
		long wait = consumed ? 0 : (long) Math.ceil((1 - left) * refill.toNanos() / capacity);
		return new Probe(consumed, wait);
	}

	@Override
	public boolean hasToken(String name, long capacity, Duration refill) {
		String key = storable(name);
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		return this.jdbc.sql("SELECT tokens, refilled_at FROM tessera_token_bucket WHERE bucket_key = ?")
			.param(key)
			.query((rs, row) -> new State(rs.getDouble(1), rs.getObject(2, OffsetDateTime.class)))
			.optional()
			.map(state -> refilled(state, capacity, refill, now) >= 1)
			.orElse(true);
	}

	private static double refilled(State state, long capacity, Duration refill, OffsetDateTime now) {
		double elapsed = Math.max(0, Duration.between(state.refilledAt(), now).toNanos());
		return Math.min(capacity, state.tokens() + elapsed * capacity / refill.toNanos());
	}

	/**
	 * The key as stored: a name longer than the column (a user name or forwarded address is the caller's to choose)
	 * is kept as its SHA-256, which still tells names apart.
	 */
	static String storable(String name) {
		if (name.length() <= 200) {
			return name;
		}
		try {
			return "sha256:" + java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
