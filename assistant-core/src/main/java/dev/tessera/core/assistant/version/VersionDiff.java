package dev.tessera.core.assistant.version;

/**
 * The change from one version of an assistant to another.
 *
 * @param assistantId the assistant
 * @param from the older side
 * @param to the newer side (it may also be the older: the diff then shows the way back)
 * @param diff the unified diff of their texts
 */
public record VersionDiff(String assistantId, int from, int to, UnifiedDiff diff) {
}
