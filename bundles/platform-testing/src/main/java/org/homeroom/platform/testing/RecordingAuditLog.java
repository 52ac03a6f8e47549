package org.homeroom.platform.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.data.AuditEntry;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.AuditQuery;

/** Keeps audit entries in memory; refuses entries written outside a transaction, and can be told to fail. */
public final class RecordingAuditLog implements AuditLog {

    public record Entry(String actor, String action, String entity, String entityId, String detail) {
    }

    public final List<Entry> entries = new ArrayList<>();
    public boolean fail;

    @Override
    public void record(Connection transaction, String actor, String action, String entity, String entityId, String detail) {
        try {
            if (transaction.getAutoCommit()) {
                throw new IllegalStateException("audit entry written outside a transaction: " + action);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        if (fail) {
            throw new IllegalStateException("audit store unavailable");
        }
        entries.add(new Entry(actor, action, entity, entityId, detail));
    }

    public List<String> actions() {
        return entries.stream().map(Entry::action).toList();
    }

    @Override
    public Page<AuditEntry> find(AuditQuery query, PageRequest page) {
        throw new UnsupportedOperationException();
    }
}
