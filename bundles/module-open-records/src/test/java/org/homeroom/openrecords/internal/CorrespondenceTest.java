package org.homeroom.openrecords.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.homeroom.openrecords.api.FeeWork;
import org.homeroom.openrecords.api.Intake;
import org.homeroom.openrecords.api.Letter;
import org.homeroom.openrecords.api.LetterDraft;
import org.homeroom.openrecords.api.Payment;
import org.homeroom.openrecords.api.RecordFile;
import org.homeroom.openrecords.api.ReminderRun;
import org.homeroom.openrecords.api.Transition;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.RecordingMailService;
import org.homeroom.platform.testing.TestCalendar;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Test;

/** Files, letters and reminders over one database, as the three components share it in the bundle. */
public class CorrespondenceTest {

    private static final CurrentUser CLERK = new CurrentUser("clerk", Set.of("comms"));
    private static final CurrentUser PRINCIPAL = new CurrentUser("principal-e01", Set.of("site-staff", "site:E01"));
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T18:00:00Z")); // Monday noon in Oklahoma
    private RecordingMailService mail;
    private JdbcOpenRecords records;
    private JdbcRecordFiles files;
    private LetterOffice letters;
    private Reminders reminders;

    @Before
    public void setUp() {
        TestDatabase database = new TestDatabase();
        RecordingAuditLog audit = new RecordingAuditLog();
        mail = new RecordingMailService();
        TestCalendar calendar = new TestCalendar(clock);
        records = new JdbcOpenRecords(database, audit, JdbcOpenRecordsTest.SITES, clock, JdbcOpenRecordsTest.defaults(), calendar);
        files = new JdbcRecordFiles(database, audit, clock, JdbcOpenRecordsTest.defaults(), calendar);
        letters = new LetterOffice(database, audit, mail, new org.homeroom.platform.documents.internal.PdfLetterPrinter(), clock, JdbcOpenRecordsTest.defaults(), calendar);
        reminders = new Reminders(database, audit, mail, clock, JdbcOpenRecordsTest.defaults(), calendar);
    }

    private String submit(String language, String email) {
        var receipt = records.submit(new Intake("María Peña", email, email == null ? "405-555-0100" : null, null, "parent", language,
                "Bus route 12 incident reports, fall 2026", null, false, email == null ? "mail" : null, null, null), email == null ? CLERK : null);
        tokens.put(receipt.trackingNumber(), receipt.token());
        return receipt.trackingNumber();
    }

    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = PDDocument.load(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    public void aSpanishAcknowledgementIsRenderedStoredAndQueuedWithItsPdf() throws Exception {
        String n = submit("es", "maria@example.org");
        Letter preview = letters.preview(n, new LetterDraft("acknowledgement", null, null, null), CLERK);
        assertEquals(0, preview.id());
        assertTrue(mail.queued().isEmpty());

        Letter sent = letters.send(n, new LetterDraft("acknowledgement", null, null, null), CLERK);
        assertEquals("es", sent.language());
        assertEquals("Recibimos su solicitud de registros públicos " + n, sent.subject());
        assertTrue(sent.body(), sent.body().contains("Estimado(a) María Peña:"));
        assertTrue(sent.body(), sent.body().contains("23 de noviembre de 2026")); // received on, in Spanish
        assertTrue(sent.body(), sent.body().contains("https://district.example/records/" + n));
        assertEquals(preview.body(), sent.body());

        RecordingMailService.Queued queued = mail.last();
        assertEquals(List.of("maria@example.org"), queued.message().to());
        assertEquals("open-records:" + n, queued.origin());
        assertEquals(sent.subject(), queued.message().subject());
        assertEquals(n + "-acknowledgement.pdf", queued.message().attachments().get(0).fileName());
        byte[] pdf = queued.message().attachments().get(0).content();
        assertArrayEquals(pdf, letters.pdf(n, sent.id(), CLERK));
        String text = pdfText(pdf);
        assertTrue(text, text.contains("María Peña"));
        assertTrue(text, text.contains("Ley de Registros Abiertos de Oklahoma"));

        assertEquals(List.of(sent.id()), letters.list(n, CLERK).stream().map(Letter::id).toList());
        assertEquals(Long.valueOf(queued.id()), letters.list(n, CLERK).get(0).mailId());
        assertTrue(records.detail(n, CLERK).entries().stream().anyMatch(e -> "letter".equals(e.kind()) && e.text().contains("maria@example.org")));
        // the requester sees that a letter went out
        assertTrue(records.publicStatus(n, "wrong").isEmpty());
    }

    @Test
    public void lettersRefuseWhatCannotBeSentAndStoreNothing() {
        String byPost = submit("en", null);
        assertEquals(Set.of("email"), fields(problem(() -> letters.send(byPost, new LetterDraft("acknowledgement", null, null, null), CLERK))));
        assertTrue(letters.list(byPost, CLERK).isEmpty());
        Letter posted = letters.send(byPost, new LetterDraft("acknowledgement", "en", null, false), CLERK);
        assertNull(posted.mailId());
        assertTrue(mail.queued().isEmpty());

        assertEquals(Set.of("kind"), fields(problem(() -> letters.send(byPost, new LetterDraft("threat", null, null, null), CLERK))));
        assertEquals(Set.of("message"), fields(problem(() -> letters.send(byPost, new LetterDraft("clarification", null, " ", false), CLERK))));
        assertEquals(Set.of("language"), fields(problem(() -> letters.send(byPost, new LetterDraft("closing", "fr", null, false), CLERK))));
        assertEquals(409, problem(() -> letters.send(byPost, new LetterDraft("closing", null, null, false), CLERK)).status());
        assertEquals(409, problem(() -> letters.send(byPost, new LetterDraft("fee-estimate", null, null, false), CLERK)).status());
        assertEquals(404, problem(() -> letters.send("ORR-2026-99999", new LetterDraft("closing", null, null, false), CLERK)).status());
        assertEquals(1, letters.list(byPost, CLERK).size());
    }

    @Test
    public void feeAndClosingLettersCarryTheFiguresCitationAndReleasedFiles() throws Exception {
        String n = submit("en", "maria@example.org");
        records.transition(n, new Transition("acknowledged", null, null, null, null), CLERK);
        records.estimateFee(n, new FeeWork(40, null, null, null, null, null, null, null), CLERK);
        Letter fee = letters.send(n, new LetterDraft("fee-estimate", null, "Paper copies can be picked up at the office.", null), CLERK);
        assertTrue(fee.body(), fee.body().contains("Total: $10.00"));
        assertTrue(fee.body(), fee.body().contains("Amount due: $10.00"));
        assertTrue(fee.body(), fee.body().contains("Paper copies can be picked up"));
        assertTrue(letters.preview(n, new LetterDraft("fee-estimate", "es", null, null), CLERK).body().contains("Saldo pendiente: $10.00"));

        records.recordPayment(n, new Payment(new BigDecimal("10.00"), "cash", null), CLERK);
        files.upload(n, "route-12-incidents.pdf", "application/pdf", "requester", new ByteArrayInputStream(PDF), CLERK);
        files.upload(n, "legal-memo.pdf", "application/pdf", "internal", new ByteArrayInputStream(PDF), CLERK);
        records.transition(n, new Transition("closed", "partially-fulfilled", "51 O.S. §24A.16 (student records)", null, null), CLERK);
        Letter closing = letters.send(n, new LetterDraft("closing", null, null, null), CLERK);
        assertTrue(closing.body(), closing.body().contains("Withheld under: 51 O.S. §24A.16 (student records)"));
        assertTrue(closing.body(), closing.body().contains("- route-12-incidents.pdf"));
        assertFalse(closing.body(), closing.body().contains("legal-memo"));
        assertTrue(pdfText(letters.pdf(n, closing.id(), CLERK)).contains("§24A.16"));
    }

    @Test
    public void filesAreCheckedForTypeContentAndSizeBeforeAnythingIsStored() {
        String n = submit("en", "maria@example.org");
        assertEquals(415, problem(() -> files.upload(n, "run.exe", "application/x-msdownload", "internal",
                new ByteArrayInputStream(new byte[] {'M', 'Z'}), CLERK)).status());
        assertEquals(Set.of("body"), fields(problem(() -> files.upload(n, "fake.pdf", "application/pdf", "internal",
                new ByteArrayInputStream("MZ not a pdf".getBytes(StandardCharsets.US_ASCII)), CLERK))));
        assertEquals(Set.of("name"), fields(problem(() -> files.upload(n, "report.png", "application/pdf", "internal",
                new ByteArrayInputStream(PDF), CLERK))));
        assertEquals(Set.of("body"), fields(problem(() -> files.upload(n, "empty.pdf", "application/pdf", "internal",
                new ByteArrayInputStream(new byte[0]), CLERK))));
        assertEquals(Set.of("body"), fields(problem(() -> files.upload(n, "bin.txt", "text/plain", "internal",
                new ByteArrayInputStream(new byte[] {'a', 0, 'b'}), CLERK))));
        assertEquals(413, problem(() -> files.upload(n, "big.pdf", "application/pdf", "internal",
                new ByteArrayInputStream(new byte[1001]), CLERK)).status()); // the test limit is 1000 bytes
        assertEquals(Set.of("visibility"), fields(problem(() -> files.upload(n, "a.pdf", "application/pdf", "everyone",
                new ByteArrayInputStream(PDF), CLERK))));
        assertEquals(404, problem(() -> files.upload("ORR-2026-99999", "a.pdf", "application/pdf", "internal",
                new ByteArrayInputStream(PDF), CLERK)).status());
        assertTrue(files.list(n, CLERK).isEmpty());

        RecordFile stored = files.upload(n, "../../etc/notes: \"q3\".txt", "text/plain; charset=utf-8", null,
                new ByteArrayInputStream("Año escolar 2026".getBytes(StandardCharsets.UTF_8)), CLERK);
        assertEquals(".._.._etc_notes_ _q3_.txt", stored.fileName());
        assertEquals("internal", stored.visibility());
        assertEquals("Año escolar 2026", new String(files.download(n, stored.id(), CLERK).content(), StandardCharsets.UTF_8));
        assertEquals(64, stored.sha256().length());
    }

    @Test
    public void requestersAndThePublicGetOnlyWhatWasReleasedToThem() {
        String n = submit("en", "maria@example.org");
        String other = submit("en", "someone@example.org");
        RecordFile internal = files.upload(n, "draft.pdf", "application/pdf", "internal", new ByteArrayInputStream(PDF), CLERK);
        RecordFile released = files.upload(n, "released.pdf", "application/pdf", "requester", new ByteArrayInputStream(PDF), CLERK);
        RecordFile published = files.upload(n, "published.pdf", "application/pdf", "public", new ByteArrayInputStream(PDF), CLERK);
        String token = tokenOf(n);

        assertEquals(List.of("released.pdf", "published.pdf"), files.released(n, token).stream().map(RecordFile::fileName).toList());
        assertEquals(2, records.publicStatus(n, token).orElseThrow().files().size());
        assertTrue(files.requesterDownload(n, token, released.id()).isPresent());
        assertTrue(files.requesterDownload(n, token, internal.id()).isEmpty());
        assertTrue(files.requesterDownload(n, "wrong-token", released.id()).isEmpty());
        assertTrue(files.requesterDownload(other, tokenOf(other), released.id()).isEmpty()); // someone else's file
        assertTrue(files.publicDownload(published.id()).isPresent());
        assertTrue(files.publicDownload(released.id()).isEmpty());
        var archived = records.archive(null, org.homeroom.platform.api.PageRequest.of(null, null)).items();
        assertEquals(List.of("published.pdf"), archived.get(0).files().stream().map(f -> f.fileName()).toList());
        assertNull("no text unless staff write it", archived.get(0).summary());
        assertFalse(archived.toString(), archived.toString().contains("Bus route 12") || archived.toString().contains("María"));

        // site staff: nothing until the request is assigned to their site, then the files of their part only
        assertEquals(404, problem(() -> files.list(n, PRINCIPAL)).status());
        records.assign(n, "E01", null, CLERK);
        assertEquals(0, files.list(n, PRINCIPAL).size());
        assertEquals(404, problem(() -> files.download(n, internal.id(), PRINCIPAL)).status());
        assertEquals(404, problem(() -> files.download(n, released.id(), PRINCIPAL)).status());
        assertEquals(403, problem(() -> files.upload(n, "x.pdf", "application/pdf", "public", new ByteArrayInputStream(PDF), PRINCIPAL)).status());
        RecordFile scan = files.upload(n, "scan.pdf", "application/pdf", "internal", new ByteArrayInputStream(PDF), PRINCIPAL);
        assertEquals("principal-e01", scan.uploadedBy());
        assertEquals(List.of("scan.pdf"), files.list(n, PRINCIPAL).stream().map(RecordFile::fileName).toList());
        assertArrayEquals(PDF, files.download(n, scan.id(), PRINCIPAL).content());
        assertEquals(4, files.list(n, CLERK).size());
    }

    /** The token from the receipt: the only place it ever appears. */
    private String tokenOf(String trackingNumber) {
        return tokens.get(trackingNumber);
    }

    private final java.util.Map<String, String> tokens = new java.util.HashMap<>();

    @Test
    public void remindersGoOutOncePerDayPerKindAndNameWhoOwesTheWork() {
        String n = records.submit(new Intake("Pat", "pat@example.org", null, null, "media", "en", "Board emails", null, false, null, null, null), null)
                .trackingNumber(); // target Wed 9 Dec 2026
        assertEquals(0, reminders.remindNow("system").trackingNumbers().size());
        records.assign(n, "legal", null, CLERK);

        clock.set(Instant.parse("2026-12-07T15:00:00Z")); // Monday: two business days before the target
        ReminderRun soon = reminders.remindNow("system");
        assertEquals(List.of(n), soon.trackingNumbers());
        assertEquals(1, soon.dueSoon());
        RecordingMailService.Queued digest = mail.last();
        assertEquals(List.of("openrecords@district.example"), digest.message().to());
        assertTrue(digest.message().text(), digest.message().text().contains(n + " — due 2026-12-09, received, work owed by legal (unclaimed)"));
        assertEquals(0, reminders.remindNow("system").trackingNumbers().size()); // same day: not again
        assertEquals(1, mail.queued().size());

        clock.set(Instant.parse("2026-12-10T15:00:00Z")); // Thursday: overdue
        ReminderRun late = reminders.remindNow("system");
        assertEquals(1, late.overdue());
        assertTrue(mail.last().message().subject().startsWith("Open records: 1 overdue"));
        assertEquals(2, records.detail(n, CLERK).entries().stream().filter(e -> "reminder".equals(e.kind())).count());

        records.transition(n, new Transition("closed", "withdrawn", null, null, null), CLERK);
        clock.advance(Duration.ofDays(1));
        assertEquals(0, reminders.remindNow("system").trackingNumbers().size());
    }
}
