package org.homeroom.events.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.DataException;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.SqlWork;
import org.osgi.framework.Bundle;

/**
 * A {@link Database} over a fresh in-memory Derby database with the same rules as the platform's:
 * commit on return, rollback on any exception, SQLState class 23 as a 409 problem.
 */
public final class TestDatabase implements Database {

    /** Derby's log goes here rather than to a derby.log file in the module folder (Derby needs class and field public). */
    public static final OutputStream DERBY_LOG = OutputStream.nullOutputStream();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        System.setProperty("derby.stream.error.field", TestDatabase.class.getName() + ".DERBY_LOG");
    }

    private final EmbeddedDataSource dataSource = new EmbeddedDataSource();

    /** A new empty database with the tables of the given migration script (a classpath resource). */
    TestDatabase(String migrationResource) {
        dataSource.setDatabaseName("memory:events-test-" + COUNTER.incrementAndGet());
        dataSource.setCreateDatabase("create");
        String script = readWithoutComments(migrationResource);
        inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                // statements end with a semicolon at the end of a line, as in the platform's migrator
                for (String sql : script.split(";\\s*(\\R|$)")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
            }
            return null;
        });
    }

    private static String readWithoutComments(String name) {
        try (InputStream in = TestDatabase.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.trim().startsWith("--"))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static RuntimeException translate(SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
            return new ProblemException(409, "Conflict", "The change conflicts with stored data.");
        }
        return new DataException(e.getMessage(), e);
    }

    @Override
    public int migrate(String owner, Bundle bundle) {
        throw new UnsupportedOperationException("the constructor runs the migration script");
    }

    @Override
    public Path backup(Path directory) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String product() {
        return "Apache Derby (test)";
    }
}
