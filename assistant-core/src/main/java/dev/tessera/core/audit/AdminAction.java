package dev.tessera.core.audit;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One thing an operator did, as the audit trail keeps it: who, what, on which target, and the state before and
 * after (JSON or text; null where there is none, e.g. before a creation or after a deletion).
 *
 * @param tenantId the tenant the target belongs to
 * @param actor the authenticated user or API key that acted
 * @param action a stable verb-noun name, e.g. {@code assistant.update}, {@code handoff.resolve}
 * @param target what was acted on, e.g. {@code assistant/ecommerce-support}
 */
public record AdminAction(String tenantId, String actor, String action, String target, @Nullable String before,
		@Nullable String after) {

	public AdminAction {
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(actor, "actor cannot be null");
		Objects.requireNonNull(action, "action cannot be null");
		Objects.requireNonNull(target, "target cannot be null");
	}

}
