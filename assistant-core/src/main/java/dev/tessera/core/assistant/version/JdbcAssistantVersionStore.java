package dev.tessera.core.assistant.version;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link AssistantVersionStore} on plain JDBC; the SQL is portable between H2 and PostgreSQL. The primary key
 * (assistant, version) is what keeps two servers from storing the same version number.
 */
public final class JdbcAssistantVersionStore implements AssistantVersionStore {

	private static final String VERSION_COLUMNS = "assistant_id, version, yaml, origin, author, change_comment, "
			+ "restored_from, created_at";

	private final JdbcClient jdbc;

	public JdbcAssistantVersionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<StoredAssistant> all() {
		return this.jdbc.sql("""
				SELECT a.id, a.enabled, a.active_version, a.updated_at,
				       (SELECT MAX(v.version) FROM tessera_assistant_version v WHERE v.assistant_id = a.id) AS latest
				FROM tessera_assistant a""")
			.query((rs, row) -> new StoredAssistant(rs.getString("id"), rs.getBoolean("enabled"),
					rs.getInt("active_version"), rs.getInt("latest"),
					rs.getObject("updated_at", OffsetDateTime.class)))
			.list();
	}

	@Override
	public Optional<StoredAssistant> find(String assistantId) {
		return this.jdbc.sql("""
				SELECT a.id, a.enabled, a.active_version, a.updated_at,
				       (SELECT MAX(v.version) FROM tessera_assistant_version v WHERE v.assistant_id = a.id) AS latest
				FROM tessera_assistant a WHERE a.id = ?""")
			.param(assistantId)
			.query((rs, row) -> new StoredAssistant(rs.getString("id"), rs.getBoolean("enabled"),
					rs.getInt("active_version"), rs.getInt("latest"),
					rs.getObject("updated_at", OffsetDateTime.class)))
			.optional();
	}

	@Override
	public void create(String assistantId, boolean enabled, int activeVersion, OffsetDateTime now) {
		this.jdbc
			.sql("INSERT INTO tessera_assistant (id, enabled, active_version, updated_at) VALUES (?, ?, ?, ?)")
			.params(assistantId, enabled, activeVersion, now)
			.update();
	}

	@Override
	public void append(AssistantVersion version) {
		try {
			this.jdbc.sql("INSERT INTO tessera_assistant_version (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
				.params(version.assistantId(), version.version(), version.yaml(), version.origin().name(),
						version.author(), version.comment(), version.restoredFrom(), version.createdAt())
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw new ConcurrentAssistantEditException(version.assistantId(), version.version(), ex);
		}
	}

	@Override
	public void activate(String assistantId, int version, OffsetDateTime now) {
		this.jdbc.sql("UPDATE tessera_assistant SET active_version = ?, updated_at = ? WHERE id = ?")
			.params(version, now, assistantId)
			.update();
	}

	@Override
	public void setEnabled(String assistantId, boolean enabled, OffsetDateTime now) {
		this.jdbc.sql("UPDATE tessera_assistant SET enabled = ?, updated_at = ? WHERE id = ?")
			.params(enabled, now, assistantId)
			.update();
	}

	@Override
	public List<AssistantVersion> versions(String assistantId) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS + " FROM tessera_assistant_version WHERE assistant_id = ? ORDER BY version")
			.param(assistantId)
			.query((rs, row) -> version(rs))
			.list();
	}

	@Override
	public Optional<AssistantVersion> version(String assistantId, int version) {
		return this.jdbc
			.sql("SELECT " + VERSION_COLUMNS + " FROM tessera_assistant_version WHERE assistant_id = ? AND version = ?")
			.params(assistantId, version)
			.query((rs, row) -> version(rs))
			.optional();
	}

	@Override
	public Optional<AssistantVersion> latest(String assistantId, VersionOrigin origin) {
		return this.jdbc.sql("SELECT " + VERSION_COLUMNS + " " + """
				FROM tessera_assistant_version WHERE assistant_id = ? AND version = (
				    SELECT MAX(version) FROM tessera_assistant_version WHERE assistant_id = ? AND origin = ?)""")
			.params(assistantId, assistantId, origin.name())
			.query((rs, row) -> version(rs))
			.optional();
	}

	private static AssistantVersion version(ResultSet rs) throws SQLException {
		int restored = rs.getInt("restored_from");
		Integer restoredFrom = rs.wasNull() ? null : restored;
		return new AssistantVersion(rs.getString("assistant_id"), rs.getInt("version"), rs.getString("yaml"),
				VersionOrigin.valueOf(rs.getString("origin")), rs.getString("author"), rs.getString("change_comment"),
				restoredFrom, rs.getObject("created_at", OffsetDateTime.class));
	}

}
