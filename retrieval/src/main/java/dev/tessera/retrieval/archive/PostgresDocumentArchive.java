package dev.tessera.retrieval.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The archive of the postgres mode, in the knowledge schema (migrated with {@code PgVectorKnowledgeStore}), so that
 * every instance of a scaled-out server sees the same documents.
 */
public final class PostgresDocumentArchive implements DocumentArchive {

	private final DataSource dataSource;

	public PostgresDocumentArchive(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public void save(String tenant, String collection, String documentId, byte[] content) {
		update("INSERT INTO tessera_knowledge_document (tenant_id, collection, document_id, content) VALUES (?, ?, ?, ?)"
				+ " ON CONFLICT (tenant_id, collection, document_id)"
				+ " DO UPDATE SET content = EXCLUDED.content, updated_at = now()", tenant, collection, documentId, content);
	}

	@Override
	public Optional<byte[]> content(String tenant, String collection, String documentId) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT content FROM tessera_knowledge_document"
						+ " WHERE tenant_id = ? AND collection = ? AND document_id = ?")) {
			statement.setString(1, tenant);
			statement.setString(2, collection);
			statement.setString(3, documentId);
			try (ResultSet rs = statement.executeQuery()) {
				return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public List<String> documentIds(String tenant, String collection) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT document_id FROM tessera_knowledge_document"
						+ " WHERE tenant_id = ? AND collection = ? ORDER BY document_id")) {
			statement.setString(1, tenant);
			statement.setString(2, collection);
			List<String> ids = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					ids.add(rs.getString(1));
				}
			}
			return ids;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public boolean delete(String tenant, String collection, String documentId) {
		return update("DELETE FROM tessera_knowledge_document WHERE tenant_id = ? AND collection = ? AND document_id = ?",
				tenant, collection, documentId, null) > 0;
	}

	private int update(String sql, String tenant, String collection, String documentId, byte[] content) {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, tenant);
			statement.setString(2, collection);
			statement.setString(3, documentId);
			if (content != null) {
				statement.setBytes(4, content);
			}
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

}
