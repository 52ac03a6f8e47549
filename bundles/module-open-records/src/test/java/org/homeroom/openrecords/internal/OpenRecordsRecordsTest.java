package org.homeroom.openrecords.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.homeroom.openrecords.api.Intake;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.search.SearchIndex;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Test;

/** Open records' part in the platform's records: it feeds the search as requests arrive, and resolves them by its own rule. */
public class OpenRecordsRecordsTest {

    static final CurrentUser CLERK = new CurrentUser("clerk", Set.of("comms"));
    static final CurrentUser E01 = new CurrentUser("principal", Set.of("site-staff", "site:E01"));
    static final CurrentUser E02 = new CurrentUser("other", Set.of("site-staff", "site:E02"));

    final List<String> indexed = new ArrayList<>();
    final SearchIndex index = new SearchIndex() {
        @Override public void index(Connection c, RecordRef ref, String site, String title, String text) {
            try {
                assertTrue("inside the request's transaction", !c.getAutoCommit());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            indexed.add(ref + "|" + site + "|" + title + "|" + text);
        }
        @Override public void remove(Connection c, RecordRef ref) {
            throw new UnsupportedOperationException();
        }
    };
    final JdbcOpenRecords records = new JdbcOpenRecords(new TestDatabase(), new RecordingAuditLog(), JdbcOpenRecordsTest.SITES,
            Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC), JdbcOpenRecordsTest.defaults(),
            new org.homeroom.platform.testing.TestCalendar(Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC)));
    final OpenRecordsResolver resolver = new OpenRecordsResolver(records);

    String submit(String description) {
        return records.submit(new Intake("Pat Reporter", "pat@example.org", null, "Daily Star", "media", "en", description, null, false, null,
                null, null), null).trackingNumber();
    }

    @Test
    public void aNewRequestIsIndexedInItsOwnTransaction() {
        records.search = index;
        String n = submit("All bus contracts signed in 2025");
        assertEquals(List.of("open-records:request:" + n + "|null|Request " + n + ": All bus contracts signed in 2025|All bus contracts signed in 2025 Pat Reporter Daily Star"),
                indexed);
    }

    @Test
    public void requestsResolveOnlyForThoseWhoMayWorkOnThem() {
        String n = submit("Cafeteria inspection reports");
        RecordRef ref = new RecordRef("open-records", "request", n);
        assertEquals("Request " + n + ": Cafeteria inspection reports", resolver.resolve(ref, CLERK).orElseThrow().title());
        assertTrue("not assigned to E01 yet", resolver.resolve(ref, E01).isEmpty());
        records.assign(n, "E01", null, CLERK);
        assertTrue(resolver.resolve(ref, E01).isPresent());
        assertTrue(resolver.resolve(ref, E02).isEmpty());
        assertTrue(resolver.resolve(new RecordRef("open-records", "request", "2026-9999"), CLERK).isEmpty());
        assertTrue(resolver.resolve(new RecordRef("open-records", "file", n), CLERK).isEmpty());
    }
}
