package org.homeroom.platform.admin.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;

/** HR_MODULE_DESIRED: the set of modules the district wants, and in which state. */
final class DesiredStateStore {

    private final Database database;
    private final AuditLog audit;

    DesiredStateStore(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    Map<String, ReconcilePlanner.Desired> all() {
        return database.read(c -> {
            Map<String, ReconcilePlanner.Desired> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT MODULE_ID, STATE, VERSION FROM HR_MODULE_DESIRED ORDER BY MODULE_ID");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new ReconcilePlanner.Desired(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        });
    }

    Optional<ReconcilePlanner.Desired> get(String moduleId) {
        return Optional.ofNullable(all().get(moduleId));
    }

    /** Records the wanted state (and audits who wanted it); {@code previous} null means "no row". */
    void put(String moduleId, String state, String version, String actor, String reason) {
        database.inTransaction(c -> {
            upsert(c, moduleId, state, version, actor);
            audit.record(c, actor, "module.desired." + state, "module", moduleId, reason);
            return null;
        });
    }

    /** Puts back what was there before a failed operation. */
    void restore(String moduleId, ReconcilePlanner.Desired previous, String actor) {
        database.inTransaction(c -> {
            if (previous == null) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM HR_MODULE_DESIRED WHERE MODULE_ID = ?")) {
                    ps.setString(1, moduleId);
                    ps.executeUpdate();
                }
            } else {
                upsert(c, moduleId, previous.state(), previous.version(), actor);
            }
            audit.record(c, actor, "module.desired.restored", "module", moduleId,
                    previous == null ? "no desired state" : previous.state());
            return null;
        });
    }

    private static void upsert(Connection c, String moduleId, String state, String version, String actor) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE HR_MODULE_DESIRED SET STATE = ?, VERSION = ?, UPDATED_AT = ?, UPDATED_BY = ? WHERE MODULE_ID = ?")) {
            update.setString(1, state);
            update.setString(2, version);
            update.setTimestamp(3, now);
            update.setString(4, actor);
            update.setString(5, moduleId);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO HR_MODULE_DESIRED (MODULE_ID, STATE, VERSION, UPDATED_AT, UPDATED_BY) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, moduleId);
            insert.setString(2, state);
            insert.setString(3, version);
            insert.setTimestamp(4, now);
            insert.setString(5, actor);
            insert.executeUpdate();
        }
    }
}
