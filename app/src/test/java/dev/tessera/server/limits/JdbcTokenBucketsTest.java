package dev.tessera.server.limits;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.MovableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database's token buckets (H2 here; PostgreSQL in the two-server tests): a bucket empties, refills with time, and
 * keys of any length (a user name or a forwarded address is the caller's to choose) are stored and told apart.
 */
class JdbcTokenBucketsTest {

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final MovableClock clock = new MovableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));

	private JdbcTokenBuckets buckets() {
		new TesseraSchema(this.dataSource).migrate();
		return new JdbcTokenBuckets(JdbcClient.create(this.dataSource),
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)), this.clock);
	}

	@Test
	void a_bucket_empties_and_refills_with_time() {
		JdbcTokenBuckets buckets = buckets();
		for (int i = 0; i < 3; i++) {
			assertThat(buckets.tryConsume("api-key:k1", 3, Duration.ofSeconds(1)).consumed()).isTrue();
		}
		TokenBuckets.Probe refused = buckets.tryConsume("api-key:k1", 3, Duration.ofSeconds(1));
		assertThat(refused.consumed()).isFalse();
		assertThat(refused.secondsToWait()).isEqualTo(1);
		assertThat(buckets.hasToken("api-key:k1", 3, Duration.ofSeconds(1))).isFalse();
		assertThat(buckets.tryConsume("api-key:k2", 3, Duration.ofSeconds(1)).consumed()).as("another key").isTrue();

		this.clock.advance(Duration.ofMillis(400));
		assertThat(buckets.tryConsume("api-key:k1", 3, Duration.ofSeconds(1)).consumed()).as("one token back")
			.isTrue();
		assertThat(buckets.tryConsume("api-key:k1", 3, Duration.ofSeconds(1)).consumed()).isFalse();
	}

	@Test
	void keys_longer_than_the_column_are_stored_and_told_apart() {
		JdbcTokenBuckets buckets = buckets();
		String longName = "signin-user:" + "x".repeat(10_000);
		String otherLongName = "signin-user:" + "x".repeat(9_999) + "y";
		assertThat(buckets.tryConsume(longName, 1, Duration.ofMinutes(1)).consumed()).isTrue();
		assertThat(buckets.tryConsume(longName, 1, Duration.ofMinutes(1)).consumed()).isFalse();
		assertThat(buckets.tryConsume(otherLongName, 1, Duration.ofMinutes(1)).consumed()).isTrue();
		assertThat(JdbcTokenBuckets.storable(longName)).startsWith("sha256:").hasSizeLessThan(100);
		assertThat(JdbcTokenBuckets.storable("signin-user:ana")).isEqualTo("signin-user:ana");
	}

}
