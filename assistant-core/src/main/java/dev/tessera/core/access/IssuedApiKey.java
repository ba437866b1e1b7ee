package dev.tessera.core.access;

/**
 * A key just issued: the only moment its secret exists outside the client.
 */
public record IssuedApiKey(ApiKey key, String secret) {
}
