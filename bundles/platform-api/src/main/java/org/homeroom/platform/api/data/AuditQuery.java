package org.homeroom.platform.api.data;

import java.time.Instant;

/**
 * Filters of the audit trail; null means "any". {@code site}: changes to that site and to its module
 * settings; {@code module}: changes to that module (operations, settings at any site) and the module's own
 * actions ({@code <module>.…}).
 */
public record AuditQuery(String entity, String entityId, String actor, Instant since, String site, String module) {

    public AuditQuery(String entity, String entityId, String actor, Instant since) {
        this(entity, entityId, actor, since, null, null);
    }
}
