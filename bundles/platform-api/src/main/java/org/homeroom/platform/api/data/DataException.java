package org.homeroom.platform.api.data;

import java.sql.SQLException;

/** A database failure, with the SQLState kept so callers can tell conflicts from outages. */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final String sqlState;

    public DataException(String message, SQLException cause) {
        super(message, cause);
        this.sqlState = cause == null ? null : cause.getSQLState();
    }

    public String sqlState() {
        return sqlState;
    }

    /** SQLState class 23: integrity constraint violation (duplicate key, foreign key). */
    public boolean isConstraintViolation() {
        return sqlState != null && sqlState.startsWith("23");
    }
}
