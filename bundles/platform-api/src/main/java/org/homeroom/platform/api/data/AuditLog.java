package org.homeroom.platform.api.data;

import java.sql.Connection;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/** The audit trail. Entries are written in the same transaction as the change they describe. */
@ProviderType
public interface AuditLog {

    /** Records a change inside the caller's transaction ({@link Database#inTransaction}). */
    void record(Connection transaction, String actor, String action, String entity, String entityId, String detail);

    /** Newest first. */
    Page<AuditEntry> find(AuditQuery query, PageRequest page);
}
