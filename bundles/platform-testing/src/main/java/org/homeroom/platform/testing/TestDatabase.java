package org.homeroom.platform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.data.RowMapper;
import org.homeroom.platform.api.data.SqlWork;
import org.homeroom.platform.data.internal.TestDatabases;
import org.osgi.framework.Bundle;

/**
 * For unit tests: the platform's own {@link Database} implementation over a fresh database, with the
 * module's own migrations ({@code db/migration/V<n>__*.sql} of the module's build output) applied by
 * the platform's migrator. In-memory Derby by default; with
 * {@code -Dhomeroom.test.db=postgresql://[user[:password]@]host:port/database} a fresh PostgreSQL
 * schema per instance instead (see {@link PostgresTestSchemas}), so every module's tests can be run
 * against both databases unchanged.
 */
public final class TestDatabase implements Database {

    /** Derby's log goes here rather than to a derby.log file in the module folder (Derby needs class and field public). */
    public static final OutputStream DERBY_LOG = OutputStream.nullOutputStream();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__\\w+\\.sql");
    /** Surefire runs a module's tests in the module's folder. */
    private static final Path MODULE_DIR = Path.of("").toAbsolutePath();

    static {
        System.setProperty("derby.stream.error.field", TestDatabase.class.getName() + ".DERBY_LOG");
    }

    private final Database delegate;

    /** System property that chooses the database: unset (Derby) or {@code postgresql://…}. */
    public static final String DATABASE_PROPERTY = "homeroom.test.db";

    /** A new database with every migration of the module under test applied, in version order. */
    public TestDatabase() {
        this.delegate = TestDatabases.migrated(newDataSource(), migrations());
    }

    /** An empty database of the chosen kind (Derby in memory, or a new PostgreSQL schema). */
    static javax.sql.DataSource newDataSource() {
        String chosen = System.getProperty(DATABASE_PROPERTY, "");
        if (chosen.isBlank() || chosen.equals("derby")) {
            EmbeddedDataSource dataSource = new EmbeddedDataSource();
            dataSource.setDatabaseName("memory:test-" + COUNTER.incrementAndGet());
            dataSource.setCreateDatabase("create");
            return dataSource;
        }
        return PostgresTestSchemas.newSchema(chosen);
    }

    /** The module's own scripts: folders on the class path (its build output), not jars of its dependencies. */
    private static List<Path> migrations() {
        List<Path> scripts = new ArrayList<>();
        try {
            for (URL url : Collections.list(TestDatabase.class.getClassLoader().getResources("db/migration"))) {
                // only the module's own build output: in a reactor run (mvn test) the other modules' target/classes
                // are folders on the class path too, and their V1 would clash with the module's V1
                if ("file".equals(url.getProtocol()) && Path.of(url.toURI()).startsWith(MODULE_DIR)) {
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

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        return delegate.inTransaction(work);
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        return delegate.read(work);
    }

    @Override
    public <T> Page<T> page(PagedQuery query, PageRequest page, RowMapper<T> rows) {
        return delegate.page(query, page, rows);
    }

    @Override
    public int migrate(String owner, Bundle bundle) {
        throw new UnsupportedOperationException("the constructor applies the module's migrations");
    }

    @Override
    public Path backup(Path directory) {
        return delegate.backup(directory);
    }

    @Override
    public String product() {
        return delegate.product();
    }
}
