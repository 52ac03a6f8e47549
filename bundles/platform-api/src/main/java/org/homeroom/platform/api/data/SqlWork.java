package org.homeroom.platform.api.data;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done with one connection; may throw SQLException, which the platform translates. */
@FunctionalInterface
public interface SqlWork<T> {
    T apply(Connection connection) throws SQLException;
}
