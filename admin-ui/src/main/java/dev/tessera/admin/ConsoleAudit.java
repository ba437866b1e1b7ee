package dev.tessera.admin;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;

/**
 * Records what an operator changed through the console in the audit trail, like the admin API does.
 */
@Component
public class ConsoleAudit {

	private final ObjectProvider<AdminAuditLog> log;

	ConsoleAudit(ObjectProvider<AdminAuditLog> log) {
		this.log = log;
	}

	public void record(ConsoleOperator operator, String action, String target, @Nullable String before,
			@Nullable String after) {
		this.log.ifAvailable(
				audit -> audit.record(new AdminAction(operator.tenant(), operator.username(), action, target, before, after)));
	}

}
