package org.homeroom.platform.data.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.homeroom.platform.api.data.DataException;
import org.junit.Test;

public class MigratorTest {

    private final PlatformDatabase db = new PlatformDatabase(TestDatabases.fresh());

    @Test
    public void appliesScriptsInVersionOrderOnceAndRecordsThem() {
        List<MigrationScript> scripts = List.of(
                MigrationScript.of("V2__add_column.sql", "ALTER TABLE T ADD COLUMN B VARCHAR(10);\n"),
                MigrationScript.of("V1__create.sql", "-- first table\nCREATE TABLE T (A INT);\nINSERT INTO T (A) VALUES (1);\n"));
        assertEquals(2, db.migrate("demo", scripts));
        assertEquals(0, db.migrate("demo", scripts));
        assertEquals(Integer.valueOf(1), db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM T WHERE B IS NULL")) {
                rs.next();
                return rs.getInt(1);
            }
        }));
        assertEquals(2, (int) db.read(c -> Migrator.applied(c, "demo").size()));
    }

    @Test
    public void ownersAreIndependent() {
        db.migrate("a", List.of(MigrationScript.of("V1__a.sql", "CREATE TABLE TA (X INT);")));
        assertEquals(1, db.migrate("b", List.of(MigrationScript.of("V1__b.sql", "CREATE TABLE TB (X INT);"))));
    }

    @Test
    public void aFailingScriptLeavesNothingBehindAndCanBeFixed() {
        List<MigrationScript> broken = List.of(MigrationScript.of("V1__broken.sql",
                "CREATE TABLE HALF (X INT);\nCREATE TABLE HALF (Y INT);\n"));
        try {
            db.migrate("m", broken);
            fail("a broken script must fail");
        } catch (DataException expected) {
            assertTrue(expected.getMessage().contains("Migrations of m failed"));
        }
        // the first statement was rolled back with the script: the fixed script applies cleanly
        assertEquals(1, db.migrate("m", List.of(MigrationScript.of("V1__fixed.sql", "CREATE TABLE HALF (X INT);"))));
    }

    @Test
    public void anEditedAppliedScriptIsRefused() {
        db.migrate("m", List.of(MigrationScript.of("V1__t.sql", "CREATE TABLE E (X INT);")));
        try {
            db.migrate("m", List.of(MigrationScript.of("V1__t.sql", "CREATE TABLE E (X INT, Y INT);")));
            fail("history must not be rewritten");
        } catch (DataException expected) {
            assertTrue(expected.getMessage().contains("changed after it was applied"));
        }
    }

    @Test(expected = IllegalArgumentException.class)
    public void badFileNamesAreRefused() {
        MigrationScript.of("create.sql", "CREATE TABLE X (A INT);");
    }

    @Test
    public void statementsSplitAtLineEndingSemicolons() {
        MigrationScript s = MigrationScript.of("V1__x.sql", "-- c\nCREATE TABLE X (\n A INT\n);\n\nINSERT INTO X VALUES (1);");
        assertEquals(List.of("CREATE TABLE X (\n A INT\n)", "INSERT INTO X VALUES (1)"), s.statements());
    }

    @Test
    public void transactionsRollBackOnFailure() throws SQLException {
        db.migrate("m", List.of(MigrationScript.of("V1__t.sql", "CREATE TABLE R (X INT PRIMARY KEY);")));
        try {
            db.inTransaction(c -> {
                c.createStatement().executeUpdate("INSERT INTO R VALUES (1)");
                throw new IllegalStateException("boom");
            });
            fail();
        } catch (IllegalStateException expected) {
            // rolled back below
        }
        assertEquals(Integer.valueOf(0), db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM R")) {
                rs.next();
                return rs.getInt(1);
            }
        }));
    }

    @Test
    public void transactionsTheDatabaseRolledBackAreRetriedOthersAreNot() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        assertEquals("ok", db.inTransaction(c -> {
            if (calls.incrementAndGet() < 3) {
                throw new SQLException("A lock could not be obtained within the time requested", "40XL1");
            }
            return "ok";
        }));
        assertEquals(3, calls.get());

        calls.set(0);
        try {
            db.inTransaction(c -> {
                calls.incrementAndGet();
                throw new SQLException("deadlock, again and again", "40001");
            });
            fail();
        } catch (DataException expected) {
            assertEquals(PlatformDatabase.ATTEMPTS, calls.get());
        }

        calls.set(0);
        try {
            db.inTransaction(c -> {
                calls.incrementAndGet();
                throw new SQLException("syntax", "42X01");
            });
            fail();
        } catch (DataException expected) {
            assertEquals(1, calls.get());
        }
    }
}
