package dev.tessera.server.database;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.concurrent.Semaphore;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The connection pool, with a way around it while the database comes back. After an outage HikariCP's connection
 * adder retries with a back-off that grows to 5 s and cannot be configured, so a server could answer 503 for up to 5 s
 * after the database is reachable again. While the pool holds no connection at all (the database went away), each
 * request opens a connection of its own directly, bounded by the pool's size: during the outage that fails at once (a
 * 503 without waiting for the pool's timeout), and from the moment the database accepts connections again requests
 * are served while the pool refills behind them.
 */
public final class ReconnectingDataSource extends DelegatingDataSource {

	private final HikariDataSource pool;

	private final Semaphore direct;

	public ReconnectingDataSource(HikariDataSource pool) {
		super(pool);
		this.pool = pool;
		this.direct = new Semaphore(Math.max(1, pool.getMaximumPoolSize()));
	}

	@Override
	public Connection getConnection() throws SQLException {
		if (!poolIsEmpty() || !this.direct.tryAcquire()) {
			return this.pool.getConnection();
		}
		try {
			return released(openDirect());
		}
		catch (SQLException | RuntimeException ex) {
			this.direct.release();
			throw new SQLTransientConnectionException("database unreachable: " + ex.getMessage(), "08001", ex);
		}
	}

	/** Whether the pool has no connection, open or being handed out: the database was lost, or never reached. */
	private boolean poolIsEmpty() {
		HikariPoolMXBean bean = this.pool.getHikariPoolMXBean();
		return !this.pool.isClosed() && bean != null && bean.getTotalConnections() == 0;
	}

	private Connection openDirect() throws SQLException {
		String url = this.pool.getJdbcUrl();
		Driver driver = DriverManager.getDriver(url);
		Properties properties = new Properties();
		properties.putAll(this.pool.getDataSourceProperties());
		if (this.pool.getUsername() != null) {
			properties.setProperty("user", this.pool.getUsername());
		}
		if (this.pool.getPassword() != null) {
			properties.setProperty("password", this.pool.getPassword());
		}
		// a host that does not answer must not hold a request longer than the pool would (pgjdbc: seconds)
		long seconds = Math.max(1, this.pool.getConnectionTimeout() / 1000);
		properties.putIfAbsent("connectTimeout", Long.toString(seconds));
		properties.putIfAbsent("loginTimeout", Long.toString(seconds));
		Connection connection = driver.connect(url, properties);
		if (connection == null) {
			throw new SQLException("no driver accepts " + url);
		}
		if (this.pool.getSchema() != null) {
			connection.setSchema(this.pool.getSchema());
		}
		return connection;
	}

	/** The connection, whose {@code close} also frees its place among the direct connections (once). */
	private Connection released(Connection connection) {
		boolean[] closed = { false };
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					if ("close".equals(method.getName()) && method.getParameterCount() == 0) {
						synchronized (closed) {
							if (!closed[0]) {
								closed[0] = true;
								this.direct.release();
							}
						}
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
