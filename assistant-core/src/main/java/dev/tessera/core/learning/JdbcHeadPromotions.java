package dev.tessera.core.learning;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.persistence.StateTransition;

/** {@link HeadPromotions} in table {@code tessera_head_promotion}. */
public final class JdbcHeadPromotions implements HeadPromotions {

	private static final String COLUMNS = "id, assistant_id, head, candidate_version, serving_version, state, through_seq,"
			+ " trained_on, held_back, comparison, decided_by, created_at, updated_at";

	private final JdbcClient jdbc;

	private final Clock clock;

	public JdbcHeadPromotions(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public HeadPromotion add(HeadPromotion p) {
		this.jdbc.sql("INSERT INTO tessera_head_promotion (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(p.id(), p.assistantId(), p.head(), p.candidateVersion(), p.servingVersion(), p.state().name(),
					p.throughSeq(), p.trainedOn(), p.heldBack(), p.comparison(), p.decidedBy(), p.createdAt(),
					p.updatedAt())
			.update();
		return p;
	}

	@Override
	public List<HeadPromotion> list(String assistantId, String head, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_head_promotion WHERE assistant_id = ? AND head = ?"
				+ " ORDER BY created_at DESC, id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY")
			.params(assistantId, head)
			.query(JdbcHeadPromotions::promotion)
			.list();
	}

	@Override
	public Optional<HeadPromotion> promoted(String assistantId, String head, int version) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_head_promotion WHERE assistant_id = ? AND head = ?"
				+ " AND candidate_version = ? AND state = 'PROMOTED' ORDER BY created_at DESC FETCH FIRST 1 ROWS ONLY")
			.params(assistantId, head, version)
			.query(JdbcHeadPromotions::promotion)
			.optional();
	}

	@Override
	public boolean rollBack(String id, String actor) {
		return StateTransition.of("tessera_head_promotion", "state")
			.where("id", id)
			.from(HeadPromotion.State.PROMOTED)
			.to(HeadPromotion.State.ROLLED_BACK)
			.set("decided_by", actor)
			.set("updated_at", OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC))
			.apply(this.jdbc);
	}

	private static HeadPromotion promotion(ResultSet rs, int row) throws SQLException {
		return new HeadPromotion(rs.getString("id"), rs.getString("assistant_id"), rs.getString("head"),
				rs.getInt("candidate_version"), rs.getInt("serving_version"),
				HeadPromotion.State.valueOf(rs.getString("state")), rs.getLong("through_seq"), rs.getInt("trained_on"),
				rs.getInt("held_back"), rs.getString("comparison"), rs.getString("decided_by"),
				rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
	}

}
