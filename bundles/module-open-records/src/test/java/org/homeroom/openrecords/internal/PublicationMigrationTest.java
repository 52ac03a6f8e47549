package org.homeroom.openrecords.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.homeroom.openrecords.api.ArchiveItem;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.data.internal.TestDatabases;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.junit.Test;

/**
 * V5 on a database written by the module before it: whatever an old public note or file put in the
 * archive, after the upgrade the archive holds the public files only and never the request's own text;
 * no row is deleted or changed.
 */
public class PublicationMigrationTest {

    private static List<Path> scripts(int upTo) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target/classes/db/migration"))) {
            return files.filter(p -> Integer.parseInt(p.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1")) <= upTo)
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
    }

    private static int version(Path p) {
        return Integer.parseInt(p.getFileName().toString().replaceAll("^V(\\d+)__.*", "$1"));
    }

    private static long request(Connection c, String number, String description) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_REQUEST (TRACKING_NUMBER, TOKEN_HASH, CHANNEL, REQUESTER_NAME,"
                + " REQUESTER_EMAIL, REQUESTER_TYPE, LANGUAGE, DESCRIPTION, PREFERRED_FORMAT, COMMERCIAL, STATUS, RECEIVED_ON, ACKNOWLEDGE_BY,"
                + " TARGET_DATE, PAID_TOTAL, CREATED_AT, CREATED_BY, UPDATED_AT) VALUES (?, 'x', 'portal', 'Ana Old', 'ana.old@example.org',"
                + " 'parent', 'en', ?, 'electronic', FALSE, 'closed', DATE('2026-01-05'), DATE('2026-01-08'), DATE('2026-01-19'), 0,"
                + " TIMESTAMP('2026-01-05 10:00:00'), 'public', TIMESTAMP('2026-01-05 10:00:00'))", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, number);
            ps.setString(2, description);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void entry(Connection c, long request, String visibility, String text) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_ENTRY (REQUEST_ID, OCCURRED_AT, ACTOR, KIND, VISIBILITY, TEXT)"
                + " VALUES (?, TIMESTAMP('2026-01-10 10:00:00'), 'clerk', 'note', ?, ?)")) {
            ps.setLong(1, request);
            ps.setString(2, visibility);
            ps.setString(3, text);
            ps.executeUpdate();
        }
    }

    private static long file(Connection c, long request, String name, String visibility) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_FILE (REQUEST_ID, FILE_NAME, CONTENT_TYPE, SIZE_BYTES, SHA256, VISIBILITY,"
                + " CONTENT, UPLOADED_AT, UPLOADED_BY) VALUES (?, ?, 'application/pdf', 4, ?, ?, ?, TIMESTAMP('2026-01-10 10:00:00'), 'clerk')",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, request);
            ps.setString(2, name);
            ps.setString(3, "0".repeat(64));
            ps.setString(4, visibility);
            ps.setBytes(5, "%PDF".getBytes());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static long count(Database db, String table) {
        return db.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    public void oldPublicNotesStopFeedingTheArchiveAndPublicFilesStayPublished() throws Exception {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:publication-migration");
        dataSource.setCreateDatabase("create");
        Database before = TestDatabases.migrated(dataSource, scripts(4));
        long[] ids = before.inTransaction(c -> {
            try {
                long withFile = request(c, "ORR-2026-00001", "My daughter Sofia's bus incident, route 4");
                entry(c, withFile, "public", "Released: bus 4 incident report for Sofia Old");
                entry(c, withFile, "internal", "legal checked");
                long publicFile = file(c, withFile, "route-4-incident-redacted.pdf", "public");
                long requesterFile = file(c, withFile, "route-4-full.pdf", "requester");
                long notesOnly = request(c, "ORR-2026-00002", "Emails of Coach Old about my son");
                entry(c, notesOnly, "public", "Coach emails released to Ana Old");
                long nothingPublic = request(c, "ORR-2026-00003", "Lunch menus");
                entry(c, nothingPublic, "requester", "Sent to you");
                return new long[] {withFile, publicFile, requesterFile, notesOnly};
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        Database after = TestDatabases.migrated(dataSource, scripts(99));
        assertEquals("nothing deleted", 4, count(after, "ORR_ENTRY"));
        assertEquals(2, count(after, "ORR_FILE"));
        assertEquals(3, count(after, "ORR_REQUEST"));

        JdbcOpenRecords records = new JdbcOpenRecords(after, new RecordingAuditLog(), JdbcOpenRecordsTest.SITES,
                Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC), JdbcOpenRecordsTest.defaults(),
                new org.homeroom.platform.testing.TestCalendar(Clock.systemUTC()));
        JdbcRecordFiles files = new JdbcRecordFiles(after, new RecordingAuditLog(), Clock.systemUTC(), JdbcOpenRecordsTest.defaults(),
                new org.homeroom.platform.testing.TestCalendar(Clock.systemUTC()));
        List<ArchiveItem> archive = records.archive(null, PageRequest.of(null, null)).items();
        assertEquals(1, archive.size());
        ArchiveItem item = archive.get(0);
        assertEquals("ORR-2026-00001", item.trackingNumber());
        assertNull("no text until staff write one", item.summary());
        assertEquals(List.of(ids[1]), item.files().stream().map(ArchiveItem.ArchiveFile::id).toList());
        for (String secret : List.of("Sofia", "Ana Old", "ana.old@example.org", "Coach", "daughter")) {
            assertFalse(secret, archive.toString().contains(secret));
        }
        assertTrue(files.publicDownload(ids[1]).isPresent());
        assertTrue(files.publicDownload(ids[2]).isEmpty());

        CurrentUser clerk = new CurrentUser("clerk", java.util.Set.of("comms"));
        assertEquals("review", records.publication("ORR-2026-00002", clerk).state());
        assertEquals("none", records.publication("ORR-2026-00003", clerk).state());
        // the requester still sees the old public note: it only left the archive
        assertTrue(after.read(c -> RequestStore.entries(c, ids[3])).stream().anyMatch(e -> "public".equals(e.visibility())));
    }
}
