package org.homeroom.platform.api.data;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * The JDBC a module writes again and again, once: every value bound as a parameter ({@link Instant} as
 * a UTC timestamp, {@link LocalDate} as a DATE, {@link LocalTime} as a TIME, enums by name, null as SQL
 * NULL of the parameter's type), on the connection of {@link Database#inTransaction} or
 * {@link Database#read}. Portable: the same calls work on Derby and PostgreSQL.
 */
public final class Sql {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private Sql() {
    }

    /** Runs an INSERT and returns the key the database generated (an identity column). */
    public static long insert(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, args).executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database generated no key for: " + sql);
                }
                return keys.getLong(1);
            }
        }
    }

    /** Runs an UPDATE, DELETE or INSERT and returns how many rows it changed. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            return bind(ps, args).executeUpdate();
        }
    }

    /** The first row of the query, if there is one. */
    public static <T> Optional<T> queryOne(Connection c, String sql, RowMapper<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setMaxRows(1);
            try (ResultSet rs = bind(ps, args).executeQuery()) {
                return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
            }
        }
    }

    /** Every row of the query. */
    public static <T> List<T> query(Connection c, String sql, RowMapper<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = bind(ps, args).executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(row.map(rs));
            }
            return rows;
        }
    }

    /** Binds {@code args} to the statement's placeholders in order; see the class comment for the types. */
    public static PreparedStatement bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            set(ps, i + 1, args[i]);
        }
        return ps;
    }

    /** Binds one value (see the class comment). */
    public static void set(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            int type;
            try {
                type = ps.getParameterMetaData().getParameterType(index);
            } catch (SQLException unknown) {
                type = Types.VARCHAR;
            }
            ps.setNull(index, type);
        } else if (value instanceof Instant instant) {
            ps.setTimestamp(index, Timestamp.from(instant), utc());
        } else if (value instanceof LocalDate date) {
            ps.setDate(index, Date.valueOf(date));
        } else if (value instanceof LocalTime time) {
            ps.setTime(index, Time.valueOf(time));
        } else if (value instanceof Enum<?> e) {
            ps.setString(index, e.name());
        } else {
            ps.setObject(index, value);
        }
    }

    /** A TIMESTAMP column as an instant; null stays null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column, READ_CALENDAR.get());
        return value == null ? null : value.toInstant();
    }

    /**
     * TIMESTAMP has no zone: writing and reading through a UTC calendar keeps stored times independent
     * of the JVM's zone and its daylight-saving jumps (the container runs in UTC anyway). A new calendar
     * for each write: Calendar is not thread-safe.
     */
    private static Calendar utc() {
        return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    }

    /**
     * Reads reuse one UTC calendar per thread: a list of 50 rows reads hundreds of timestamps, and
     * creating a calendar for each was a measurable part of the request (docs/performance.md). The
     * drivers use the calendar only during the call (Derby and PostgreSQL convert at once), and a
     * thread runs one call at a time, so sharing it within the thread is safe.
     */
    private static final ThreadLocal<Calendar> READ_CALENDAR = ThreadLocal.withInitial(Sql::utc);

    /** A DATE column; null stays null. */
    public static LocalDate localDate(ResultSet rs, String column) throws SQLException {
        Date value = rs.getDate(column);
        return value == null ? null : value.toLocalDate();
    }

    /** A TIME column; null stays null. */
    public static LocalTime localTime(ResultSet rs, String column) throws SQLException {
        Time value = rs.getTime(column);
        return value == null ? null : value.toLocalTime();
    }

    /**
     * {@code table} for a FROM clause, asking the database to read it through {@code index}. Derby keeps
     * the plan it compiled while a table was small, and on a table every site shares it would go on
     * scanning all sites' rows; the hint pins the per-site index. It is Derby's {@code --DERBY-PROPERTIES}
     * comment, which every other database (PostgreSQL plans each execution) reads as a comment, so a
     * module declares its hint once here and its SQL stays portable. Put nothing after it on the line
     * but the rest of the query: the method ends the comment with a line break.
     */
    public static String from(String table, String index) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(index).matches()) {
            throw new IllegalArgumentException("table and index must be plain SQL names: " + table + ", " + index);
        }
        return table + " --DERBY-PROPERTIES index=" + index + "\n";
    }
}
