package org.homeroom.crisis.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A crisis incident. {@code sites} empty means district-wide; {@code action} is the current Standard Response
 * Protocol action (hold, secure, lockdown, evacuate, shelter) or null; {@code roles} maps lead, spokesperson and
 * reunification to user names; {@code holdId} is the platform communications hold it started, while active.
 */
public record Incident(long id, String type, String severity, String action, String status, boolean drill, String summary,
        List<String> sites, Map<String, List<String>> roles, Long holdId, String bannerEn, String bannerEs,
        Instant openedAt, String openedBy, Instant updatedAt, Instant closedAt, List<LogEntry> log) {

    public static final String OPEN = "open";
    public static final String CONTAINED = "contained";
    public static final String CLOSED = "closed";
    public static final List<String> ACTIONS = List.of("hold", "secure", "lockdown", "evacuate", "shelter");
    public static final List<String> SEVERITIES = List.of("low", "moderate", "high", "critical");
    public static final List<String> ROLES = List.of("lead", "spokesperson", "reunification");

    public Incident {
        sites = sites == null ? List.of() : List.copyOf(sites);
        roles = roles == null ? Map.of() : Map.copyOf(roles);
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** One timestamped entry: kind is note, action, status, role, hold or banner. */
    public record LogEntry(long id, Instant at, String actor, String kind, String entry) {
    }
}
