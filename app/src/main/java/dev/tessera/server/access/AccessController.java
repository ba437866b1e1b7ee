package dev.tessera.server.access;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.tessera.core.access.ApiKey;
import dev.tessera.core.access.ApiKeys;
import dev.tessera.core.access.IssuedApiKey;
import dev.tessera.core.access.OperatorAccount;
import dev.tessera.core.access.OperatorAccountService;
import dev.tessera.core.access.Role;
import dev.tessera.core.access.UnknownAccountException;
import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.UnknownAssistantException;
import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.server.security.CallerTenant;

/**
 * Operator accounts and chat API keys, for administrators. A key's secret is in the response that creates it and
 * nowhere else, ever. Every change goes into the audit trail (never a password or a secret).
 */
@RestController
@RequestMapping("/api/v1")
class AccessController {

	private final OperatorAccountService accounts;

	private final ApiKeys keys;

	private final AssistantCatalog assistants;

	private final CallerTenant caller;

	private final ObjectProvider<AdminAuditLog> audit;

	AccessController(OperatorAccountService accounts, ApiKeys keys, AssistantCatalog assistants, CallerTenant caller,
			ObjectProvider<AdminAuditLog> audit) {
		this.accounts = accounts;
		this.keys = keys;
		this.assistants = assistants;
		this.caller = caller;
		this.audit = audit;
	}

	/** Who the caller is: name, tenant and roles. */
	@GetMapping("/me")
	Map<String, Object> me(Authentication authentication) {
		Set<String> roles = new TreeSet<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			roles.add(authority.getAuthority().replaceFirst("^ROLE_", ""));
		}
		return Map.of("name", this.caller.actor(), "tenant", this.caller.tenant(), "roles", roles);
	}

	@GetMapping("/admin/users")
	List<OperatorView> users() {
		String tenant = this.caller.tenant();
		return this.accounts.all().stream().filter(a -> a.tenantId().equals(tenant)).map(OperatorView::of).toList();
	}

	@PostMapping("/admin/users")
	ResponseEntity<OperatorView> createUser(@RequestBody NewOperator body) {
		OperatorAccount account = this.accounts.create(body.username(), body.password(), body.roles(),
				this.caller.tenant());
		record("operator.create", "operator/" + account.username(), null, OperatorView.of(account).toString());
		return ResponseEntity.created(URI.create("/api/v1/admin/users/" + account.username()))
			.body(OperatorView.of(account));
	}

	@PatchMapping("/admin/users/{username}")
	OperatorView updateUser(@PathVariable String username, @RequestBody OperatorChange body) {
		OperatorAccount before = own(username);
		OperatorAccount after = this.accounts.update(username, body.roles() == null ? before.roles() : body.roles(),
				body.enabled() == null ? before.enabled() : body.enabled());
		record("operator.update", "operator/" + username, OperatorView.of(before).toString(),
				OperatorView.of(after).toString());
		return OperatorView.of(after);
	}

	@PutMapping("/admin/users/{username}/password")
	ResponseEntity<Void> changePassword(@PathVariable String username, @RequestBody PasswordChange body) {
		own(username);
		this.accounts.changePassword(username, body.password());
		record("operator.password", "operator/" + username, null, null);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/admin/api-keys")
	List<KeyView> apiKeys() {
		return this.keys.list(this.caller.tenant()).stream().map(KeyView::of).toList();
	}

	@PostMapping("/admin/api-keys")
	ResponseEntity<IssuedKeyView> issue(@RequestBody NewKey body) {
		Set<String> scope = body.assistants() == null ? Set.of() : Set.copyOf(body.assistants());
		for (String assistant : scope) {
			if (this.assistants.find(assistant).isEmpty()) {
				throw new UnknownAssistantException(assistant,
						this.assistants.all().stream().map(a -> a.id()).toList());
			}
		}
		IssuedApiKey issued = this.keys.issue(this.caller.tenant(), body.name(), scope, this.caller.actor());
		record("api-key.issue", "api-key/" + issued.key().id(), null, KeyView.of(issued.key()).toString());
		return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + issued.key().id()))
			.body(new IssuedKeyView(KeyView.of(issued.key()), issued.secret()));
	}

	@DeleteMapping("/admin/api-keys/{id}")
	KeyView revoke(@PathVariable String id) {
		String tenant = this.caller.tenant();
		ApiKey before = this.keys.find(tenant, id)
			.filter(key -> !key.revoked())
			.orElseThrow(() -> new UnknownAccountException("live API key '" + id + "'"));
		this.keys.revoke(tenant, id);
		ApiKey after = this.keys.find(tenant, id).orElseThrow();
		record("api-key.revoke", "api-key/" + id, KeyView.of(before).toString(), KeyView.of(after).toString());
		return KeyView.of(after);
	}

	/** An account of the caller's own tenant; any other is reported as unknown. */
	private OperatorAccount own(String username) {
		return this.accounts.find(username)
			.filter(account -> account.tenantId().equals(this.caller.tenant()))
			.orElseThrow(() -> new UnknownAccountException("operator '" + username + "'"));
	}

	private void record(String action, String target, String before, String after) {
		this.audit.ifAvailable(log -> log
			.record(new AdminAction(this.caller.tenant(), this.caller.actor(), action, target, before, after)));
	}

	record NewOperator(String username, String password, Set<Role> roles) {
	}

	record OperatorChange(Set<Role> roles, Boolean enabled) {
	}

	record PasswordChange(String password) {
	}

	record NewKey(String name, List<String> assistants) {
	}

	record OperatorView(String username, String tenant, Set<Role> roles, boolean enabled, OffsetDateTime createdAt) {

		static OperatorView of(OperatorAccount account) {
			return new OperatorView(account.username(), account.tenantId(), new TreeSet<>(account.roles()),
					account.enabled(), account.createdAt());
		}

	}

	record KeyView(String id, String name, String prefix, Set<String> assistants, String createdBy,
			OffsetDateTime createdAt, OffsetDateTime revokedAt, OffsetDateTime lastUsedAt) {

		static KeyView of(ApiKey key) {
			return new KeyView(key.id(), key.name(), key.prefix(), new TreeSet<>(key.assistants()), key.createdBy(),
					key.createdAt(), key.revokedAt(), key.lastUsedAt());
		}

	}

	record IssuedKeyView(KeyView key, String secret) {
	}

}
