package dev.tessera.core.learning;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.persistence.StateTransition;

/**
 * {@link LearningCandidates} in table {@code tessera_learning_candidate}; accepted examples are numbered per assistant
 * through {@code tessera_learning_counter} in the review's transaction, so every server holds back the same ones.
 */
public final class JdbcLearningCandidates implements LearningCandidates {

	private static final String COLUMNS = "id, tenant_id, assistant_id, conversation_id, turn_id, message, predictions,"
			+ " route, route_reason, answer, answer_source, answered_by, state, labels, reviewed_by, reviewed_at,"
			+ " review_note, knowledge_document, accepted_seq, created_at";

	/** The route of a spot check: the assistant answered it itself. */
	static final String SPOT_CHECK_ROUTE = "ANSWER_LOCAL";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<Map<String, LearningCandidate.PredictedLabel>> PREDICTIONS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public JdbcLearningCandidates(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Override
	public LearningCandidate add(NewCandidate c) {
		String id = UUID.randomUUID().toString();
		OffsetDateTime now = now();
		this.jdbc.sql("INSERT INTO tessera_learning_candidate (id, tenant_id, assistant_id, conversation_id, turn_id,"
				+ " message, predictions, route, route_reason, answer, answer_source, answered_by, state, created_at,"
				+ " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, c.tenantId(), c.assistantId(), c.conversationId(), c.turnId(), c.message(),
					JSON.writeValueAsString(c.predictions()), c.route(), c.routeReason(),
					c.answer() == null || c.answer().isEmpty() ? null : c.answer(),
					c.answerSource() == null ? null : c.answerSource().name(), c.answeredBy(),
					CandidateState.PENDING.name(), now, now)
			.update();
		return find(c.tenantId(), id).orElseThrow();
	}

	@Override
	public boolean answer(String tenantId, String turnId, LearningCandidate.AnswerSource source, String answeredBy,
			String answer) {
		return this.jdbc.sql("""
				UPDATE tessera_learning_candidate SET answer = ?, answer_source = ?, answered_by = ?, updated_at = ?
				WHERE tenant_id = ? AND turn_id = ?""")
			.params(answer, source.name(), answeredBy, now(), tenantId, turnId)
			.update() > 0;
	}

	@Override
	public Optional<LearningCandidate> find(String tenantId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_learning_candidate WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(JdbcLearningCandidates::candidate)
			.optional();
	}

	@Override
	public List<LearningCandidate> list(String tenantId, Optional<CandidateState> state, Optional<String> assistantId,
			int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be >= 1, got " + limit);
		}
		List<Object> params = new ArrayList<>();
		params.add(tenantId);
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tessera_learning_candidate WHERE tenant_id = ?");
		state.ifPresent(s -> {
			sql.append(" AND state = ?");
			params.add(s.name());
		});
		assistantId.ifPresent(a -> {
			sql.append(" AND assistant_id = ?");
			params.add(a);
		});
		sql.append(" ORDER BY created_at, id FETCH FIRST ").append(limit).append(" ROWS ONLY");
		return this.jdbc.sql(sql.toString()).params(params).query(JdbcLearningCandidates::candidate).list();
	}

	@Override
	public LearningCandidate review(String tenantId, String id, String reviewer, CandidateState decision,
			Map<String, String> labels, String note) {
		if (decision == CandidateState.PENDING) {
			throw new CandidateReviewException("a review decides: ACCEPTED, OUT_OF_SCOPE or REJECTED");
		}
		return this.transactions.execute(status -> {
			LearningCandidate candidate = find(tenantId, id).orElseThrow(() -> new UnknownCandidateException(id));
			StateTransition transition = StateTransition.of("tessera_learning_candidate", "state")
				.where("tenant_id", tenantId)
				.where("id", id);
			if (decision == CandidateState.REJECTED) {
				// a mistake found after acceptance is withdrawn: it keeps its number and trains nothing from then on
				transition = transition.from(CandidateState.PENDING, CandidateState.ACCEPTED, CandidateState.OUT_OF_SCOPE)
					.to(decision);
			}
			else {
				transition = transition.from(CandidateState.PENDING)
					.to(decision)
					.set("labels", JSON.writeValueAsString(labels))
					.set("accepted_seq", nextSeq(candidate.assistantId()));
			}
			boolean moved = transition.set("reviewed_by", reviewer)
				.set("reviewed_at", now())
				.set("review_note", note == null ? "" : note.strip())
				.set("updated_at", now())
				.apply(this.jdbc);
			if (!moved) {
				// undo the number taken for it
				status.setRollbackOnly();
				throw new CandidateReviewException("candidate '" + id + "' was already reviewed ("
						+ find(tenantId, id).map(LearningCandidate::state).orElse(candidate.state()) + ")");
			}
			return find(tenantId, id).orElseThrow();
		});
	}

	@Override
	public void linkKnowledge(String tenantId, String id, String documentId) {
		this.jdbc.sql("UPDATE tessera_learning_candidate SET knowledge_document = ?, updated_at = ? WHERE tenant_id = ? AND id = ?")
			.params(documentId, now(), tenantId, id)
			.update();
	}

	@Override
	public List<Reviewed> reviewed(String assistantId, String head, long throughSeq) {
		List<Reviewed> reviewed = new ArrayList<>();
		this.jdbc.sql("""
				SELECT accepted_seq, message, labels, state, route FROM tessera_learning_candidate
				WHERE assistant_id = ? AND accepted_seq IS NOT NULL AND accepted_seq <= ?
				ORDER BY accepted_seq""")
			.params(assistantId, throughSeq)
			.query(rs -> {
				CandidateState state = CandidateState.valueOf(rs.getString("state"));
				Map<String, String> labels = rs.getString("labels") == null ? Map.of()
						: JSON.readValue(rs.getString("labels"), LABELS);
				String label = state == CandidateState.OUT_OF_SCOPE ? HeadTrainingOptions.OUT_OF_SCOPE
						: labels.get(head);
				if (label != null && state.trains()) {
					reviewed.add(new Reviewed(rs.getLong("accepted_seq"), new LabelledExample(rs.getString("message"), label),
							SPOT_CHECK_ROUTE.equals(rs.getString("route"))));
				}
			});
		return reviewed;
	}

	@Override
	public long lastAccepted(String assistantId) {
		return this.jdbc.sql("SELECT last_seq FROM tessera_learning_counter WHERE assistant_id = ?")
			.param(assistantId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

	/** The assistant's next accepted number, counted in the caller's transaction. */
	private long nextSeq(String assistantId) {
		try {
			this.jdbc.sql("""
					INSERT INTO tessera_learning_counter (assistant_id, last_seq)
					SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM tessera_learning_counter WHERE assistant_id = ?)""")
				.params(assistantId, assistantId)
				.update();
		}
		catch (DuplicateKeyException madeMeanwhile) {
			// another review made the row at the same moment
		}
		// the UPDATE takes the row's lock: two reviews at once get consecutive numbers
		this.jdbc.sql("UPDATE tessera_learning_counter SET last_seq = last_seq + 1 WHERE assistant_id = ?")
			.param(assistantId)
			.update();
		return this.jdbc.sql("SELECT last_seq FROM tessera_learning_counter WHERE assistant_id = ?")
			.param(assistantId)
			.query(Long.class)
			.single();
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

	private static LearningCandidate candidate(ResultSet rs, int row) throws SQLException {
		String source = rs.getString("answer_source");
		String labels = rs.getString("labels");
		long seq = rs.getLong("accepted_seq");
		return new LearningCandidate(rs.getString("id"), rs.getString("tenant_id"), rs.getString("assistant_id"),
				rs.getString("conversation_id"), rs.getString("turn_id"), rs.getString("message"),
				new LinkedHashMap<>(JSON.readValue(rs.getString("predictions"), PREDICTIONS)), rs.getString("route"),
				rs.getString("route_reason"), rs.getString("answer"),
				source == null ? null : LearningCandidate.AnswerSource.valueOf(source), rs.getString("answered_by"),
				CandidateState.valueOf(rs.getString("state")), labels == null ? Map.of() : JSON.readValue(labels, LABELS),
				rs.getString("reviewed_by"), rs.getObject("reviewed_at", OffsetDateTime.class), rs.getString("review_note"),
				rs.getString("knowledge_document"), seq, rs.getObject("created_at", OffsetDateTime.class));
	}

}
