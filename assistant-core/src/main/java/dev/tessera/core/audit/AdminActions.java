package dev.tessera.core.audit;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

/**
 * What the APIs need to describe an operator's action for the audit trail: who acted, and a state as a
 * small JSON object.
 */
public final class AdminActions {

	/** The actor of a request nobody authenticated (until the API requires authentication). */
	public static final String ANONYMOUS = "anonymous";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AdminActions() {
	}

	/** The authenticated user's name, or {@value #ANONYMOUS}. */
	public static String actor(@Nullable Principal principal) {
		return principal == null || principal.getName() == null || principal.getName().isBlank() ? ANONYMOUS
				: principal.getName();
	}

	/**
	 * A JSON object of the given names and values, in order; nulls are kept ({@code "assignee": null}).
	 * @param namesAndValues name, value, name, value, ...
	 */
	public static String state(@Nullable Object... namesAndValues) {
		if (namesAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("names and values come in pairs, got " + namesAndValues.length);
		}
		Map<String, @Nullable Object> state = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			state.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
		}
		return JSON.writeValueAsString(state);
	}

	/** An action of the request's operator on a target of the tenant. */
	public static AdminAction of(String tenantId, @Nullable Principal principal, String action, String target,
			@Nullable String before, @Nullable String after) {
		return new AdminAction(tenantId, actor(principal), action, target, before, after);
	}

}
