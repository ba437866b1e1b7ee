package dev.tessera.core.turn;

/**
 * A rail's verdict as reported in a reply and the audit trail.
 *
 * @param rail the rail's name
 * @param direction {@code input} or {@code output}
 * @param detected whether the rail found something
 * @param action what the policy did ({@code ALLOW} when nothing was found)
 * @param reason the rail's explanation
 */
public record RailFinding(String rail, String direction, boolean detected, String action, String reason) {
}
