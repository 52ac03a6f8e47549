package org.homeroom.platform.data.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.derby.jdbc.EmbeddedDataSource;

/** A fresh in-memory Derby database per call. */
final class TestDatabases {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private TestDatabases() {
    }

    static EmbeddedDataSource fresh() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:data-test-" + COUNTER.incrementAndGet());
        ds.setCreateDatabase("create");
        return ds;
    }
}
