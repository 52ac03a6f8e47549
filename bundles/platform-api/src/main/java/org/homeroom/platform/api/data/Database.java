package org.homeroom.platform.api.data;

import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * The platform's one database (embedded Derby by default; any pax-jdbc DataSource by configuration).
 * Every write goes through {@link #inTransaction}: it commits only when the work returns, so a failed
 * request never leaves a half-written record, and a commit is durable before the caller answers.
 *
 * <p>SQL errors come out as {@link DataException}; a unique-key violation as a 409 problem.
 */
@ProviderType
public interface Database {

    /**
     * Runs {@code work} in one transaction: commit on return, rollback on any exception. When the
     * database itself rolls the transaction back (deadlock, lock timeout: SQLState class 40) the work
     * runs again, up to 3 times, so it must not have effects outside the transaction.
     */
    <T> T inTransaction(SqlWork<T> work);

    /** Runs read-only {@code work} on a pooled connection in auto-commit mode. */
    <T> T read(SqlWork<T> work);

    /** The first row of a read-only query, if any ({@link Sql#queryOne} on a pooled connection). */
    default <T> java.util.Optional<T> queryOne(String sql, RowMapper<T> row, Object... args) {
        return read(c -> Sql.queryOne(c, sql, row, args));
    }

    /** Every row of a read-only query ({@link Sql#query} on a pooled connection). */
    default <T> java.util.List<T> query(String sql, RowMapper<T> row, Object... args) {
        return read(c -> Sql.query(c, sql, row, args));
    }

    /** Counts the query's rows and reads the requested page of them. */
    <T> org.homeroom.platform.api.Page<T> page(PagedQuery query, org.homeroom.platform.api.PageRequest page, RowMapper<T> rows);

    /**
     * Applies the bundle's versioned migrations ({@code /db/migration/V<n>__<description>.sql}, in
     * version order) that {@code owner} has not applied yet, each in its own transaction, and records
     * them. Safe to call on every start and from several nodes at once; never drops anything.
     *
     * <p>Modules need not call it: the platform applies a bundle's migrations when it starts, before
     * its components activate, if its manifest says {@code Homeroom-Module: <id>} (owner = the id).
     * Calling it again is harmless (it applies nothing twice).
     *
     * @return how many scripts were applied now
     */
    int migrate(String owner, Bundle bundle);

    /** Online backup of the whole database into a new folder under {@code directory}; returns that folder. */
    Path backup(Path directory);

    /** The database product, e.g. "Apache Derby 10.14.2.0". */
    String product();
}
