package org.homeroom.platform.mail.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit4.GreenMailRule;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.mail.MailAttachment;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailStatus;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

public class MailOutboxTest {

    private static final String SPANISH = "Solicitud recibida — año";
    private static final byte[] PDF = "%PDF-1.4\n% letter\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Rule
    public final GreenMailRule smtp = new GreenMailRule(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    private TestDatabase database;
    private RecordingAuditLog audit;
    private MutableClock clock;

    @Before
    public void setUp() {
        database = new TestDatabase();
        audit = new RecordingAuditLog();
        clock = new MutableClock(Instant.parse("2026-11-24T15:00:00Z"));
    }

    static MailSettings settings(String transport, int port, int maxAttempts) {
        return new MailSettings(transport, "127.0.0.1", port, "none", null, null, "communications@district.example",
                "Communications Office", 2000, 5000, maxAttempts, 30, 2);
    }

    private MailOutbox outbox(int port) {
        return new MailOutbox(database, audit, settings("smtp", port, 3), clock);
    }

    private static MailMessage letter() {
        return new MailMessage(List.of("ana.garcia@example.org"), SPANISH, "Hola Ana:\nSu solicitud fue recibida — año 2026.\n",
                "<p>Hola Ana: su solicitud fue recibida — <b>año</b> 2026.</p>", "openrecords@district.example",
                List.of(new MailAttachment("../cartas/ORR-2026-00042 acuse.pdf", "application/pdf", PDF)),
                Map.of("List-Unsubscribe", "<mailto:unsubscribe@district.example>"));
    }

    @Test
    public void aQueuedLetterArrivesWithSubjectBodyAttachmentAndSender() throws Exception {
        MailOutbox outbox = outbox(smtp.getSmtp().getPort());
        long id = outbox.queue(letter(), "open-records:ORR-2026-00042");
        assertEquals("queued", outbox.status(id).orElseThrow().state());

        assertEquals(1, outbox.deliverDue());

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        MimeMessage m = received[0];
        assertEquals(SPANISH, m.getSubject());
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertEquals("communications@district.example", from.getAddress());
        assertEquals("Communications Office", from.getPersonal());
        assertEquals("openrecords@district.example", ((InternetAddress) m.getReplyTo()[0]).getAddress());
        assertEquals("<mailto:unsubscribe@district.example>", m.getHeader("List-Unsubscribe", null));
        List<Part> parts = leaves(m);
        assertEquals("text, html, pdf", 3, parts.size());
        assertTrue(parts.get(0).isMimeType("text/plain"));
        assertTrue(String.valueOf(parts.get(0).getContent()), ((String) parts.get(0).getContent()).contains("recibida — año 2026"));
        assertTrue(parts.get(1).isMimeType("text/html"));
        Part pdf = parts.get(2);
        assertTrue(pdf.isMimeType("application/pdf"));
        assertEquals(Part.ATTACHMENT, pdf.getDisposition());
        assertEquals("ORR-2026-00042 acuse.pdf", pdf.getFileName());
        assertArrayEquals(PDF, pdf.getInputStream().readAllBytes());

        MailStatus sent = outbox.status(id).orElseThrow();
        assertEquals("sent", sent.state());
        assertEquals(1, sent.attempts());
        assertEquals(clock.instant(), sent.sentAt());
        assertNull(sent.nextAttemptAt());
        assertEquals(m.getMessageID(), database.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT MESSAGE_ID FROM MAIL_OUTBOX WHERE ID = " + id)) {
                rs.next();
                return rs.getString(1);
            }
        }));
        assertEquals(0, outbox.deliverDue());
        assertEquals("sent once", 1, smtp.getReceivedMessages().length);
    }

    @Test
    public void aMessageQueuedInARolledBackTransactionIsNeverSent() {
        MailOutbox outbox = outbox(smtp.getSmtp().getPort());
        try {
            database.inTransaction(c -> {
                outbox.queue(c, MailMessage.text("ana@example.org", "Recibida", "Gracias."), "open-records:ORR-2026-00043");
                throw new IllegalStateException("the request itself failed");
            });
            fail();
        } catch (IllegalStateException expected) {
            // the caller's failure
        }
        assertEquals(0, outbox.deliverDue());
        assertEquals(0, smtp.getReceivedMessages().length);
        assertEquals(0, outbox.find(null, null, PageRequest.of(0, 10)).total());
    }

    @Test
    public void validationNamesEveryBadField() {
        MailOutbox outbox = outbox(smtp.getSmtp().getPort());
        MailMessage bad = new MailMessage(List.of("not-an-address", "ok@example.org", "Ana <ana@example.org>"), " ", null, null, "nobody",
                List.of(new MailAttachment("big.bin", "application/octet-stream", new byte[10 * 1024 * 1024 + 1]),
                        new MailAttachment("x.txt", "text/plain\r\nBcc: evil@example.org", new byte[1])),
                Map.of("Bcc", "evil@example.org", "X-Note", "one\r\nBcc: evil@example.org", "Bad Name", "x"));
        ProblemException e = problem(() -> outbox.queue(bad, ""));
        assertEquals(Set.of("origin", "to[0]", "to[2]", "subject", "text", "replyTo", "attachments", "attachments[1].contentType",
                "headers[Bcc]", "headers[X-Note]", "headers[Bad Name]"), fields(e));

        assertEquals(Set.of("to"), fields(problem(() -> outbox.queue(new MailMessage(List.of(), "s", "t", null, null, null, null), "x"))));
        List<String> many = Collections.nCopies(51, "a@example.org");
        assertEquals(Set.of("to"), fields(problem(() -> outbox.queue(new MailMessage(many, "s", "t", null, null, null, null), "x"))));
        assertEquals(0, outbox.find(null, null, PageRequest.of(0, 10)).total());
    }

    @Test
    public void lineBreaksInTheSubjectAreRefused() {
        MailOutbox outbox = outbox(smtp.getSmtp().getPort());
        for (String subject : List.of("Hola\r\nBcc: evil@example.org", "Hola\nBcc: evil@example.org", "Hola\rX")) {
            ProblemException e = problem(() -> outbox.queue(MailMessage.text("ana@example.org", subject, "t"), "test"));
            assertEquals(Set.of("subject"), fields(e));
        }
        assertEquals(0, outbox.find(null, null, PageRequest.of(0, 10)).total());
    }

    @Test
    public void anUnreachableServerLeavesTheMessageQueuedUntilItIsBack() throws Exception {
        int port = freePort();
        MailOutbox outbox = outbox(port);
        long id = outbox.queue(MailMessage.text("ana@example.org", SPANISH, "Gracias."), "open-records:ORR-2026-00044");

        assertEquals(0, outbox.deliverDue());
        MailStatus waiting = outbox.status(id).orElseThrow();
        assertEquals("queued", waiting.state());
        assertEquals(1, waiting.attempts());
        assertEquals("connection refused by 127.0.0.1:" + port, waiting.lastError());
        assertEquals(clock.instant().plusSeconds(30), waiting.nextAttemptAt());
        assertEquals("not due yet", 0, outbox.deliverDue());
        assertEquals(1, outbox.status(id).orElseThrow().attempts());

        GreenMail back = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        back.start();
        try {
            clock.advance(Duration.ofSeconds(30));
            assertEquals(1, outbox.deliverDue());
            assertEquals(1, back.getReceivedMessages().length);
            assertEquals(SPANISH, back.getReceivedMessages()[0].getSubject());
        } finally {
            back.stop();
        }
        MailStatus sent = outbox.status(id).orElseThrow();
        assertEquals("sent", sent.state());
        assertEquals(2, sent.attempts());
    }

    @Test
    public void afterMaxAttemptsTheMessageFailsAndAnAdminCanRetryIt() throws Exception {
        int port = freePort();
        MailOutbox outbox = outbox(port); // 3 attempts, 30 s doubling
        long id = outbox.queue(MailMessage.text("ana@example.org", "Recibida", "Gracias."), "open-records:ORR-2026-00045");
        outbox.deliverDue();
        clock.advance(Duration.ofSeconds(30));
        outbox.deliverDue();
        assertEquals(clock.instant().plusSeconds(60), outbox.status(id).orElseThrow().nextAttemptAt());
        clock.advance(Duration.ofSeconds(60));
        outbox.deliverDue();

        MailStatus failed = outbox.status(id).orElseThrow();
        assertEquals("failed", failed.state());
        assertEquals(3, failed.attempts());
        assertEquals("connection refused by 127.0.0.1:" + port, failed.lastError());
        clock.advance(Duration.ofHours(2));
        assertEquals(0, outbox.deliverDue());
        assertEquals(List.of(id), outbox.find("failed", "open-records:", PageRequest.of(0, 10)).items().stream().map(MailStatus::id).toList());

        MailStatus again = outbox.retry(id, "admin");
        assertEquals("queued", again.state());
        assertEquals(0, again.attempts());
        assertEquals(List.of("mail.retry"), audit.actions());
        assertEquals(String.valueOf(id), audit.entries.get(0).entityId());
        assertEquals(409, problem(() -> outbox.retry(id, "admin")).status());
        assertEquals(404, problem(() -> outbox.retry(id + 100, "admin")).status());
        assertEquals(1, audit.entries.size());
    }

    @Test
    public void twoNodesCannotClaimTheSameMessage() {
        MailSettings s = settings("log", 25, 3);
        MailOutbox first = new MailOutbox(database, audit, s, clock);
        MailOutbox second = new MailOutbox(database, audit, s, clock);
        long id = first.queue(MailMessage.text("ana@example.org", "Recibida", "Gracias."), "test");
        // both read the row as due with 0 attempts; only the first conditional update wins
        assertNotNull(first.claim(id, 0, s));
        assertNull(second.claim(id, 0, s));
        assertEquals("hidden for the lease", 0, second.deliverDue());
        clock.advance(s.claimLease());
        assertEquals("due again if the first node died mid-send", 1, second.deliverDue());
        assertEquals(2, first.status(id).orElseThrow().attempts());
    }

    @Test
    public void theLogTransportOnlyLogsAndMarksLogged() {
        MailOutbox outbox = new MailOutbox(database, audit, settings("log", smtp.getSmtp().getPort(), 3), clock);
        long id = outbox.queue(letter(), "events:reminder");
        assertEquals(1, outbox.deliverDue());
        MailStatus logged = outbox.status(id).orElseThrow();
        assertEquals("logged", logged.state());
        assertEquals(clock.instant(), logged.sentAt());
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    @Test
    public void theListFiltersByStateAndOriginPrefixNewestFirst() {
        MailOutbox outbox = new MailOutbox(database, audit, settings("log", 25, 3), clock);
        long a = outbox.queue(MailMessage.text("a@example.org", "A", "a"), "open-records:ORR-2026-00001");
        long b = outbox.queue(MailMessage.text("b@example.org", "B", "b"), "events:1");
        long c = outbox.queue(MailMessage.text("c@example.org", "C", "c"), "open_records:x"); // '_' is no wildcard
        assertEquals(List.of(c, b, a), outbox.find(null, null, PageRequest.of(0, 10)).items().stream().map(MailStatus::id).toList());
        assertEquals(List.of(a), outbox.find("queued", "open-records", PageRequest.of(0, 10)).items().stream().map(MailStatus::id).toList());
        assertEquals(List.of("b@example.org"), outbox.status(b).orElseThrow().to());
        assertEquals(Set.of("state"), fields(problem(() -> outbox.find("lost", null, PageRequest.of(0, 10)))));
    }

    @Test
    public void anAddressTheServerRefusesFailsAtOnce() throws Exception {
        InternetAddress ana = new InternetAddress("ana@example.org");
        SendFailedException refused = new SendFailedException("Invalid Addresses",
                new SMTPAddressFailedException(ana, "RCPT TO:<ana@example.org>", 550, "550 5.1.1 <ana@example.org>: user unknown"),
                new Address[0], new Address[0], new Address[] {ana});
        SmtpSender.SendFailure failure = SmtpSender.describe(refused, settings("smtp", 25, 3));
        assertTrue(failure.permanent);
        assertEquals("the server 127.0.0.1:25 refused the address ana@example.org (550 5.1.1 <ana@example.org>: user unknown)",
                failure.getMessage());
    }

    @Test
    public void fileNamesAreMadeSafe() {
        assertEquals("passwd", MessageCheck.safeFileName("../../etc/passwd"));
        assertEquals("carta.pdf", MessageCheck.safeFileName("C:\\Users\\ana\\carta.pdf"));
        assertEquals("hidden", MessageCheck.safeFileName("..hidden"));
        assertEquals("a_b_.pdf", MessageCheck.safeFileName("a:b?.pdf"));
        assertEquals("attachment", MessageCheck.safeFileName(" \r\n"));
        assertEquals("acuse año.pdf", MessageCheck.safeFileName("acuse año.pdf"));
        String longName = "x".repeat(300) + ".pdf";
        assertEquals(200, MessageCheck.safeFileName(longName).length());
        assertTrue(MessageCheck.safeFileName(longName).endsWith(".pdf"));
    }

    @Test
    public void backoffDoublesUpToAnHour() {
        MailSettings s = settings("smtp", 25, 8);
        assertEquals(Duration.ofSeconds(30), s.backoff(1));
        assertEquals(Duration.ofSeconds(60), s.backoff(2));
        assertEquals(Duration.ofSeconds(1920), s.backoff(7));
        assertEquals(Duration.ofHours(1), s.backoff(8));
        assertEquals(Duration.ofHours(1), s.backoff(60));
        assertTrue("the password is never printed", !new MailSettings("smtp", "h", 25, "ssl", "u", "secret", "a@b.c", "n", 1, 1, 1, 1, 1)
                .toString().contains("secret"));
    }

    private static List<Part> leaves(Part part) throws Exception {
        List<Part> out = new ArrayList<>();
        if (part.getContent() instanceof Multipart multi) {
            for (int i = 0; i < multi.getCount(); i++) {
                BodyPart child = multi.getBodyPart(i);
                out.addAll(leaves(child));
            }
        } else {
            out.add(part);
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
