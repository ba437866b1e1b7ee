package dev.tessera.core.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link OperatorAccounts} on plain JDBC; portable between H2 and PostgreSQL.
 */
public final class JdbcOperatorAccounts implements OperatorAccounts {

	private static final String COLUMNS = "username, tenant_id, password_hash, roles, enabled, created_at";

	private final JdbcClient jdbc;

	public JdbcOperatorAccounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<OperatorAccount> find(String username) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_operator WHERE username = ?")
			.param(username)
			.query(JdbcOperatorAccounts::map)
			.optional();
	}

	@Override
	public List<OperatorAccount> all() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_operator ORDER BY username")
			.query(JdbcOperatorAccounts::map)
			.list();
	}

	@Override
	public long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM tessera_operator").query(Long.class).single();
	}

	@Override
	public boolean create(OperatorAccount account) {
		try {
			return this.jdbc.sql("""
					INSERT INTO tessera_operator (username, tenant_id, password_hash, roles, enabled, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)""")
				.params(account.username(), account.tenantId(), account.passwordHash(), roles(account.roles()),
						account.enabled(), account.createdAt(), account.createdAt())
				.update() == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public boolean update(String username, Set<Role> roles, boolean enabled) {
		return this.jdbc.sql("UPDATE tessera_operator SET roles = ?, enabled = ?, updated_at = ? WHERE username = ?")
			.params(roles(roles), enabled, OffsetDateTime.now(ZoneOffset.UTC), username)
			.update() == 1;
	}

	@Override
	public boolean updatePassword(String username, String passwordHash) {
		return this.jdbc.sql("UPDATE tessera_operator SET password_hash = ?, updated_at = ? WHERE username = ?")
			.params(passwordHash, OffsetDateTime.now(ZoneOffset.UTC), username)
			.update() == 1;
	}

	private static String roles(Set<Role> roles) {
		return roles.stream().map(Role::name).sorted().collect(Collectors.joining(","));
	}

	private static OperatorAccount map(ResultSet rs, int row) throws SQLException {
		Set<Role> roles = EnumSet.noneOf(Role.class);
		Arrays.stream(rs.getString("roles").split(",")).filter(s -> !s.isBlank()).map(Role::valueOf).forEach(roles::add);
		return new OperatorAccount(rs.getString("username"), rs.getString("tenant_id"), rs.getString("password_hash"),
				roles, rs.getBoolean("enabled"), rs.getObject("created_at", OffsetDateTime.class));
	}

}
