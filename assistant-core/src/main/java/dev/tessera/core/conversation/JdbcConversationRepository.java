package dev.tessera.core.conversation;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link ConversationRepository} on plain JDBC; the SQL is portable between H2 and PostgreSQL.
 */
public final class JdbcConversationRepository implements ConversationRepository {

	private final JdbcClient jdbc;

	public JdbcConversationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void save(Conversation conversation) {
		this.jdbc
			.sql("INSERT INTO tessera_conversation (id, tenant_id, assistant_id, created_at) VALUES (?, ?, ?, ?)")
			.params(conversation.id(), conversation.tenantId(), conversation.assistantId(), conversation.createdAt())
			.update();
	}

	@Override
	public Optional<Conversation> findById(String id) {
		return this.jdbc.sql("SELECT id, tenant_id, assistant_id, created_at FROM tessera_conversation WHERE id = ?")
			.param(id)
			.query((rs, row) -> new Conversation(rs.getString("id"), rs.getString("tenant_id"),
					rs.getString("assistant_id"), rs.getObject("created_at", OffsetDateTime.class)))
			.optional();
	}

	@Override
	public List<ChatMessage> findMessages(String conversationId) {
		return this.jdbc.sql("""
				SELECT conversation_id, seq, turn_id, role, content, created_at
				FROM tessera_message WHERE conversation_id = ? ORDER BY seq""")
			.param(conversationId)
			.query(JdbcConversationRepository::message)
			.list();
	}

	@Override
	public List<ChatMessage> findRecentMessages(String conversationId, int limit) {
		if (limit < 1) {
			return List.of();
		}
		// by key from the conversation's last position, in one statement: ORDER BY seq DESC LIMIT read every message
		// on H2 (an unknown conversation's position is NULL, and no message is after it)
		return this.jdbc.sql("""
				SELECT conversation_id, seq, turn_id, role, content, created_at
				FROM tessera_message
				WHERE conversation_id = ?
				  AND seq > (SELECT last_seq FROM tessera_conversation WHERE id = ?) - ?
				ORDER BY seq""")
			.params(conversationId, conversationId, limit)
			.query(JdbcConversationRepository::message)
			.list();
	}

	private static ChatMessage message(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new ChatMessage(rs.getString("conversation_id"), rs.getInt("seq"), rs.getString("turn_id"),
				ChatMessage.Role.valueOf(rs.getString("role")), rs.getString("content"),
				rs.getObject("created_at", OffsetDateTime.class));
	}

	@Override
	public int nextSeq(String conversationId) {
		// two turns of one conversation recorded at once (a client sending again before the answer) would both read
		// the same next position: the conversation's row is locked until the caller's transaction ends, so the
		// second waits and reads the position after the first one's messages
		return this.jdbc.sql("SELECT last_seq FROM tessera_conversation WHERE id = ? FOR UPDATE")
			.param(conversationId)
			.query(Integer.class)
			.optional()
			.orElse(0) + 1;
	}

	@Override
	public void appendMessages(List<ChatMessage> messages) {
		java.util.Map<String, Integer> lastByConversation = new java.util.LinkedHashMap<>();
		for (ChatMessage message : messages) {
			this.jdbc.sql("""
					INSERT INTO tessera_message (conversation_id, seq, turn_id, role, content, created_at)
					VALUES (?, ?, ?, ?, ?, ?)""")
				.params(message.conversationId(), message.seq(), message.turnId(), message.role().name(),
						message.content(), message.createdAt())
				.update();
			lastByConversation.merge(message.conversationId(), message.seq(), Math::max);
		}
		lastByConversation.forEach((conversationId, last) -> this.jdbc
			.sql("UPDATE tessera_conversation SET last_seq = GREATEST(last_seq, ?) WHERE id = ?")
			.params(last, conversationId)
			.update());
	}

}
