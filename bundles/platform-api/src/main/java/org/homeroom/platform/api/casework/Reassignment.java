package org.homeroom.platform.api.casework;

/**
 * Moves a case: to another site (null keeps it), team (null keeps it) and assignee (null keeps it, "" unassigns).
 * {@code reason} is audited.
 */
public record Reassignment(String site, String team, String assignee, String reason) {
}
