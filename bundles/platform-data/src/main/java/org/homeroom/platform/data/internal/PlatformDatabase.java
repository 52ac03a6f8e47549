package org.homeroom.platform.data.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import javax.sql.DataSource;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.data.RowMapper;
import org.homeroom.platform.api.data.DataException;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.Sql;
import org.homeroom.platform.api.data.SqlWork;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform database over the pooled DataSource that pax-jdbc-config makes from
 * {@code etc/org.ops4j.datasource-homeroom.cfg}. Switching to Derby network server or PostgreSQL is a
 * change of that file only.
 */
@Component(service = Database.class)
public class PlatformDatabase implements Database {

    static final String MIGRATIONS = "db/migration";
    private static final Logger LOG = LoggerFactory.getLogger(PlatformDatabase.class);
    private final DataSource dataSource;
    private final String product;
    private final MigrationExtender extender;

    @Activate
    public PlatformDatabase(@Reference(target = "(dataSourceName=homeroom)") DataSource dataSource, BundleContext context) {
        this.dataSource = dataSource;
        this.product = read(c -> c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion());
        migrate("platform-data", context.getBundle());
        // before this constructor returns, so every module started so far has its tables before any
        // component gets this Database; later ones are migrated on their STARTING event
        this.extender = new MigrationExtender(context, this);
        extender.open();
        LOG.info("Homeroom database ready: {}", product);
    }

    @Deactivate
    void deactivate() {
        if (extender != null) {
            extender.close();
        }
    }

    /** For unit tests (see platform-testing): any DataSource, no bundle. */
    PlatformDatabase(DataSource dataSource) {
        this.dataSource = dataSource;
        this.product = read(c -> c.getMetaData().getDatabaseProductName());
        this.extender = null;
    }

    /** Transaction rollbacks the database chose (deadlock, lock timeout, identity contention) are retried this often. */
    static final int ATTEMPTS = 3;

    @Override
    public <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return once(work);
            } catch (DataException e) {
                // SQLState class 40: the database rolled the whole transaction back, so running the work
                // again is safe; anything else (constraints, syntax, our own exceptions) is not retried
                if (attempt >= ATTEMPTS || e.sqlState() == null || !e.sqlState().startsWith("40")) {
                    throw e;
                }
                LOG.debug("Transaction rolled back by the database ({}), attempt {} of {}", e.sqlState(), attempt, ATTEMPTS);
                sleepQuietly(attempt * 5L);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> T once(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
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

    @Override
    public <T> Page<T> page(PagedQuery query, PageRequest page, RowMapper<T> rows) {
        return read(c -> {
            List<T> items = new ArrayList<>();
            try (PreparedStatement ps = bind(c.prepareStatement("SELECT " + query.columns() + " " + query.from() + " ORDER BY "
                    + query.orderBy() + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY"), query.args())) {
                ps.setInt(query.args().size() + 1, page.offset());
                ps.setInt(query.args().size() + 2, page.limit());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(rows.map(rs));
                    }
                }
            }
            return new Page<>(items, totalOf(c, query, page, items.size()), page.offset(), page.limit());
        });
    }

    /**
     * The number of matching rows. A page that is not full is the last one, so its rows give the
     * total without a COUNT (unless it is empty past the first page: then the offset may be beyond
     * the end, and only a COUNT knows how far).
     */
    static long totalOf(Connection c, PagedQuery query, PageRequest page, int read) throws SQLException {
        if (read < page.limit() && (read > 0 || page.offset() == 0)) {
            return (long) page.offset() + read;
        }
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT COUNT(*) " + query.from()), query.args());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Binds values in order, as {@link Sql#set} does (instants, dates, times, enums, nulls). */
    static PreparedStatement bind(PreparedStatement ps, List<Object> args) throws SQLException {
        return Sql.bind(ps, args.toArray());
    }

    @Override
    public int migrate(String owner, Bundle bundle) {
        List<MigrationScript> scripts = scriptsOf(bundle);
        if (scripts.isEmpty()) {
            return 0;
        }
        return migrate(owner, scripts);
    }

    int migrate(String owner, List<MigrationScript> scripts) {
        try (Connection c = dataSource.getConnection()) {
            return Migrator.migrate(c, owner, scripts);
        } catch (SQLException e) {
            throw new DataException("Migrations of " + owner + " failed: " + e.getMessage(), e);
        }
    }

    static List<MigrationScript> scriptsOf(Bundle bundle) {
        Enumeration<URL> entries = bundle.findEntries(MIGRATIONS, "V*.sql", false);
        List<MigrationScript> scripts = new ArrayList<>();
        for (URL url : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            try (InputStream in = url.openStream()) {
                scripts.add(MigrationScript.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read migration " + url, e);
            }
        }
        return scripts;
    }

    @Override
    public Path backup(Path directory) {
        if (!product.startsWith("Apache Derby")) {
            throw new ProblemException(409, "Backup not available",
                    "Online backup is built in for Derby only; back up " + product + " with its own tools.");
        }
        Path target = directory.resolve("homeroom-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create backup folder " + target, e);
        }
        read(c -> {
            try (CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                cs.setString(1, target.toAbsolutePath().toString());
                cs.execute();
            }
            return null;
        });
        LOG.info("Database backed up to {}", target);
        return target;
    }

    @Override
    public String product() {
        return product;
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static RuntimeException translate(SQLException e) {
        DataException data = new DataException(e.getMessage(), e);
        if (data.isConstraintViolation()) {
            return new ProblemException(409, "Conflict", "The change conflicts with stored data (a duplicate or a missing reference).");
        }
        return data;
    }
}
