package dev.tessera.server.limits;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.persistence.TesseraSchema;

/**
 * The token buckets behind the per-key rates and the sign-in throttle: in PostgreSQL when the server runs on it (the
 * postgres profile, where several instances share the database), in memory on the embedded store (one server per
 * data directory).
 */
@Configuration(proxyBeanMethods = false)
class TokenBucketsConfiguration {

	@Bean
	TokenBuckets tokenBuckets(DataSource dataSource, TransactionTemplate transactions,
			ObjectProvider<TesseraSchema> schema) {
		if (!isPostgres(dataSource)) {
			return new LocalTokenBuckets();
		}
		schema.getIfAvailable(); // migrated first: the table is Tessera's
		return new JdbcTokenBuckets(JdbcClient.create(dataSource), transactions, Clock.systemUTC());
	}

	private static boolean isPostgres(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot reach the database: " + ex.getMessage(), ex);
		}
	}

}
