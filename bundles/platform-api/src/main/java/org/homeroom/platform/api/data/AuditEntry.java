package org.homeroom.platform.api.data;

import java.time.Instant;

/** One change: who did what to which entity, when; {@code detail} is a short JSON or text summary. */
public record AuditEntry(long id, Instant at, String actor, String action, String entity, String entityId,
        String detail) {
}
