package dev.tessera.core.handoff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.persistence.StateTransition;
import dev.tessera.core.webhook.WebhookEvent;
import dev.tessera.core.webhook.WebhookOutbox;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.conversation.ConversationRepository;

/**
 * The hand-off queue in table {@code tessera_handoff}. Transitions are conditional {@code UPDATE}s on the expected
 * state (and claimer), so two people cannot claim the same item: the second gets a
 * {@link HandoffTransitionException}.
 */
public final class JdbcHandoffQueue implements HandoffQueue {

	private static final String COLUMNS = "id, tenant_id, conversation_id, assistant_id, turn_id, reason, context, "
			+ "state, assignee, resolution, created_at, updated_at";

	private final JdbcClient jdbc;

	private final ConversationRepository conversations;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final WebhookOutbox outbox;

	public JdbcHandoffQueue(JdbcClient jdbc, ConversationRepository conversations, TransactionTemplate transactions,
			Clock clock) {
		this(jdbc, conversations, transactions, clock, WebhookOutbox.none());
	}

	/** @param outbox receives {@code handoff.resolved} with the resolution, for help desks that mirror the queue */
	public JdbcHandoffQueue(JdbcClient jdbc, ConversationRepository conversations, TransactionTemplate transactions,
			Clock clock, WebhookOutbox outbox) {
		this.jdbc = jdbc;
		this.conversations = conversations;
		this.transactions = transactions;
		this.clock = clock;
		this.outbox = outbox;
	}

	@Override
	public HandoffItem enqueue(NewHandoff handoff) {
		return this.transactions.execute(status -> {
			OffsetDateTime now = now();
			Optional<String> unresolved = this.jdbc
				.sql("SELECT id FROM tessera_handoff WHERE conversation_id = ? AND state <> 'RESOLVED'")
				.param(handoff.conversationId())
				.query(String.class)
				.optional();
			if (unresolved.isPresent()) {
				this.jdbc.sql("""
						UPDATE tessera_handoff SET turn_id = ?, reason = ?, context = ?, updated_at = ? WHERE id = ?""")
					.params(handoff.turnId(), handoff.reason(), handoff.context(), now, unresolved.get())
					.update();
				return get(handoff.tenantId(), unresolved.get());
			}
			String id = UUID.randomUUID().toString();
			this.jdbc.sql("INSERT INTO tessera_handoff (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(id, handoff.tenantId(), handoff.conversationId(), handoff.assistantId(), handoff.turnId(),
						handoff.reason(), handoff.context(), HandoffState.OPEN.name(), null, null, now, now)
				.update();
			return get(handoff.tenantId(), id);
		});
	}

	@Override
	public Optional<HandoffItem> find(String tenantId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_handoff WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(JdbcHandoffQueue::item)
			.optional();
	}

	@Override
	public List<HandoffItem> list(String tenantId, Optional<HandoffState> state, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be >= 1, got " + limit);
		}
		String sql = "SELECT " + COLUMNS + " FROM tessera_handoff WHERE tenant_id = ?"
				+ (state.isPresent() ? " AND state = ?" : "") + " ORDER BY created_at, id FETCH FIRST " + limit
				+ " ROWS ONLY";
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param(tenantId);
		if (state.isPresent()) {
			statement = statement.param(state.get().name());
		}
		return statement.query(JdbcHandoffQueue::item).list();
	}

	@Override
	public HandoffItem claim(String tenantId, String id, String agent) {
		requireAgent(agent);
		boolean claimed = transition(tenantId, id).from(HandoffState.OPEN)
			.to(HandoffState.CLAIMED)
			.set("assignee", agent)
			.set("updated_at", now())
			.apply(this.jdbc);
		HandoffItem item = get(tenantId, id);
		if (!claimed) {
			throw new HandoffTransitionException(id, item.state(), switch (item.state()) {
				case CLAIMED -> "hand-off '" + id + "' is already claimed by '" + item.assignee() + "'";
				case RESOLVED -> "hand-off '" + id + "' is resolved";
				case OPEN -> "hand-off '" + id + "' changed while it was being claimed; try again";
			});
		}
		return item;
	}

	@Override
	public HandoffItem reply(String tenantId, String id, String agent, String text) {
		requireAgent(agent);
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("reply text cannot be empty");
		}
		return this.transactions.execute(status -> {
			OffsetDateTime now = now();
			boolean claimedByAgent = transition(tenantId, id).from(HandoffState.CLAIMED)
				.where("assignee", agent)
				.set("updated_at", now)
				.apply(this.jdbc);
			HandoffItem item = get(tenantId, id);
			if (!claimedByAgent) {
				throw notClaimedBy(item, agent, "reply to");
			}
			int seq = this.conversations.nextSeq(item.conversationId());
			this.conversations.appendMessages(List.of(new ChatMessage(item.conversationId(), seq,
					UUID.randomUUID().toString(), ChatMessage.Role.AGENT, text.strip(), now)));
			return item;
		});
	}

	@Override
	public HandoffItem resolve(String tenantId, String id, String agent, String note) {
		requireAgent(agent);
		boolean resolved = transition(tenantId, id).from(HandoffState.CLAIMED)
			.where("assignee", agent)
			.to(HandoffState.RESOLVED)
			.set("resolution", note == null ? "" : note.strip())
			.set("updated_at", now())
			.apply(this.jdbc);
		HandoffItem item = get(tenantId, id);
		if (!resolved) {
			throw notClaimedBy(item, agent, "resolve");
		}
		this.outbox.publish(new WebhookEvent(WebhookEvent.HANDOFF_RESOLVED, tenantId,
				Map.of("handoffId", item.id(), "conversationId", item.conversationId(), "assistantId",
						item.assistantId(), "resolvedBy", agent, "resolution", item.resolution(), "resolvedAt",
						item.updatedAt().toString())));
		return item;
	}

	private static StateTransition transition(String tenantId, String id) {
		return StateTransition.of("tessera_handoff", "state").where("tenant_id", tenantId).where("id", id);
	}

	private static HandoffTransitionException notClaimedBy(HandoffItem item, String agent, String verb) {
		String why = switch (item.state()) {
			case OPEN -> "it is open: claim it first";
			case RESOLVED -> "it is resolved";
			case CLAIMED -> "it is claimed by '" + item.assignee() + "', not '" + agent + "'";
		};
		return new HandoffTransitionException(item.id(), item.state(),
				"cannot " + verb + " hand-off '" + item.id() + "': " + why);
	}

	private static void requireAgent(String agent) {
		if (agent == null || agent.isBlank()) {
			throw new IllegalArgumentException("agent cannot be empty");
		}
	}

	private HandoffItem get(String tenantId, String id) {
		return find(tenantId, id).orElseThrow(() -> new UnknownHandoffException(id));
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

	private static HandoffItem item(ResultSet rs, int row) throws SQLException {
		return new HandoffItem(rs.getString("id"), rs.getString("tenant_id"), rs.getString("conversation_id"),
				rs.getString("assistant_id"), rs.getString("turn_id"), rs.getString("reason"), rs.getString("context"),
				HandoffState.valueOf(rs.getString("state")), rs.getString("assignee"), rs.getString("resolution"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
	}

}
