package org.homeroom.openrecords.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.homeroom.openrecords.api.ArchiveItem;
import org.homeroom.openrecords.api.Entry;
import org.homeroom.openrecords.api.FeeWork;
import org.homeroom.openrecords.api.Intake;
import org.homeroom.openrecords.api.LetterDraft;
import org.homeroom.openrecords.api.NoteDraft;
import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.Publication;
import org.homeroom.openrecords.api.PublicationDraft;
import org.homeroom.openrecords.api.RecordFile;
import org.homeroom.openrecords.api.RequestDetail;
import org.homeroom.openrecords.api.RequestQuery;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.RecordingMailService;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Test;

/**
 * What leaves the office: the public archive shows only what staff chose for it, item by item, and site
 * staff see their own part of a request, not who asked nor what other departments wrote.
 */
public class PrivacyTest {

    private static final CurrentUser CLERK = new CurrentUser("clerk", Set.of("comms"));
    private static final CurrentUser E01 = new CurrentUser("principal-e01", Set.of("site-staff", "site:E01"));
    private static final CurrentUser E02 = new CurrentUser("teacher-e02", Set.of("site-staff", "site:E02"));
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final String DESCRIPTION = "Incident reports about my son Diego Ramos on bus 12";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T18:00:00Z"));
    /** Sites whose staff the office lets see the requester (the module setting siteStaffSeeRequester). */
    private final Set<String> widened = new HashSet<>();
    private JdbcOpenRecords records;
    private JdbcRecordFiles files;
    private LetterOffice letters;

    @Before
    public void setUp() {
        TestDatabase database = new TestDatabase();
        RecordingAuditLog audit = new RecordingAuditLog();
        records = new JdbcOpenRecords(database, audit, JdbcOpenRecordsTest.SITES, clock, JdbcOpenRecordsTest.defaults(), new org.homeroom.platform.testing.TestCalendar(clock), widened::contains);
        files = new JdbcRecordFiles(database, audit, clock, JdbcOpenRecordsTest.defaults(), new org.homeroom.platform.testing.TestCalendar(clock));
        letters = new LetterOffice(database, audit, new RecordingMailService(), new org.homeroom.platform.documents.internal.PdfLetterPrinter(),
                clock, JdbcOpenRecordsTest.defaults(), new org.homeroom.platform.testing.TestCalendar(clock), widened::contains);
    }

    private String submit() {
        return records.submit(new Intake("Lucía Ramos", "lucia.ramos@example.org", "405-555-0142", "PTA", "parent", "es", DESCRIPTION,
                null, false, null, null, null), null).trackingNumber();
    }

    private static RecordFile upload(JdbcRecordFiles files, String n, String name, String visibility, CurrentUser who) {
        return files.upload(n, name, "application/pdf", visibility, new ByteArrayInputStream(PDF), who);
    }

    private static void assertNothingOfTheRequester(Object shown) {
        String text = String.valueOf(shown);
        for (String secret : List.of("Lucía", "Ramos", "lucia.ramos@example.org", "405-555-0142", "PTA", "Diego", "bus 12")) {
            assertFalse(secret + " must not show in " + text, text.contains(secret));
        }
    }

    // ------------------------------------------------------------------ archive

    @Test
    public void theArchiveShowsOnlyWhatStaffChoseItemByItem() {
        String n = submit();
        records.note(n, new NoteDraft("Lucía called: Diego's reports are ready", "requester"), CLERK);
        RecordFile internal = upload(files, n, "unredacted.pdf", "internal", CLERK);
        RecordFile redacted = upload(files, n, "incident-reports-redacted.pdf", "requester", CLERK);
        RecordFile second = upload(files, n, "bus-camera-policy.pdf", "requester", CLERK);
        assertEquals("released to the requester is not published", 0, records.archive(null, PageRequest.of(null, null)).total());
        assertTrue(files.publicDownload(redacted.id()).isEmpty());
        assertEquals("none", records.publication(n, CLERK).state());

        // nothing to publish, or a file that is not released, or not this request's: refused, nothing stored
        assertEquals(Set.of("summary"), fields(problem(() -> records.publish(n, new PublicationDraft(" ", List.of(), true), CLERK))));
        assertEquals(Set.of("fileIds"), fields(problem(() -> records.publish(n, new PublicationDraft("Summary", List.of(internal.id()), true), CLERK))));
        assertEquals(Set.of("fileIds"), fields(problem(() -> records.publish(n, new PublicationDraft("Summary", List.of(999_999L), true), CLERK))));
        assertEquals(0, records.archive(null, PageRequest.of(null, null)).total());

        Publication published = records.publish(n, new PublicationDraft("Bus incident reports, fall 2026, with student names redacted (51 O.S. §24A.16).",
                List.of(redacted.id()), null), CLERK);
        assertEquals("published", published.state());
        assertEquals(List.of(true, false), published.files().stream().map(Publication.PublishableFile::published).toList());
        ArchiveItem item = records.archive(null, PageRequest.of(null, null)).items().get(0);
        assertEquals(n, item.trackingNumber());
        assertTrue(item.summary().startsWith("Bus incident reports"));
        assertEquals(List.of("incident-reports-redacted.pdf"), item.files().stream().map(ArchiveItem.ArchiveFile::fileName).toList());
        assertNothingOfTheRequester(records.archive(null, PageRequest.of(null, null)));
        assertTrue(files.publicDownload(redacted.id()).isPresent());
        assertTrue(files.publicDownload(second.id()).isEmpty());
        assertTrue(files.publicDownload(internal.id()).isEmpty());
        // searching the archive reads what was published, never the request's own words
        assertEquals(0, records.archive("Diego", PageRequest.of(null, null)).total());
        assertEquals(1, records.archive("redacted", PageRequest.of(null, null)).total());
        assertTrue("the requester's own words are not searched", records.similarReleases("Reports about Diego Ramos, my son", 5).isEmpty());
        assertEquals(n, records.similarReleases("bus incident reports fall 2026", 5).get(0).trackingNumber());

        // the choice is replaced as a whole: the second file in, the first out, then the entry withdrawn
        records.publish(n, new PublicationDraft(null, List.of(second.id()), true), CLERK);
        assertTrue(files.publicDownload(redacted.id()).isEmpty());
        assertTrue(files.publicDownload(second.id()).isPresent());
        assertNull(records.archive(null, PageRequest.of(null, null)).items().get(0).summary());
        records.publish(n, new PublicationDraft(null, List.of(second.id()), false), CLERK);
        assertEquals(0, records.archive(null, PageRequest.of(null, null)).total());
        assertTrue(files.publicDownload(second.id()).isEmpty());
        assertEquals("withdrawn", records.publication(n, CLERK).state());
    }

    @Test
    public void aFileUploadedForThePublicIsPublishedAloneWithoutTheRequest() {
        String n = submit();
        RecordFile published = upload(files, n, "bus-12-schedule.pdf", "public", CLERK);
        List<ArchiveItem> archive = records.archive(null, PageRequest.of(null, null)).items();
        assertEquals(1, archive.size());
        assertNull(archive.get(0).summary());
        assertEquals(published.id(), archive.get(0).files().get(0).id());
        assertNothingOfTheRequester(archive);
        assertTrue(files.publicDownload(published.id()).isPresent());
    }

    // ------------------------------------------------------------------ site staff

    @Test
    public void siteStaffSeeTheirPartNotTheRequesterNorOtherDepartments() {
        String n = submit();
        records.estimateFee(n, new FeeWork(10, null, null, null, null, null, null, null), CLERK);
        records.assign(n, "E01", "Please scan the bus 12 reports", CLERK);
        records.assign(n, "E02", "Transfer records", CLERK);
        records.assign(n, "legal", "Check FERPA", CLERK);
        records.note(n, new NoteDraft("Legal: the mother is in a custody dispute", "internal"), CLERK);
        records.note(n, new NoteDraft("E02 found two more reports", "internal"), E02);
        upload(files, n, "e02-scan.pdf", "internal", E02);

        RequestDetail mine = records.detail(n, E01);
        OpenRecordsRequest request = mine.request();
        assertEquals(DESCRIPTION, request.description()); // what their part needs
        assertNull(request.name());
        assertNull(request.email());
        assertNull(request.phone());
        assertNull(request.organisation());
        assertNull(request.feeTotal());
        assertNull(mine.fee());
        assertEquals(List.of("E01"), mine.assignments().stream().map(a -> a.department()).toList());
        assertEquals(List.of("Assigned to E01: Please scan the bus 12 reports"), mine.entries().stream().map(Entry::text).toList());
        assertFalse(mine.toString().contains("custody") || mine.toString().contains("E02 found") || mine.toString().contains("Transfer"));

        // what they write is their part: it comes back to them, never to the other site
        RequestDetail afterNote = records.note(n, new NoteDraft("42 pages scanned", "internal"), E01);
        assertNull(afterNote.request().email());
        assertEquals(2, afterNote.entries().size());
        assertFalse(records.detail(n, E02).toString().contains("42 pages"));
        RecordFile scan = upload(files, n, "e01-scan.pdf", "internal", E01);
        assertEquals(List.of("e01-scan.pdf"), files.list(n, E01).stream().map(RecordFile::fileName).toList());
        assertEquals(List.of("e02-scan.pdf"), files.list(n, E02).stream().map(RecordFile::fileName).toList());
        assertEquals(404, problem(() -> files.download(n, scan.id(), E02)).status());
        assertNull(records.claim(n, "E01", false, E01).request().name());

        // the list and its search: no requester, and no finding a request by the requester's name or another part's note
        RequestQuery all = new RequestQuery(null, null, false, null, null, null);
        OpenRecordsRequest row = records.list(all, PageRequest.of(null, null), E01).items().get(0);
        assertNull(row.name());
        assertNull(row.email());
        assertEquals(0, records.list(new RequestQuery(null, null, false, "Lucía", null, null), PageRequest.of(null, null), E01).total());
        assertEquals(0, records.list(new RequestQuery(null, null, false, "custody", null, null), PageRequest.of(null, null), E01).total());
        assertEquals(1, records.list(new RequestQuery(null, null, false, "bus 12", null, null), PageRequest.of(null, null), E01).total());
        assertEquals("the office still finds it by name", 1,
                records.list(new RequestQuery(null, null, false, "Lucía", null, null), PageRequest.of(null, null), CLERK).total());

        // letters name and address the requester
        letters.send(n, new LetterDraft("acknowledgement", null, null, true), CLERK);
        long letterId = letters.list(n, CLERK).get(0).id();
        assertTrue(letters.list(n, E01).isEmpty());
        assertEquals(404, problem(() -> letters.pdf(n, letterId, E01)).status());

        // the office widens it for E01: E01's staff see who asked and the letters; E02's still do not
        widened.add("E01");
        assertEquals("Lucía Ramos", records.detail(n, E01).request().name());
        assertEquals("lucia.ramos@example.org", records.list(all, PageRequest.of(null, null), E01).items().get(0).email());
        assertEquals(1, letters.list(n, E01).size());
        assertTrue(letters.pdf(n, letterId, E01).length > 0);
        assertNull(records.detail(n, E02).request().name());
        assertTrue(letters.list(n, E02).isEmpty());
        assertFalse("other departments' notes stay hidden", records.detail(n, E01).toString().contains("custody"));

        // done: nothing of the request any more, wherever they look
        RequestDetail done = records.finish(n, "E01", E01);
        assertEquals("done", done.assignments().get(0).state());
        assertEquals(404, problem(() -> records.detail(n, E01)).status());
        assertEquals(0, records.list(all, PageRequest.of(null, null), E01).total());
        assertEquals(404, problem(() -> files.list(n, E01)).status());
        assertEquals(404, problem(() -> files.download(n, scan.id(), E01)).status());
        assertEquals(404, problem(() -> letters.list(n, E01)).status());
        assertEquals(404, problem(() -> letters.pdf(n, letterId, E01)).status());
        assertEquals(404, problem(() -> records.note(n, new NoteDraft("one more", "internal"), E01)).status());
        assertEquals(404, problem(() -> upload(files, n, "late.pdf", "internal", E01)).status());
        assertEquals("E02's part goes on", 1, records.list(all, PageRequest.of(null, null), E02).total());
    }
}
