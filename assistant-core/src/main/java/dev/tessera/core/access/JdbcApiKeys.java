package dev.tessera.core.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link ApiKeys} on plain JDBC. A secret is 32 random bytes, so a single SHA-256 is enough to store it safely (a slow
 * hash such as bcrypt protects guessable passwords, and would cost every chat request ~100 ms).
 */
public final class JdbcApiKeys implements ApiKeys {

	private static final String COLUMNS = "id, tenant_id, name, prefix, assistants, created_by, created_at, revoked_at, last_used_at";

	/** Last-use times are written at most this often per key, not on every request. */
	private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

	private static final int PREFIX_LENGTH = 12;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	public JdbcApiKeys(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public IssuedApiKey issue(String tenantId, String name, Set<String> assistants, String createdBy) {
		if (name == null || name.isBlank() || name.length() > 100) {
			throw new InvalidAccountException("name", "a key needs a name of 1 to 100 characters");
		}
		dev.tessera.core.text.StorableText.problem(name).ifPresent(problem -> {
			throw new InvalidAccountException("name", "the key's name " + problem);
		});
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		ApiKey key = new ApiKey(UUID.randomUUID().toString(), tenantId, name.strip(),
				secret.substring(0, PREFIX_LENGTH), assistants, createdBy, OffsetDateTime.now(this.clock), null, null);
		this.jdbc.sql("""
				INSERT INTO tessera_api_key (id, tenant_id, name, prefix, secret_hash, assistants, created_by, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(key.id(), tenantId, key.name(), key.prefix(), hash(secret), String.join(",", key.assistants()),
					createdBy, key.createdAt())
			.update();
		return new IssuedApiKey(key, secret);
	}

	@Override
	public Optional<ApiKey> authenticate(String secret) {
		if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
			return Optional.empty();
		}
		Optional<ApiKey> key = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM tessera_api_key WHERE secret_hash = ? AND revoked_at IS NULL")
			.param(hash(secret))
			.query(JdbcApiKeys::map)
			.optional();
		key.ifPresent(this::touch);
		return key;
	}

	@Override
	public List<ApiKey> list(String tenantId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_api_key WHERE tenant_id = ? ORDER BY created_at DESC, id")
			.param(tenantId)
			.query(JdbcApiKeys::map)
			.list();
	}

	@Override
	public Optional<ApiKey> find(String tenantId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_api_key WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(JdbcApiKeys::map)
			.optional();
	}

	@Override
	public boolean revoke(String tenantId, String id) {
		return this.jdbc
			.sql("UPDATE tessera_api_key SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL")
			.params(OffsetDateTime.now(this.clock), tenantId, id)
			.update() == 1;
	}

	private void touch(ApiKey key) {
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(LAST_USED_RESOLUTION))) {
			this.jdbc.sql("UPDATE tessera_api_key SET last_used_at = ? WHERE id = ?").params(now, key.id()).update();
		}
	}

	private static String hash(String secret) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	private static ApiKey map(ResultSet rs, int row) throws SQLException {
		Set<String> assistants = new LinkedHashSet<>();
		Arrays.stream(rs.getString("assistants").split(",")).filter(s -> !s.isBlank()).forEach(assistants::add);
		return new ApiKey(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), rs.getString("prefix"),
				assistants, rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("revoked_at", OffsetDateTime.class), rs.getObject("last_used_at", OffsetDateTime.class));
	}

}
