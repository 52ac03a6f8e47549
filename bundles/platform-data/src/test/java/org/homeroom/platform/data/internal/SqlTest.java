package org.homeroom.platform.data.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.data.Sql;
import org.junit.Test;

/** The data helpers modules use, against real Derby. */
public class SqlTest {

    enum Kind { CLOSURE, HOLIDAY }

    private final PlatformDatabase db = new PlatformDatabase(TestDatabases.fresh());

    public SqlTest() {
        db.migrate("sql-test", List.of(MigrationScript.of("V1__t.sql",
                "CREATE TABLE T (ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, SITE VARCHAR(8) NOT NULL, NAME VARCHAR(40),"
                        + " DAY DATE, STARTS TIME, HAPPENED TIMESTAMP, KIND VARCHAR(16));\n"
                        + "CREATE INDEX T_SITE ON T (SITE, ID);\n")));
    }

    record Row(long id, String site, String name, LocalDate day, LocalTime starts, Instant at, String kind) {
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("ID"), rs.getString("SITE"), rs.getString("NAME"), Sql.localDate(rs, "DAY"),
                Sql.localTime(rs, "STARTS"), Sql.instant(rs, "HAPPENED"), rs.getString("KIND"));
    }

    @Test
    public void insertReturnsTheKeyAndDatesTimesInstantsEnumsAndNullsRoundTrip() {
        Instant at = Instant.parse("2026-12-01T15:30:00Z");
        long first = db.inTransaction(c -> Sql.insert(c, "INSERT INTO T (SITE, NAME, DAY, STARTS, HAPPENED, KIND) VALUES (?, ?, ?, ?, ?, ?)",
                "E06", "Winter break", LocalDate.of(2026, 12, 21), LocalTime.of(7, 45), at, Kind.CLOSURE));
        long second = db.inTransaction(c -> Sql.insert(c, "INSERT INTO T (SITE, NAME, DAY, STARTS, HAPPENED, KIND) VALUES (?, ?, ?, ?, ?, ?)",
                "E06", null, null, null, null, null));
        assertTrue(second > first);

        Row stored = db.queryOne("SELECT * FROM T WHERE ID = ?", SqlTest::row, first).orElseThrow();
        assertEquals(new Row(first, "E06", "Winter break", LocalDate.of(2026, 12, 21), LocalTime.of(7, 45), at, "CLOSURE"), stored);
        Row empty = db.queryOne("SELECT * FROM T WHERE ID = ?", SqlTest::row, second).orElseThrow();
        assertNull(empty.name());
        assertNull(empty.day());
        assertNull(empty.starts());
        assertNull(empty.at());
        assertEquals(Optional.empty(), db.queryOne("SELECT * FROM T WHERE ID = ?", SqlTest::row, 9999L));
        assertEquals(1, (int) db.inTransaction(c -> Sql.update(c, "UPDATE T SET NAME = ? WHERE ID = ?", "Break", first)));
        assertEquals(List.of("Break"), db.query("SELECT NAME FROM T WHERE DAY = ?", rs -> rs.getString(1), LocalDate.of(2026, 12, 21)));
    }

    @Test
    public void theIndexHintIsReadByDerbyAndRefusesWhatIsNotAName() {
        db.inTransaction(c -> Sql.insert(c, "INSERT INTO T (SITE, NAME) VALUES (?, ?)", "E06", "a"));
        db.inTransaction(c -> Sql.insert(c, "INSERT INTO T (SITE, NAME) VALUES (?, ?)", "O02", "b"));
        Page<String> page = db.page(new PagedQuery("NAME", "FROM " + Sql.from("T", "T_SITE") + " WHERE SITE = ?", "ID", List.of("E06")),
                new PageRequest(0, 10), rs -> rs.getString(1));
        assertEquals(List.of("a"), page.items());
        // Derby checks the hint: a misspelt index is an error, not a silent full scan
        boolean refused = false;
        try {
            db.query("SELECT NAME FROM " + Sql.from("T", "NO_SUCH_INDEX") + " WHERE SITE = ?", rs -> rs.getString(1), "E06");
        } catch (RuntimeException e) {
            refused = true;
        }
        assertTrue(refused);
        boolean injected = false;
        try {
            Sql.from("T; DROP TABLE T", "T_SITE");
        } catch (IllegalArgumentException e) {
            injected = true;
        }
        assertTrue(injected);
        assertFalse(Sql.from("T", "T_SITE").isBlank());
    }

    @Test
    public void pageTotalsAreRightWhetherOrNotTheCountIsSkipped() {
        for (int i = 0; i < 7; i++) {
            String name = "n" + i;
            db.inTransaction(c -> Sql.insert(c, "INSERT INTO T (SITE, NAME) VALUES (?, ?)", "E06", name));
        }
        db.inTransaction(c -> Sql.insert(c, "INSERT INTO T (SITE, NAME) VALUES (?, ?)", "O02", "other"));
        PagedQuery query = new PagedQuery("NAME", "FROM T WHERE SITE = ?", "ID", List.of("E06"));
        // full pages need the COUNT; the last, part-full page and an empty first page do not; past the end needs it
        int[][] cases = {{0, 3, 3}, {3, 3, 3}, {6, 3, 1}, {0, 10, 7}, {0, 7, 7}, {7, 3, 0}, {50, 3, 0}};
        for (int[] c : cases) {
            Page<String> page = db.page(query, new PageRequest(c[0], c[1]), rs -> rs.getString(1));
            assertEquals("items at offset " + c[0] + " limit " + c[1], c[2], page.items().size());
            assertEquals("total at offset " + c[0] + " limit " + c[1], 7, page.total());
        }
        Page<String> none = db.page(new PagedQuery("NAME", "FROM T WHERE SITE = ?", "ID", List.of("X99")), new PageRequest(0, 5),
                rs -> rs.getString(1));
        assertEquals(0, none.total());
        assertEquals(List.of(), none.items());
    }

    @Test
    public void instantsReadOnManyThreadsAtOnceStayExact() throws Exception {
        Instant base = Instant.parse("2026-03-08T08:59:59.123456Z"); // around a US daylight-saving change
        for (int i = 0; i < 20; i++) {
            Instant at = base.plusSeconds(i * 3_600L);
            db.inTransaction(c -> Sql.insert(c, "INSERT INTO T (SITE, HAPPENED) VALUES (?, ?)", "E06", at));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<Instant>>> reads = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                reads.add(pool.submit(() -> {
                    List<Instant> last = null;
                    for (int r = 0; r < 25; r++) {
                        last = db.query("SELECT HAPPENED FROM T ORDER BY ID", rs -> Sql.instant(rs, "HAPPENED"));
                    }
                    return last;
                }));
            }
            for (java.util.concurrent.Future<List<Instant>> read : reads) {
                List<Instant> got = read.get();
                for (int i = 0; i < 20; i++) {
                    assertEquals(base.plusSeconds(i * 3_600L), got.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
