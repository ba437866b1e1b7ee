package dev.tessera.server.security;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tessera.autoconfigure.web.PluginApi;
import dev.tessera.core.access.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A plug-in's API may not open a path of the server's own or of another plug-in. */
class PluginApiPathsTest {

	private static PluginApi api(String path) {
		return new PluginApi(path, Set.of(Role.AUDITOR), Set.of(Role.REVIEWER), false);
	}

	@Test
	void an_api_of_its_own_is_accepted() {
		assertThat(SecurityConfiguration.checked(List.of(api("/api/v1/contract-reviews"), api("/api/v1/library"))))
			.hasSize(2);
	}

	@Test
	void an_api_over_or_under_the_servers_paths_or_another_plugins_is_refused_at_start_up() {
		for (String path : List.of("/api/v1", "/api/v1/admin", "/api/v1/admin/keys", "/api/v1/conversations/x")) {
			assertThatThrownBy(() -> SecurityConfiguration.checked(List.of(api(path)))).as(path)
				.hasMessageContaining("overlaps");
		}
		assertThatThrownBy(() -> SecurityConfiguration.checked(List.of(api("/api/v1/library"),
				api("/api/v1/library/loans"))))
			.hasMessageContaining("overlaps /api/v1/library");
	}

}
