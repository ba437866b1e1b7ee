package dev.tessera.core.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link AuditTrail} on the audit tables: turns and admin actions read together with {@code UNION ALL}, newest
 * (highest {@code seq}) first. Portable between H2 and PostgreSQL.
 */
public final class JdbcAuditTrail implements AuditTrail {

	/** Records read per query when exporting or verifying, unless told otherwise. */
	public static final int DEFAULT_BATCH = 1000;

	private final JdbcClient jdbc;

	private final int batchSize;

	private final ChainVerifier verifier;

	public JdbcAuditTrail(JdbcClient jdbc) {
		this(jdbc, DEFAULT_BATCH);
	}

	/** @param batchSize records read per query while exporting, and per query and table while verifying */
	public JdbcAuditTrail(JdbcClient jdbc, int batchSize) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
		}
		this.jdbc = jdbc;
		this.batchSize = batchSize;
		this.verifier = new ChainVerifier(jdbc, batchSize);
	}

	@Override
	public AuditPage search(AuditQuery query, int page, int size) {
		if (page < 0 || size < 1) {
			throw new IllegalArgumentException("page must be >= 0 and size >= 1, got " + page + " and " + size);
		}
		List<Part> parts = parts(query, null, List.of());
		List<Object> params = new ArrayList<>();
		String union = union(parts, params);
		params.add((long) page * size);
		params.add(size);
		List<AuditEntry> entries = this.jdbc.sql(union + " ORDER BY seq DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
			.params(params)
			.query(AuditRows::entry)
			.list();
		long total = 0;
		for (Part part : parts) {
			total += this.jdbc.sql("SELECT count(*) FROM " + part.table() + part.where())
				.params(part.params())
				.query(Long.class)
				.single();
		}
		return new AuditPage(entries, page, size, total);
	}

	@Override
	public Optional<AuditEntry> find(String tenantId, long id) {
		List<Object> params = new ArrayList<>();
		String union = union(parts(AuditQuery.all(tenantId), "id = ?", List.of(id)), params);
		return this.jdbc.sql(union + " ORDER BY seq").params(params).query(AuditRows::entry).list().stream().findFirst();
	}

	@Override
	public void forEach(AuditQuery query, Consumer<AuditEntry> sink) {
		// the head bounds the walk: records committed later are not exported, and keyset paging needs a start
		long below = this.jdbc.sql("SELECT last_seq FROM tessera_audit_chain_head WHERE id = 1")
			.query(Long.class)
			.optional()
			.orElse(0L) + 1;
		while (true) {
			List<Object> params = new ArrayList<>();
			String union = union(parts(query, "seq < ?", List.of(below)), params);
			List<AuditEntry> batch = this.jdbc
				.sql(union + " ORDER BY seq DESC FETCH FIRST " + this.batchSize + " ROWS ONLY")
				.params(params)
				.query(AuditRows::entry)
				.list();
			batch.forEach(sink);
			if (batch.size() < this.batchSize) {
				return;
			}
			below = batch.getLast().seq();
		}
	}

	@Override
	public ChainVerification verify() {
		return this.verifier.verify();
	}

	private static String union(List<Part> parts, List<Object> params) {
		List<String> selects = new ArrayList<>();
		for (Part part : parts) {
			selects.add("SELECT " + AuditRows.columns(part.table()) + " FROM " + part.table() + part.where());
			params.addAll(part.params());
		}
		return String.join(" UNION ALL ", selects);
	}

	/** One table's share of a query: its {@code WHERE} clause and parameters. */
	private record Part(String table, String where, List<Object> params) {
	}

	/**
	 * @param condition an extra condition on columns both tables have ({@code seq}, {@code id}), or null
	 */
	private static List<Part> parts(AuditQuery query, @Nullable String condition, List<Object> conditionParams) {
		List<Part> parts = new ArrayList<>();
		if (query.includesTurns()) {
			parts.add(part(AuditRows.TURNS, query, condition, conditionParams));
		}
		if (query.includesAdminActions()) {
			parts.add(part(AuditRows.ADMIN_ACTIONS, query, condition, conditionParams));
		}
		return parts;
	}

	private static Part part(String table, AuditQuery query, @Nullable String condition,
			List<Object> conditionParams) {
		StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
		List<Object> params = new ArrayList<>(List.of(query.tenantId()));
		if (query.assistantId() != null) {
			where.append(" AND assistant_id = ?");
			params.add(query.assistantId());
		}
		if (query.route() != null) {
			where.append(" AND route = ?");
			params.add(query.route());
		}
		if (query.rail() != null) {
			where.append(" AND rails_fired LIKE ? ESCAPE '!'");
			params.add("%," + query.rail().replace("!", "!!").replace("_", "!_").replace("%", "!%") + ",%");
		}
		if (query.from() != null) {
			where.append(" AND created_at >= ?");
			params.add(query.from());
		}
		if (query.to() != null) {
			where.append(" AND created_at < ?");
			params.add(query.to());
		}
		if (condition != null) {
			where.append(" AND ").append(condition);
			params.addAll(conditionParams);
		}
		return new Part(table, where.toString(), params);
	}

}
