package dev.tessera.server.limits;

import java.time.Clock;

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
		// the schema bean is migrated when created: the table is Tessera's
		TesseraSchema tessera = schema.getIfAvailable();
		if (tessera == null || !tessera.isPostgres()) {
			return new LocalTokenBuckets();
		}
		return new JdbcTokenBuckets(JdbcClient.create(dataSource), transactions, Clock.systemUTC());
	}

}
