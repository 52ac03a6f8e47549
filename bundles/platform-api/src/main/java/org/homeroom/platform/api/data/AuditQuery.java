package org.homeroom.platform.api.data;

import java.time.Instant;

/** Filters of the audit trail; null means "any". */
public record AuditQuery(String entity, String entityId, String actor, Instant since) {
}
