package dev.tessera.server.database;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The server's data source recovers as soon as the database does: the pool Spring Boot configures is wrapped in a
 * {@link ReconnectingDataSource}.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	@Bean
	static BeanPostProcessor reconnectingDataSource() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				return bean instanceof HikariDataSource pool ? new ReconnectingDataSource(pool) : bean;
			}
		};
	}

}
