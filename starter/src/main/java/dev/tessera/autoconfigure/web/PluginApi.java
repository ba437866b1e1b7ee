package dev.tessera.autoconfigure.web;

import java.util.Objects;
import java.util.Set;

import dev.tessera.core.access.Role;

/**
 * The HTTP API a plug-in adds under {@code /api/}: who may read it ({@code GET}) and who may change it (every other
 * method), and whether {@code POST} to its root takes uploads (the larger {@code tessera.api.max-upload-bytes}
 * applies there). Declared as a bean beside the plug-in's controller; the server's security admits those roles to the
 * path and everything under it, and refuses the rest with a problem.
 *
 * @param path the API's root, e.g. {@code /api/v1/contract-reviews}
 * @param readers who may read it
 * @param writers who may change it
 * @param uploads whether {@code POST path} accepts uploads
 */
public record PluginApi(String path, Set<Role> readers, Set<Role> writers, boolean uploads) {

	public PluginApi {
		Objects.requireNonNull(path, "path cannot be null");
		if (!path.startsWith("/api/") || path.endsWith("/") || path.contains("*")) {
			throw new IllegalArgumentException(
					"a plug-in's API lives under /api/, without a trailing '/' or wildcards, got " + path);
		}
		readers = Set.copyOf(readers);
		writers = Set.copyOf(writers);
		if (readers.isEmpty() || writers.isEmpty()) {
			throw new IllegalArgumentException("plug-in API " + path + " must name who may read it and who may change it");
		}
	}

	/** Whether a request path is this API's root or under it. */
	public boolean covers(String requestPath) {
		return requestPath.equals(this.path) || requestPath.startsWith(this.path + "/");
	}

	/** Whether a request is an upload to this API. */
	public boolean isUpload(String method, String requestPath) {
		return this.uploads && "POST".equals(method)
				&& (requestPath.equals(this.path) || requestPath.equals(this.path + "/"));
	}

	public String[] readerRoles() {
		return names(this.readers);
	}

	public String[] writerRoles() {
		return names(this.writers);
	}

	private static String[] names(Set<Role> roles) {
		return roles.stream().map(Role::name).sorted().toArray(String[]::new);
	}

}
