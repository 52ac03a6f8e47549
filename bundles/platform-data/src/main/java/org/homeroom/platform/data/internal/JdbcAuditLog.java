package org.homeroom.platform.data.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.data.AuditEntry;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.AuditQuery;
import org.homeroom.platform.api.data.DataException;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The audit trail in HR_AUDIT, written inside the caller's transaction so the change and its entry commit together. */
@Component(service = AuditLog.class)
public class JdbcAuditLog implements AuditLog {

    private static final int MAX_DETAIL = 4000;
    private final Database database;

    @Activate
    public JdbcAuditLog(@Reference Database database) {
        this.database = database;
    }

    @Override
    public void record(Connection transaction, String actor, String action, String entity, String entityId, String detail) {
        try (PreparedStatement ps = transaction.prepareStatement(
                "INSERT INTO HR_AUDIT (OCCURRED_AT, ACTOR, ACTION, ENTITY, ENTITY_ID, DETAIL) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.setString(2, actor == null ? "system" : actor);
            ps.setString(3, action);
            ps.setString(4, entity);
            ps.setString(5, entityId);
            ps.setString(6, detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…");
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new DataException("Cannot write audit entry: " + e.getMessage(), e);
        }
    }

    private static String likeLiteral(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public Page<AuditEntry> find(AuditQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.entity() != null) {
            where.append(" AND ENTITY = ?");
            args.add(query.entity());
        }
        if (query.entityId() != null) {
            where.append(" AND ENTITY_ID = ?");
            args.add(query.entityId());
        }
        if (query.actor() != null) {
            where.append(" AND ACTOR = ?");
            args.add(query.actor());
        }
        if (query.since() != null) {
            where.append(" AND OCCURRED_AT >= ?");
            args.add(query.since());
        }
        if (query.site() != null) {
            where.append(" AND ((ENTITY = 'site' AND ENTITY_ID = ?) OR (ENTITY = 'module-setting' AND ENTITY_ID LIKE ? ESCAPE '\\'))");
            args.add(query.site());
            args.add(likeLiteral(query.site()) + "/%");
        }
        if (query.module() != null) {
            where.append(" AND ((ENTITY = 'module' AND ENTITY_ID = ?) OR (ENTITY = 'module-setting' AND ENTITY_ID LIKE ? ESCAPE '\\')"
                    + " OR ACTION LIKE ? ESCAPE '\\')");
            args.add(query.module());
            args.add("%/" + likeLiteral(query.module()));
            args.add(likeLiteral(query.module()) + ".%");
        }
        return database.page(new PagedQuery("ID, OCCURRED_AT, ACTOR, ACTION, ENTITY, ENTITY_ID, DETAIL", "FROM HR_AUDIT" + where,
                "ID DESC", args), page, rs -> new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)));
    }

}
