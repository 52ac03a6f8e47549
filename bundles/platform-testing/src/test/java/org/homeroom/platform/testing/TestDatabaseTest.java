package org.homeroom.platform.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.junit.Test;

/**
 * Holds on Derby (the default) and on PostgreSQL ({@code -Dhomeroom.test.db=postgresql://…}): each
 * TestDatabase is its own empty database with the migrations applied.
 */
public class TestDatabaseTest {

    @Test
    public void eachInstanceIsItsOwnDatabase() {
        TestDatabase first = new TestDatabase();
        TestDatabase second = new TestDatabase();
        first.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO PROBE (NOTE, BODY) VALUES (?, ?)")) {
                ps.setString(1, "only in the first");
                ps.setString(2, "a large text");
                return ps.executeUpdate();
            }
        });
        assertEquals(1, count(first));
        assertEquals(0, count(second));
        assertEquals("a large text", first.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT BODY FROM PROBE")) {
                rs.next();
                return rs.getString(1);
            }
        }));
        String product = System.getProperty(TestDatabase.DATABASE_PROPERTY, "").startsWith("postgresql:") ? "PostgreSQL" : "Apache Derby";
        assertTrue(first.product() + " is not " + product, first.product().startsWith(product));
    }

    @Test
    public void aLocationThatIsNotPostgresqlIsRefusedWithTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresTestSchemas.newSchema("mysql://localhost/x"));
        assertTrue(e.getMessage(), e.getMessage().contains("postgresql://[user[:password]@]host[:port]/database"));
    }

    private static int count(TestDatabase database) {
        return database.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM PROBE")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
