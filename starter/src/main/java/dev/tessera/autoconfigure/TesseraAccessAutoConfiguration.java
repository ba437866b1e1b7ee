package dev.tessera.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

import dev.tessera.autoconfigure.web.ApiCaller;
import dev.tessera.core.access.ApiKeys;
import dev.tessera.core.access.JdbcApiKeys;
import dev.tessera.core.access.JdbcOperatorAccounts;
import dev.tessera.core.access.OperatorAccountService;
import dev.tessera.core.access.OperatorAccounts;

/**
 * Operator accounts and chat API keys on the application's database, and the first administrator at first start.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, TesseraConversationsAutoConfiguration.class })
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(TesseraSecurityProperties.class)
public class TesseraAccessAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TesseraAccessAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	OperatorAccounts operatorAccounts(DataSource dataSource) {
		return new JdbcOperatorAccounts(JdbcClient.create(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	OperatorAccountService operatorAccountService(OperatorAccounts accounts) {
		return new OperatorAccountService(accounts, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	ApiKeys apiKeys(DataSource dataSource) {
		return new JdbcApiKeys(JdbcClient.create(dataSource), Clock.systemUTC());
	}

	/** Without an application's own notion of callers (its security), everyone acts anonymously on the default tenant. */
	@Bean
	@ConditionalOnMissingBean
	ApiCaller apiCaller(TesseraProperties properties) {
		return ApiCaller.anonymous(properties.getDefaultTenant());
	}

	@Bean
	ApplicationRunner tesseraInitialAdmin(OperatorAccountService accounts, TesseraSecurityProperties security,
			TesseraProperties properties) {
		return args -> {
			TesseraSecurityProperties.InitialAdmin admin = security.getInitialAdmin();
			String tenant = StringUtils.hasText(admin.getTenant()) ? admin.getTenant() : properties.getDefaultTenant();
			accounts.ensureInitialAdmin(admin.getUsername(), admin.getPassword(), tenant)
				.ifPresent(generated -> logger.warn("Created the first administrator '" + admin.getUsername()
						+ "' with the generated password: " + generated
						+ " (shown once; change it in the console, or set tessera.security.initial-admin.password"
						+ " before the first start)"));
		};
	}

}
