package dev.tessera.retrieval.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.BulkLoad;

/**
 * A bulk load of one tenant's collection into PostgreSQL. The rows go into a table of their own with no index (the
 * collection's current rows copied in first when they stay), the indexes are built once at the commit — the HNSW
 * graph with {@code maintenance_work_mem} and parallel workers, which is several times faster than keeping it up row
 * by row — and the table is swapped in for the collection's partition in one transaction. Until then searches see
 * the collection as it was; a load that ends without a commit, or whose server dies, leaves nothing searchable (its
 * table is dropped, at the latest when a store next starts). While it runs, other writes to the collection wait for it
 * (an advisory lock per collection), since the swap would drop them.
 */
final class PgBulkLoad implements BulkLoad {

	private static final Log logger = LogFactory.getLog(PgBulkLoad.class);

	/** The suffix of a load's table: {@code <partition>_bulk}. */
	static final String SUFFIX = "_bulk";

	static final String COPIED_COLUMNS = "id, tenant_id, collection, document_id, document_title, section, content,"
			+ " start_offset, end_offset, metadata, embedding";

	private final String tenant;

	private final String collection;

	private final String partition;

	private final String staging;

	private final String maintenanceWorkMem;

	private final int buildWorkers;

	private final Runnable afterCommit;

	/** Holds the collection's advisory lock for the whole load (a session lock lives with its connection). */
	private final Connection lock;

	private boolean committed;

	private long rows;

	PgBulkLoad(DataSource dataSource, String tenant, String collection, String partition, boolean keepExisting,
			String maintenanceWorkMem, int buildWorkers, Runnable afterCommit) {
		this.tenant = tenant;
		this.collection = collection;
		this.partition = partition;
		this.staging = partition + SUFFIX;
		this.maintenanceWorkMem = maintenanceWorkMem;
		this.buildWorkers = buildWorkers;
		this.afterCommit = afterCommit;
		try {
			this.lock = dataSource.getConnection();
			this.lock.setAutoCommit(true);
			// the key names the schema too: schemas of one database share the advisory locks
			try (PreparedStatement statement = this.lock
				.prepareStatement("SELECT pg_advisory_lock(hashtext(current_schema() || '.' || ?))")) {
				statement.setString(1, partition);
				statement.execute();
			}
			try (Statement statement = this.lock.createStatement()) {
				// a table left by a load whose server died (this one holds the lock now, so no load is using it)
				statement.execute("DROP TABLE IF EXISTS " + this.staging);
				statement.execute("CREATE TABLE " + this.staging + " (LIKE " + partition
						+ " INCLUDING DEFAULTS INCLUDING GENERATED)");
				if (keepExisting) {
					statement.execute("INSERT INTO " + this.staging + " (" + COPIED_COLUMNS + ") SELECT " + COPIED_COLUMNS
							+ " FROM " + partition);
				}
				// kept up during the load (cheap, unlike the HNSW graph): a replaced document's rows are found by it
				statement.execute("CREATE INDEX ON " + this.staging + " (collection, tenant_id, document_id)");
			}
		}
		catch (SQLException ex) {
			close();
			throw new IllegalStateException("cannot start a bulk load of " + collection + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void replaceDocument(String t, String c, String documentId, List<KnowledgeChunk> chunks) {
		if (!this.tenant.equals(t) || !this.collection.equals(c)) {
			throw new IllegalArgumentException("this bulk load is of " + this.tenant + "/" + this.collection
					+ ", not of " + t + "/" + c);
		}
		try {
			try (PreparedStatement delete = this.lock
				.prepareStatement("DELETE FROM " + this.staging + " WHERE document_id = ?")) {
				delete.setString(1, documentId);
				this.rows -= delete.executeUpdate();
			}
			PgVectorKnowledgeStore.copy(this.lock, this.staging, chunks);
			this.rows += chunks.size();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot load " + documentId + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public void add(List<KnowledgeChunk> chunks) {
		for (KnowledgeChunk chunk : chunks) {
			if (!this.tenant.equals(chunk.tenant()) || !this.collection.equals(chunk.collection())) {
				throw new IllegalArgumentException("this bulk load is of " + this.tenant + "/" + this.collection
						+ ", not of " + chunk.tenant() + "/" + chunk.collection());
			}
		}
		try {
			PgVectorKnowledgeStore.copy(this.lock, this.staging, chunks);
			this.rows += chunks.size();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot load chunks: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void commit() {
		long started = System.nanoTime();
		try (Statement statement = this.lock.createStatement()) {
			statement.execute("SET maintenance_work_mem = '" + this.maintenanceWorkMem + "'");
			statement.execute("SET max_parallel_maintenance_workers = " + this.buildWorkers);
			// the same definitions as the partitioned table's indexes, so that the swap adopts them instead of
			// building them again
			statement.execute("CREATE INDEX ON " + this.staging
					+ " USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)");
			double graph = (System.nanoTime() - started) / 1e9;
			statement.execute("CREATE INDEX ON " + this.staging + " USING gin (search_text)");
			double words = (System.nanoTime() - started) / 1e9 - graph;
			statement.execute("ALTER TABLE " + this.staging + " ADD PRIMARY KEY (tenant_id, collection, id)");
			// the partition's bound, proved up front: the swap then need not scan the table to check it
			statement.execute("ALTER TABLE " + this.staging + " ADD CONSTRAINT " + this.staging + "_bound CHECK"
					+ " (tenant_id = " + quote(this.tenant) + " AND collection = " + quote(this.collection) + ")");
			statement.execute("RESET maintenance_work_mem");
			statement.execute("RESET max_parallel_maintenance_workers");
			double built = (System.nanoTime() - started) / 1e9;
			this.lock.setAutoCommit(false);
			String parent = parentOf(statement);
			statement.execute("ALTER TABLE " + parent + " DETACH PARTITION " + this.partition);
			statement.execute("DROP TABLE " + this.partition);
			statement.execute("ALTER TABLE " + this.staging + " RENAME TO " + this.partition);
			statement.execute("ALTER TABLE " + parent + " ATTACH PARTITION " + this.partition + " FOR VALUES IN ("
					+ quote(this.collection) + ")");
			this.lock.commit();
			this.lock.setAutoCommit(true);
			this.committed = true;
			statement.execute("ANALYZE " + this.partition);
			logger.info(String.format(java.util.Locale.ROOT,
					"Bulk load of %s/%s: %d chunk(s) indexed in %.1f s (vectors %.1f s, words %.1f s) and made"
							+ " searchable", this.tenant, this.collection, this.rows, built, graph, words));
		}
		catch (SQLException ex) {
			try {
				if (!this.lock.getAutoCommit()) {
					this.lock.rollback();
					this.lock.setAutoCommit(true);
				}
			}
			catch (SQLException rollback) {
				ex.addSuppressed(rollback);
			}
			throw new IllegalStateException("the bulk load of " + this.collection + " could not be made searchable: "
					+ ex.getMessage(), ex);
		}
		this.afterCommit.run();
	}

	private String parentOf(Statement statement) throws SQLException {
		try (var rs = statement.executeQuery("SELECT inhparent::regclass::text FROM pg_inherits WHERE inhrelid = "
				+ quote(this.partition) + "::regclass")) {
			rs.next();
			return rs.getString(1);
		}
	}

	@Override
	public void close() {
		if (this.lock == null) {
			return;
		}
		try (Statement statement = this.lock.createStatement()) {
			if (!this.committed) {
				statement.execute("DROP TABLE IF EXISTS " + this.staging);
			}
			statement.execute("SELECT pg_advisory_unlock_all()");
		}
		catch (SQLException ex) {
			logger.warn("Bulk load of " + this.collection + ": could not clean up (" + ex.getMessage()
					+ "); its table is dropped when a store next starts");
		}
		finally {
			try {
				this.lock.close();
			}
			catch (SQLException ex) {
				// the connection is gone, and with it the session's lock
			}
		}
	}

	/** Drops the tables of loads whose server died; a table whose load is still running is left alone. */
	static void dropAbandoned(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			List<String> tables = new java.util.ArrayList<>();
			try (var rs = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
					+ " AND tablename LIKE 'tessera\\_kc\\_c%\\_bulk'")) {
				while (rs.next()) {
					tables.add(rs.getString(1));
				}
			}
			for (String table : tables) {
				String partition = table.substring(0, table.length() - SUFFIX.length());
				try (PreparedStatement tryLock = connection
					.prepareStatement("SELECT pg_try_advisory_lock(hashtext(current_schema() || '.' || ?))")) {
					tryLock.setString(1, partition);
					try (var rs = tryLock.executeQuery()) {
						rs.next();
						if (rs.getBoolean(1)) {
							statement.execute("DROP TABLE IF EXISTS " + table);
							logger.info("Dropped " + table + ", left by a bulk load that did not finish");
							statement.execute("SELECT pg_advisory_unlock_all()");
						}
					}
				}
			}
		}
		catch (SQLException ex) {
			logger.warn("Could not look for abandoned bulk loads: " + ex.getMessage());
		}
	}

	private static String quote(String literal) {
		return "'" + literal.replace("'", "''") + "'";
	}

}
