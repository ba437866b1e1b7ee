package dev.tessera.admin;

import java.util.Objects;
import java.util.Set;

import dev.tessera.core.access.Role;

/**
 * A page a plug-in adds to the console: its entry in the menu, and the roles that may open it (the console's
 * security admits those roles to the page and everything under it). Declared as a bean next to the plug-in's
 * {@link ConsoleController}; its templates are read from the plug-in's jar ({@code templates/console/…}) and may use the
 * console's {@code fragments}.
 *
 * @param path the page's path, e.g. {@code /admin/reviews}
 * @param title the menu entry, e.g. {@code Contract reviews}
 * @param roles who may open it
 * @param uploads whether {@code POST path} takes uploads (the larger {@code tessera.api.max-upload-bytes} applies)
 */
public record ConsolePage(String path, String title, Set<Role> roles, boolean uploads) {

	/** A page that takes no uploads. */
	public ConsolePage(String path, String title, Set<Role> roles) {
		this(path, title, roles, false);
	}

	public ConsolePage {
		Objects.requireNonNull(path, "path cannot be null");
		if (!path.startsWith("/admin/") || path.endsWith("/")) {
			throw new IllegalArgumentException("a console page lives under /admin/ without a trailing '/', got " + path);
		}
		Objects.requireNonNull(title, "title cannot be null");
		roles = Set.copyOf(roles);
		if (roles.isEmpty()) {
			throw new IllegalArgumentException("console page " + path + " names no role that may open it");
		}
	}

	/** Whether a request is an upload to this page. */
	public boolean isUpload(String method, String requestPath) {
		return this.uploads && "POST".equals(method)
				&& (requestPath.equals(this.path) || requestPath.equals(this.path + "/"));
	}

	/** Whether the operator may open it (the menu shows it only then). */
	public boolean visibleTo(ConsoleOperator operator) {
		return operator != null && (operator.admin() && this.roles.contains(Role.ADMIN)
				|| operator.reviewer() && this.roles.contains(Role.REVIEWER)
				|| operator.auditor() && this.roles.contains(Role.AUDITOR));
	}

	/** The role names the console's security admits, e.g. {@code ADMIN}. */
	public String[] roleNames() {
		return this.roles.stream().map(Role::name).sorted().toArray(String[]::new);
	}

}
