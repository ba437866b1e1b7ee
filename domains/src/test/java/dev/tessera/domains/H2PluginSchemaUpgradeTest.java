package dev.tessera.domains;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

class H2PluginSchemaUpgradeTest extends PluginSchemaUpgradeContract {

	@Override
	protected DataSource dataSource() {
		return new DriverManagerDataSource("jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

}
