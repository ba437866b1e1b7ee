package dev.tessera.core.heads;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link HeadVersions} in tables {@code tessera_task_head_version}, {@code tessera_task_head_file} and
 * {@code tessera_task_head}. A version's number is its primary key, so two servers training the same head at once
 * cannot both publish one number: the second is told and saves under the next.
 */
public final class JdbcHeadVersions implements HeadVersions {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public JdbcHeadVersions(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public OptionalInt latest(String assistantId, String head) {
		int latest = this.jdbc
			.sql("SELECT COALESCE(MAX(version), 0) FROM tessera_task_head_version WHERE assistant_id = ? AND head = ?")
			.params(assistantId, head)
			.query(Integer.class)
			.single();
		return latest == 0 ? OptionalInt.empty() : OptionalInt.of(latest);
	}

	@Override
	public void publish(String assistantId, String head, int version, Map<String, byte[]> files) {
		write(assistantId, head, version, files, true);
	}

	@Override
	public void store(String assistantId, String head, int version, Map<String, byte[]> files) {
		write(assistantId, head, version, files, false);
	}

	@Override
	public void serve(String assistantId, String head, int version) {
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		makeHeadRow(assistantId, head, now);
		int updated = this.jdbc.sql("""
				UPDATE tessera_task_head SET serving_version = ?, updated_at = ?
				WHERE assistant_id = ? AND head = ? AND EXISTS (SELECT 1 FROM tessera_task_head_version v
				  WHERE v.assistant_id = ? AND v.head = ? AND v.version = ?)""")
			.params(version, now, assistantId, head, assistantId, head, version)
			.update();
		if (updated == 0) {
			throw new IllegalStateException(
					"version " + version + " of head '" + head + "' of '" + assistantId + "' is not published");
		}
	}

	private void write(String assistantId, String head, int version, Map<String, byte[]> files, boolean serve) {
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		makeHeadRow(assistantId, head, now);
		try {
			this.transactions.executeWithoutResult(status -> {
				this.jdbc.sql("""
						INSERT INTO tessera_task_head_version (assistant_id, head, version, created_at)
						VALUES (?, ?, ?, ?)""").params(assistantId, head, version, now).update();
				for (Map.Entry<String, byte[]> file : files.entrySet()) {
					this.jdbc.sql("""
							INSERT INTO tessera_task_head_file (assistant_id, head, version, file_name, content)
							VALUES (?, ?, ?, ?, ?)""")
						.params(assistantId, head, version, file.getKey(), file.getValue())
						.update();
				}
				if (serve) {
					this.jdbc.sql("""
							UPDATE tessera_task_head SET serving_version = ?, updated_at = ?
							WHERE assistant_id = ? AND head = ?""").params(version, now, assistantId, head).update();
				}
			});
		}
		catch (DuplicateKeyException taken) {
			throw new VersionTakenException(assistantId, head, version, taken);
		}
	}

	/** The row a head's serving version lives in, made once outside any transaction. */
	private void makeHeadRow(String assistantId, String head, OffsetDateTime now) {
		try {
			// on PostgreSQL a failed INSERT would end the transaction it ran in
			this.jdbc.sql("""
					INSERT INTO tessera_task_head (assistant_id, head, serving_version, updated_at)
					SELECT ?, ?, 0, ? WHERE NOT EXISTS
					  (SELECT 1 FROM tessera_task_head WHERE assistant_id = ? AND head = ?)""")
				.params(assistantId, head, now, assistantId, head)
				.update();
		}
		catch (DuplicateKeyException alreadyMade) {
			// another server made it at the same moment
		}
	}

	@Override
	public List<Serving> serving() {
		return this.jdbc
			.sql("SELECT assistant_id, head, serving_version FROM tessera_task_head WHERE serving_version > 0")
			.query((rs, row) -> new Serving(rs.getString(1), rs.getString(2), rs.getInt(3)))
			.list();
	}

	@Override
	public Map<String, byte[]> files(String assistantId, String head, int version) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT file_name, content FROM tessera_task_head_file
				WHERE assistant_id = ? AND head = ? AND version = ? ORDER BY file_name""")
			.params(assistantId, head, version)
			.query(rs -> {
				files.put(rs.getString(1), rs.getBytes(2));
			});
		return files;
	}

}
