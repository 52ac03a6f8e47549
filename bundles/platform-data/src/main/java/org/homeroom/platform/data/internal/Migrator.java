package org.homeroom.platform.data.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies versioned SQL scripts per owner (a bundle or module) and records them in HR_SCHEMA_HISTORY.
 * Each script runs in its own transaction (Derby and PostgreSQL both have transactional DDL), under
 * an exclusive lock on the history table so that nodes sharing a database never apply one twice.
 * A changed script that was already applied is refused: history is never rewritten.
 */
final class Migrator {

    static final String HISTORY = "HR_SCHEMA_HISTORY";
    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

    private Migrator() {
    }

    static int migrate(Connection connection, String owner, List<MigrationScript> scripts) throws SQLException {
        ensureHistoryTable(connection);
        boolean postgres = connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        int applied = 0;
        try {
            for (MigrationScript script : scripts.stream().sorted(Comparator.comparingInt(MigrationScript::version)).toList()) {
                try (Statement lock = connection.createStatement()) {
                    lock.execute("LOCK TABLE " + HISTORY + " IN EXCLUSIVE MODE");
                }
                Map<Integer, Long> done = applied(connection, owner);
                Long checksum = done.get(script.version());
                if (checksum != null) {
                    if (checksum != script.checksum()) {
                        throw new SQLException("Migration V" + script.version() + " of " + owner
                                + " changed after it was applied; add a new version instead of editing it", "HR001");
                    }
                    connection.commit();
                    continue;
                }
                try (Statement st = connection.createStatement()) {
                    for (String sql : script.statements()) {
                        st.execute(postgres ? forPostgres(sql) : sql);
                    }
                }
                try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + HISTORY
                        + " (OWNER, VERSION, DESCRIPTION, CHECKSUM, APPLIED_AT) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, owner);
                    ps.setInt(2, script.version());
                    ps.setString(3, script.description());
                    ps.setLong(4, script.checksum());
                    ps.setTimestamp(5, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                }
                connection.commit();
                applied++;
                LOG.info("Applied migration V{} '{}' of {}", script.version(), script.description(), owner);
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return applied;
    }

    private static final java.util.regex.Pattern SIZED_LOB = java.util.regex.Pattern.compile("\\b(CLOB|BLOB)\\s*\\(\\s*\\d+\\s*[KMG]?\\s*\\)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * Scripts are written once, in SQL both databases accept, except for large objects: Derby needs a
     * size ({@code CLOB(2M)}, {@code BLOB(10M)}) and PostgreSQL has TEXT and BYTEA. The checksum stays
     * that of the script as written, so a database never sees a script "change" by this.
     */
    static String forPostgres(String sql) {
        return SIZED_LOB.matcher(sql).replaceAll(m -> m.group(1).equalsIgnoreCase("CLOB") ? "TEXT" : "BYTEA");
    }

    static Map<Integer, Long> applied(Connection connection, String owner) throws SQLException {
        Map<Integer, Long> done = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT VERSION, CHECKSUM FROM " + HISTORY + " WHERE OWNER = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return done;
    }

    private static void ensureHistoryTable(Connection connection) throws SQLException {
        try (ResultSet rs = connection.getMetaData().getTables(null, null, HISTORY, null)) {
            if (rs.next()) {
                return;
            }
        }
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE " + HISTORY + " (OWNER VARCHAR(128) NOT NULL, VERSION INTEGER NOT NULL,"
                    + " DESCRIPTION VARCHAR(200) NOT NULL, CHECKSUM BIGINT NOT NULL, APPLIED_AT TIMESTAMP NOT NULL,"
                    + " PRIMARY KEY (OWNER, VERSION))");
        } catch (SQLException e) {
            // another node or thread created it first (Derby X0Y32, PostgreSQL 42P07)
            if (!"X0Y32".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
