package dev.tessera.core.access;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.persistence.TesseraSchema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operator accounts and API keys on a real database. Implemented once per database.
 */
public abstract class AccessStoreContract {

	protected abstract DataSource dataSource();

	private JdbcClient jdbc;

	private OperatorAccountService accounts;

	private JdbcApiKeys keys;

	@BeforeEach
	void migrateAndWire() {
		new TesseraSchema(dataSource()).migrate();
		this.jdbc = JdbcClient.create(dataSource());
		this.jdbc.sql("DELETE FROM tessera_api_key").update();
		this.jdbc.sql("DELETE FROM tessera_operator").update();
		this.accounts = new OperatorAccountService(new JdbcOperatorAccounts(this.jdbc), Clock.systemUTC());
		this.keys = new JdbcApiKeys(this.jdbc, Clock.systemUTC());
	}

	@Test
	void first_start_creates_one_admin_with_a_generated_password_and_later_starts_change_nothing() {
		String generated = this.accounts.ensureInitialAdmin("admin", null, "default").orElseThrow();
		OperatorAccount admin = this.accounts.find("admin").orElseThrow();
		assertThat(admin.roles()).containsExactly(Role.ADMIN);
		assertThat(admin.passwordHash()).startsWith("$2").doesNotContain(generated);
		assertThat(this.accounts.passwordEncoder().matches(generated, admin.passwordHash())).isTrue();

		assertThat(this.accounts.ensureInitialAdmin("admin", "another-password-123", "default")).isEmpty();
		assertThat(this.accounts.passwordEncoder()
			.matches(generated, this.accounts.find("admin").orElseThrow().passwordHash())).isTrue();
	}

	@Test
	void a_configured_initial_password_is_used_and_not_echoed() {
		assertThat(this.accounts.ensureInitialAdmin("root", "configured-password-1", "acme")).isEmpty();
		OperatorAccount root = this.accounts.find("root").orElseThrow();
		assertThat(root.tenantId()).isEqualTo("acme");
		assertThat(this.accounts.passwordEncoder().matches("configured-password-1", root.passwordHash())).isTrue();
	}

	@Test
	void accounts_are_checked_created_updated_and_their_passwords_changed() {
		assertThatThrownBy(() -> this.accounts.create("rev", "short", EnumSet.of(Role.REVIEWER), "default"))
			.isInstanceOf(InvalidAccountException.class)
			.hasMessageContaining("at least 12");
		assertThatThrownBy(() -> this.accounts.create("bad name!", "long-enough-password", Set.of(Role.AUDITOR), "d"))
			.isInstanceOf(InvalidAccountException.class)
			.extracting(ex -> ((InvalidAccountException) ex).field())
			.isEqualTo("username");
		assertThatThrownBy(() -> this.accounts.create("nobody", "long-enough-password", Set.of(), "default"))
			.isInstanceOf(InvalidAccountException.class)
			.hasMessageContaining("at least one");

		this.accounts.create("rev", "long-enough-password", EnumSet.of(Role.REVIEWER), "default");
		assertThatThrownBy(() -> this.accounts.create("rev", "long-enough-password", Set.of(Role.ADMIN), "default"))
			.isInstanceOf(InvalidAccountException.class)
			.hasMessageContaining("already taken");

		OperatorAccount updated = this.accounts.update("rev", EnumSet.of(Role.REVIEWER, Role.AUDITOR), false);
		assertThat(updated.roles()).containsExactlyInAnyOrder(Role.REVIEWER, Role.AUDITOR);
		assertThat(updated.enabled()).isFalse();

		this.accounts.changePassword("rev", "a-new-long-password");
		assertThat(this.accounts.passwordEncoder()
			.matches("a-new-long-password", this.accounts.find("rev").orElseThrow().passwordHash())).isTrue();
		assertThatThrownBy(() -> this.accounts.update("ghost", Set.of(Role.ADMIN), true))
			.isInstanceOf(UnknownAccountException.class);
	}

	@Test
	void a_key_authenticates_until_revoked_and_only_its_hash_is_stored() {
		IssuedApiKey issued = this.keys.issue("acme", "support widget", Set.of("ecommerce-support"), "admin");
		assertThat(issued.secret()).startsWith(ApiKeys.SECRET_PREFIX).hasSizeGreaterThan(40);
		assertThat(issued.key().prefix()).isEqualTo(issued.secret().substring(0, 12));

		String stored = this.jdbc.sql("SELECT secret_hash FROM tessera_api_key WHERE id = ?")
			.param(issued.key().id())
			.query(String.class)
			.single();
		assertThat(stored).hasSize(64).doesNotContain(issued.secret().substring(4));

		ApiKey key = this.keys.authenticate(issued.secret()).orElseThrow();
		assertThat(key.tenantId()).isEqualTo("acme");
		assertThat(key.allows("ecommerce-support")).isTrue();
		assertThat(key.allows("medical-triage")).isFalse();
		assertThat(this.keys.find("acme", key.id()).orElseThrow().lastUsedAt()).isNotNull();

		assertThat(this.keys.authenticate(issued.secret() + "x")).isEmpty();
		assertThat(this.keys.authenticate("not-a-key")).isEmpty();

		assertThat(this.keys.revoke("other-tenant", key.id())).as("another tenant cannot revoke it").isFalse();
		assertThat(this.keys.authenticate(issued.secret())).isPresent();
		assertThat(this.keys.revoke("acme", key.id())).isTrue();
		assertThat(this.keys.revoke("acme", key.id())).as("already revoked").isFalse();
		assertThat(this.keys.authenticate(issued.secret())).isEmpty();
		assertThat(this.keys.list("acme")).singleElement().satisfies(k -> assertThat(k.revoked()).isTrue());
		assertThat(this.keys.list("other-tenant")).isEmpty();
	}

	@Test
	void a_key_without_assistants_allows_all_of_its_tenant() {
		IssuedApiKey issued = this.keys.issue("acme", "all", Set.of(), "admin");
		assertThat(this.keys.authenticate(issued.secret()).orElseThrow().allows("anything")).isTrue();
		assertThatThrownBy(() -> this.keys.issue("acme", " ", Set.of(), "admin"))
			.isInstanceOf(InvalidAccountException.class);
	}

}
