package dev.tessera.domains.contract.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.persistence.StateTransition;
import dev.tessera.core.webhook.WebhookEvent;
import dev.tessera.core.webhook.WebhookOutbox;

import dev.tessera.domains.contract.RiskLevel;

/**
 * Contract reviews in tables {@code tessera_contract_review} and {@code tessera_contract_review_comment} (the
 * plug-in's own migration, {@code db/tessera-contract-review}). Transitions are guarded {@code UPDATE}s on the
 * expected state ({@code StateTransition}), so two reviewers deciding at once get one
 * decision between them: the second is refused with the state the first left.
 */
public final class JdbcContractReviews implements ContractReviews {

	private static final String COLUMNS = "id, tenant_id, file_name, title, media_type, sha256, state, overall_risk, "
			+ "report, error, submitted_by, decided_by, decision_note, created_at, analysed_at, decided_at, updated_at";

	private static final int MAX_TITLE = 500;

	/** Webhook event types. */
	public static final String ANALYSED_EVENT = "contract-review.analysed";

	public static final String DECIDED_EVENT = "contract-review.decided";

	private final JdbcClient jdbc;

	private final Clock clock;

	private final WebhookOutbox outbox;

	public JdbcContractReviews(JdbcClient jdbc, Clock clock) {
		this(jdbc, clock, WebhookOutbox.none());
	}

	/**
	 * @param outbox receives {@code contract-review.analysed} and {@code contract-review.decided}, for workflow tools
	 */
	public JdbcContractReviews(JdbcClient jdbc, Clock clock, WebhookOutbox outbox) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.outbox = outbox;
	}

	@Override
	public ContractReview submit(NewReview review) {
		String id = UUID.randomUUID().toString();
		OffsetDateTime now = now();
		String title = review.title().strip();
		this.jdbc.sql("""
				INSERT INTO tessera_contract_review (id, tenant_id, file_name, title, media_type, sha256, content, state,
				    submitted_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, review.tenantId(), review.fileName(),
					title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title, review.mediaType(),
					review.sha256(), review.content(), ReviewState.QUEUED.name(), review.submittedBy(), now, now)
			.update();
		return get(review.tenantId(), id);
	}

	@Override
	public Optional<ContractReview> find(String tenantId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_contract_review WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(JdbcContractReviews::review)
			.optional();
	}

	@Override
	public List<ContractReview> list(String tenantId, Optional<ReviewState> state, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be >= 1, got " + limit);
		}
		String sql = "SELECT " + COLUMNS + " FROM tessera_contract_review WHERE tenant_id = ?"
				+ (state.isPresent() ? " AND state = ?" : "") + " ORDER BY created_at DESC, id FETCH FIRST " + limit
				+ " ROWS ONLY";
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param(tenantId);
		if (state.isPresent()) {
			statement = statement.param(state.get().name());
		}
		return statement.query(JdbcContractReviews::review).list();
	}

	@Override
	public String content(String tenantId, String id) {
		return this.jdbc.sql("SELECT content FROM tessera_contract_review WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new UnknownReviewException(id));
	}

	@Override
	public List<String> queued() {
		return this.jdbc.sql("SELECT id FROM tessera_contract_review WHERE state = 'QUEUED' ORDER BY created_at, id")
			.query(String.class)
			.list();
	}

	@Override
	public Optional<String> tenantOf(String id) {
		return this.jdbc.sql("SELECT tenant_id FROM tessera_contract_review WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional();
	}

	@Override
	public boolean markAnalysed(String id, RiskLevel overallRisk, String reportJson) {
		OffsetDateTime now = now();
		boolean analysed = transition(id).from(ReviewState.QUEUED)
			.to(ReviewState.ANALYSED)
			.set("overall_risk", overallRisk.name())
			.set("report", reportJson)
			.set("analysed_at", now)
			.set("updated_at", now)
			.apply(this.jdbc);
		if (analysed) {
			tenantOf(id).flatMap(tenant -> find(tenant, id))
				.ifPresent(review -> this.outbox.publish(new WebhookEvent(ANALYSED_EVENT, review.tenantId(),
						Map.of("reviewId", review.id(), "fileName", review.fileName(), "title", review.title(),
								"overallRisk", overallRisk.name(), "submittedBy", review.submittedBy(), "analysedAt",
								now.toString()))));
		}
		return analysed;
	}

	@Override
	public boolean markFailed(String id, String error) {
		return transition(id).from(ReviewState.QUEUED)
			.to(ReviewState.FAILED)
			.set("error", error)
			.set("updated_at", now())
			.apply(this.jdbc);
	}

	@Override
	public ContractReview decide(String tenantId, String id, ReviewDecision decision, String reviewer,
			@Nullable String note) {
		requireText(reviewer, "reviewer");
		String text = note == null ? "" : note.strip();
		if (decision == ReviewDecision.CHANGES_REQUESTED && text.isEmpty()) {
			throw new IllegalArgumentException("asking for changes needs a comment saying which");
		}
		OffsetDateTime now = now();
		boolean decided = transition(id).where("tenant_id", tenantId)
			.from(ReviewState.ANALYSED)
			.to(decision.state())
			.set("decided_by", reviewer)
			.set("decision_note", text)
			.set("decided_at", now)
			.set("updated_at", now)
			.apply(this.jdbc);
		ContractReview review = get(tenantId, id);
		if (!decided) {
			throw new ReviewTransitionException(id, review.state(), switch (review.state()) {
				case QUEUED -> "contract review '" + id + "' is still being analysed: decide once its report is ready";
				case FAILED -> "contract review '" + id + "' could not be analysed (" + review.error()
						+ "): upload the contract again";
				case APPROVED, CHANGES_REQUESTED -> "contract review '" + id + "' was already decided ("
						+ review.state() + " by '" + review.decidedBy() + "')";
				case ANALYSED -> "contract review '" + id + "' changed while it was being decided; try again";
			});
		}
		this.outbox.publish(new WebhookEvent(DECIDED_EVENT, tenantId,
				Map.of("reviewId", review.id(), "fileName", review.fileName(), "decision", review.state().name(),
						"decidedBy", reviewer, "comment", text, "decidedAt", now.toString())));
		return review;
	}

	@Override
	public ReviewComment comment(String tenantId, String id, String author, @Nullable String clause, String text) {
		requireText(author, "author");
		requireText(text, "text");
		get(tenantId, id);
		ReviewComment comment = new ReviewComment(UUID.randomUUID().toString(), id, author,
				clause == null || clause.isBlank() ? null : clause.strip(), text.strip(), now());
		this.jdbc.sql("""
				INSERT INTO tessera_contract_review_comment (id, review_id, author, clause, text, created_at)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(comment.id(), id, author, comment.clause(), comment.text(), comment.createdAt())
			.update();
		return comment;
	}

	@Override
	public List<ReviewComment> comments(String tenantId, String id) {
		get(tenantId, id);
		return this.jdbc.sql("""
				SELECT id, review_id, author, clause, text, created_at FROM tessera_contract_review_comment
				WHERE review_id = ? ORDER BY created_at, id""")
			.param(id)
			.query((rs, row) -> new ReviewComment(rs.getString("id"), rs.getString("review_id"),
					rs.getString("author"), rs.getString("clause"), rs.getString("text"),
					rs.getObject("created_at", OffsetDateTime.class)))
			.list();
	}

	private ContractReview get(String tenantId, String id) {
		return find(tenantId, id).orElseThrow(() -> new UnknownReviewException(id));
	}

	private static void requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " cannot be empty");
		}
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
	}

	private static ContractReview review(ResultSet rs, int row) throws SQLException {
		String risk = rs.getString("overall_risk");
		return new ContractReview(rs.getString("id"), rs.getString("tenant_id"), rs.getString("file_name"),
				rs.getString("title"), rs.getString("media_type"), rs.getString("sha256").strip(),
				ReviewState.valueOf(rs.getString("state")), risk == null ? null : RiskLevel.valueOf(risk),
				rs.getString("report"), rs.getString("error"), rs.getString("submitted_by"),
				rs.getString("decided_by"), rs.getString("decision_note"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("analysed_at", OffsetDateTime.class),
				rs.getObject("decided_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
	}

	/** A guarded change of one review's state (analysis and failure happen in the background, for any tenant). */
	private static StateTransition transition(String id) {
		return StateTransition.of("tessera_contract_review", "state").where("id", id);
	}

}
