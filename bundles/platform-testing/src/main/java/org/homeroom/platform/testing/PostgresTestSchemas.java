package org.homeroom.platform.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, empty PostgreSQL schema for each {@link TestDatabase}, so tests never see each other's rows
 * and the same database can serve many test JVMs at once. The schemas this JVM made are dropped when
 * it exits.
 */
final class PostgresTestSchemas {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();
    private static volatile PGSimpleDataSource admin;

    private PostgresTestSchemas() {
    }

    /** {@code location} is {@code postgresql://[user[:password]@]host[:port]/database}; user and password default to homeroom. */
    static DataSource newSchema(String location) {
        URI uri = URI.create(location);
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException(TestDatabase.DATABASE_PROPERTY + " must be derby or postgresql://[user[:password]@]host[:port]/database, not " + location);
        }
        String schema = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        PGSimpleDataSource owner = dataSource(uri);
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + schema + " in " + location + ": " + e.getMessage(), e);
        }
        if (CREATED.isEmpty()) {
            admin = owner;
            Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestSchemas::dropAll, "drop-test-schemas"));
        }
        CREATED.add(schema);
        PGSimpleDataSource inSchema = dataSource(uri);
        inSchema.setCurrentSchema(schema);
        return inSchema;
    }

    private static PGSimpleDataSource dataSource(URI uri) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {uri.getHost()});
        ds.setPortNumbers(new int[] {uri.getPort() > 0 ? uri.getPort() : 5432});
        ds.setDatabaseName(uri.getPath().substring(1));
        String userInfo = uri.getUserInfo();
        String user = userInfo == null ? "homeroom" : userInfo.split(":", 2)[0];
        String password = userInfo == null || !userInfo.contains(":") ? "homeroom" : userInfo.split(":", 2)[1];
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    private static void dropAll() {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            for (String schema : CREATED) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test schemas " + CREATED + ": " + e.getMessage());
        }
    }
}
