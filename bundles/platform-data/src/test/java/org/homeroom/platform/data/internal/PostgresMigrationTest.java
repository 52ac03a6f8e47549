package org.homeroom.platform.data.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

/** What PostgreSQL runs of a script written for both databases. */
public class PostgresMigrationTest {

    @Test
    public void sizedLargeObjectsBecomeTextAndBytea() {
        assertEquals("CREATE TABLE T (A TEXT NOT NULL, B TEXT, C BYTEA NOT NULL, D BYTEA)",
                Migrator.forPostgres("CREATE TABLE T (A CLOB(2M) NOT NULL, B clob (64 K), C BLOB(10M) NOT NULL, D blob(1000))"));
    }

    @Test
    public void everythingElseIsLeftAsWritten() {
        String sql = "CREATE TABLE CLOBBER (ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, BLOB_NAME VARCHAR(20))";
        assertEquals(sql, Migrator.forPostgres(sql));
    }
}
