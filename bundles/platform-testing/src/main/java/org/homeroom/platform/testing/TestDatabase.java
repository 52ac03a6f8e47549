package org.homeroom.platform.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.Collectors;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.DataException;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.SqlWork;
import org.osgi.framework.Bundle;

/**
 * For unit tests: a {@link Database} over a fresh in-memory Derby database with the same rules as the
 * platform's (commit on return, rollback on any exception, SQLState class 23 as a 409 problem), with
 * the module's own migrations ({@code db/migration/V<n>__*.sql} of the module's build output) applied.
 */
public final class TestDatabase implements Database {

    /** Derby's log goes here rather than to a derby.log file in the module folder (Derby needs class and field public). */
    public static final OutputStream DERBY_LOG = OutputStream.nullOutputStream();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__\\w+\\.sql");

    static {
        System.setProperty("derby.stream.error.field", TestDatabase.class.getName() + ".DERBY_LOG");
    }

    private final EmbeddedDataSource dataSource = new EmbeddedDataSource();

    /** A new database with every migration of the module under test applied, in version order. */
    public TestDatabase() {
        dataSource.setDatabaseName("memory:test-" + COUNTER.incrementAndGet());
        dataSource.setCreateDatabase("create");
        for (Path script : migrations()) {
            String sql = readWithoutComments(script);
            inTransaction(c -> {
                try (Statement st = c.createStatement()) {
                    // statements end with a semicolon at the end of a line, as in the platform's migrator
                    for (String statement : sql.split(";\\s*(\\R|$)")) {
                        if (!statement.isBlank()) {
                            st.execute(statement);
                        }
                    }
                }
                return null;
            });
        }
    }

    /** The module's own scripts: folders on the class path (its build output), not jars of its dependencies. */
    private static List<Path> migrations() {
        List<Path> scripts = new ArrayList<>();
        try {
            for (URL url : Collections.list(TestDatabase.class.getClassLoader().getResources("db/migration"))) {
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.filter(p -> VERSIONED.matcher(p.getFileName().toString()).matches()).forEach(scripts::add);
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list db/migration", e);
        }
        scripts.sort(Comparator.comparingInt(p -> version(p.getFileName().toString())));
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no db/migration/V<n>__*.sql on the test class path");
        }
        return scripts;
    }

    private static int version(String fileName) {
        Matcher m = VERSIONED.matcher(fileName);
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    private static String readWithoutComments(Path script) {
        try {
            return Files.readAllLines(script, StandardCharsets.UTF_8).stream()
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
