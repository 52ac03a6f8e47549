package org.homeroom.messaging.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.homeroom.directory.api.Recipient;
import org.homeroom.messaging.api.Content;
import org.homeroom.messaging.api.MessageDraft;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.documents.internal.PdfLetterPrinter;
import org.junit.Before;
import org.junit.Test;

public class PrintedLettersTest extends MessagingFixture {

    private static final Pattern LINK = Pattern.compile("https://district\\.example/api/messaging/letters/(\\d+)\\.pdf\\?token=([A-Za-z0-9_-]+)");
    private PrintedLetters letters;

    @Before
    public void printer() {
        PdfLetterPrinter printer = new PdfLetterPrinter();
        letters = new PrintedLetters(database, audit, directory, () -> printer, messenger, new ReachReport(database, directory),
                code -> List.of("E01", "E02").contains(code) ? Optional.of(new Site(code, code.equals("E01") ? "Lincoln Elementary" : "Sequoyah Elementary",
                        "elementary", "1 School St, Oklahoma City", "405-555-0100", null, null, List.of(), false, null, null)) : Optional.empty(),
                config(), clock);
    }

    private byte[] pdf(PrintedLetters.Run run) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        letters.print(run, out);
        return out.toByteArray();
    }

    private static List<String> pages(byte[] pdf) throws Exception {
        List<String> out = new ArrayList<>();
        try (PDDocument document = PDDocument.load(pdf)) {
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                out.add(stripper.getText(document));
            }
        }
        return out;
    }

    @Test
    public void aParentLettersEmailLinksToTheFamilysOwnPrintableCopy() throws Exception {
        long id = send("general", List.of("email", "sms"));
        messenger.work(provider, 100);
        var maria = mail.queued().stream().filter(q -> q.message().to().contains("maria@example.org")).findFirst().orElseThrow();
        assertTrue(maria.message().text(), maria.message().text().contains("Versión para imprimir (PDF): https://district.example/api/messaging/letters/"));
        Matcher link = LINK.matcher(maria.message().text());
        assertTrue(link.find());
        long delivery = Long.parseLong(link.group(1));

        // a HEAD (a mail scanner, a link preview) gets the same answer but is not an opening: nothing is audited
        int before = audit.entries.size();
        assertTrue(letters.forDelivery(delivery, link.group(2), false).isPresent());
        assertEquals(before, audit.entries.size());
        List<String> copy = pages(letters.forDelivery(delivery, link.group(2)).orElseThrow());
        assertEquals(1, copy.size());
        assertTrue(copy.get(0), copy.get(0).startsWith("Homeroom Public Schools\nLincoln Elementary\n1 School St, Oklahoma City · 405-555-0100\n"));
        assertTrue(copy.get(0), copy.get(0).contains("Escuela cerrada 2026-11-24"));
        assertTrue(copy.get(0), copy.get(0).contains("Estimado(a) María Peña: la escuela de Ana está cerrada."));
        assertTrue(audit.actions().toString(), audit.actions().contains("messaging.letter-opened")); // who opened what is on record

        // a link is good for its own delivery only, and only for a letter sent by email
        assertTrue(letters.forDelivery(delivery, link.group(2).replace(link.group(2).charAt(0), link.group(2).charAt(0) == 'A' ? 'B' : 'A')).isEmpty());
        assertTrue(letters.forDelivery(delivery + 1, link.group(2)).isEmpty());
        assertTrue(letters.forDelivery(delivery, null).isEmpty());
        long text = deliveryId(id, "CHANNEL = 'sms'");
        Matcher textLink = LINK.matcher(messenger.letterLink(text));
        assertTrue(textLink.find());
        assertTrue("a text has no printable copy", letters.forDelivery(text, textLink.group(2)).isEmpty());
    }

    @Test
    public void aPrintRunHasALetterPerStudentInEachGuardiansLanguageForTheFamiliesNotReached() throws Exception {
        long id = send("general", List.of("email"));
        assertEquals(409, problem(() -> letters.run(messenger.get(id, COMMS), "E02", null, null, COMMS)).status()); // not sent yet

        messenger.work(provider, 100); // María and Pat get the email
        // E02: Sam's family was reached; Eva has no guardian on file
        int before = audit.entries.size();
        assertEquals(1, letters.run(messenger.get(id, COMMS), "e02", null, "not-reached", COMMS, false).letters().size()); // a HEAD
        assertEquals("a HEAD of a print run audits nothing", before, audit.entries.size());
        PrintedLetters.Run e02 = letters.run(messenger.get(id, COMMS), "e02", null, "not-reached", COMMS);
        assertEquals(List.of(1, 1), List.of(e02.letters().size(), e02.families()));
        List<String> eva = pages(pdf(e02));
        assertTrue(eva.get(0), eva.get(0).startsWith("Homeroom Public Schools\nSequoyah Elementary\n"));
        assertTrue(eva.get(0), eva.get(0).contains("For the family of Eva Sola · Grade 04"));
        assertTrue(eva.get(0), eva.get(0).contains("Dear Family of Eva Sola, Eva's school is closed."));
        assertEquals(List.of("messaging.print"), audit.actions().stream().filter(a -> a.equals("messaging.print")).toList());
        assertTrue(audit.entries.get(audit.entries.size() - 1).detail(), audit.entries.get(audit.entries.size() - 1).detail()
                .equals("site E02, not-reached: 1 letters for 1 families"));

        // E01: both families were reached by email, so nothing to print unless all are asked for
        assertEquals(409, problem(() -> letters.run(messenger.get(id, COMMS), "E01", null, null, COMMS)).status());
        PrintedLetters.Run all = letters.run(messenger.get(id, COMMS), "E01", null, "all", PRINCIPAL);
        // Luis (KG) before Ana (03); Ana's household reads English (José) and Spanish (María): one letter each
        assertEquals(List.of(3, 2), List.of(all.letters().size(), all.families()));
        List<String> pages = pages(pdf(all));
        assertEquals(3, pages.size());
        assertTrue(pages.get(0), pages.get(0).contains("Para la familia de Luis Peña · Grado KG") && pages.get(0).contains("Estimado(a) María Peña"));
        assertTrue(pages.get(1), pages.get(1).contains("For the family of Ana Peña · Grade 03") && pages.get(1).contains("Dear José Peña, Ana's school"));
        assertTrue(pages.get(2), pages.get(2).contains("Para la familia de Ana Peña · Grado 03") && pages.get(2).contains("Estimado(a) María Peña"));
        // one grade only
        assertEquals(2, letters.run(messenger.get(id, COMMS), "E01", "03", "all", COMMS).letters().size());
    }

    @Test
    public void noEmailPrintsForFamiliesReachedOnlyByOtherChannels() throws Exception {
        clock.set(Instant.parse("2026-11-24T15:00:00Z")); // 09:00: texts go too
        people.removeIf(r -> r.sourcedId().equals("g-1") && r.channel().equals("email")); // María has no email now
        long id = send("general", List.of("email", "sms"));
        messenger.work(provider, 100);
        // E01 was reached by text (María's mobile), but nobody there got the letter by email
        assertEquals(409, problem(() -> letters.run(messenger.get(id, COMMS), "E01", null, "not-reached", COMMS)).status());
        PrintedLetters.Run run = letters.run(messenger.get(id, COMMS), "E01", null, "no-email", COMMS);
        assertEquals(List.of(3, 2), List.of(run.letters().size(), run.families())); // José's opt-out of general texts does not stop paper
    }

    @Test
    public void aPrintRunNamesWhatIsWrongWithItsRequest() {
        long id = send("general", List.of("email"));
        messenger.work(provider, 100);
        var m = messenger.get(id, COMMS);
        assertEquals(Set.of("site"), fields(problem(() -> letters.run(m, null, null, null, COMMS))));
        assertEquals(Set.of("site"), fields(problem(() -> letters.run(m, "Z99", null, null, COMMS))));
        assertEquals(Set.of("families"), fields(problem(() -> letters.run(m, "E01", null, "everyone", COMMS))));
        assertEquals(Set.of("grade"), fields(problem(() -> letters.run(m, "E01", "14", "all", COMMS))));
        assertEquals(403, problem(() -> letters.run(m, "E02", null, "all", PRINCIPAL)).status()); // not her site

        long site = messenger.create(new MessageDraft("letter", "general", List.of("email"), new MessageDraft.Audience("families", null, List.of("KG"), null),
                "E01", content(), 2, null), PRINCIPAL);
        assertEquals(409, problem(() -> letters.run(messenger.get(site, PRINCIPAL), "E01", null, "all", COMMS)).status()); // a draft: the master only
        letters.master(messenger.get(site, PRINCIPAL), "en");
        messenger.transition(site, "approve", COMMS);
        var mine = messenger.get(site, PRINCIPAL);
        assertEquals(Set.of("site"), fields(problem(() -> letters.run(mine, "E02", null, "all", COMMS)))); // the message is for E01 only
        assertEquals(Set.of("grade"), fields(problem(() -> letters.run(mine, "E01", "03", "all", COMMS)))); // and for KG only
        assertEquals(1, letters.run(mine, "E01", null, "all", COMMS).letters().size()); // approved: printed before sending

        // a district message to ["e01"] (as typed) is stored as E01 and printed for E01
        long typed = messenger.create(new MessageDraft("letter", "general", List.of("email"), new MessageDraft.Audience("families", List.of("e01"), null,
                null), null, content(), 2, null), COMMS);
        messenger.transition(typed, "approve", COMMS);
        assertEquals(List.of("E01"), messenger.get(typed, COMMS).draft().audience().sites());
        assertEquals(3, letters.run(messenger.get(typed, COMMS), "e01", null, "all", COMMS).letters().size());
        messenger.transition(typed, "cancel", COMMS);
        assertEquals(409, problem(() -> letters.run(messenger.get(typed, COMMS), "E01", null, "all", COMMS)).status());
        assertEquals(409, problem(() -> letters.master(messenger.get(typed, COMMS), "en")).status());
    }

    @Test
    public void familiesStillPendingAreLeftOutUntilTheirOutcomeIsKnown() throws Exception {
        long id = send("general", List.of("sms")); // 22:30: María's text waits for the morning; José declined general texts
        messenger.work(provider, 100);
        // E01: Ana and Luis are pending (María's text), so nothing to print yet
        assertEquals(409, problem(() -> letters.run(messenger.get(id, COMMS), "E01", null, null, COMMS)).status());
        PrintedLetters.Run e02 = letters.run(messenger.get(id, COMMS), "E02", null, null, COMMS); // Sam (no mobile) and Eva (no guardian)
        assertEquals(List.of(2, 2), List.of(e02.letters().size(), e02.families()));

        clock.set(Instant.parse("2026-11-25T14:00:00Z"));
        provider.failures.add(new org.homeroom.messaging.api.ProviderException("21211 invalid number", false, null));
        messenger.work(provider, 100); // María's text fails for good
        // neither family was reached: paper for both, Ana's in English (José) and Spanish (María)
        List<String> pages = pages(pdf(letters.run(messenger.get(id, COMMS), "E01", null, null, COMMS)));
        assertEquals(3, pages.size());
        assertTrue(pages.get(0), pages.get(0).contains("Para la familia de Luis Peña · Grado KG"));
        assertTrue(pages.get(1), pages.get(1).contains("For the family of Ana Peña · Grade 03"));
    }

    @Test
    public void onlyALettersEmailHasAPrintableCopy() {
        long id = newsletterToPat();
        long delivery = deliveryId(id, "STATE = 'sent'");
        Matcher link = LINK.matcher(messenger.letterLink(delivery));
        assertTrue(link.find());
        assertTrue(letters.forDelivery(delivery, link.group(2)).isEmpty());
        assertTrue(mail.queued().get(0).message().text(), !mail.queued().get(0).message().text().contains("/letters/"));
    }

    @Test
    public void theMasterIsAddressedToAParentOrGuardianInTheLanguageAsked() throws Exception {
        long id = send("general", List.of("email"));
        List<String> es = pages(letters.master(messenger.get(id, COMMS), "es"));
        assertTrue(es.get(0), es.get(0).contains("Estimado(a) Padre, madre o tutor: la escuela de su estudiante está cerrada."));
        List<String> en = pages(letters.master(messenger.get(id, COMMS), null));
        assertTrue(en.get(0), en.get(0).contains("Dear Parent or guardian, your student's school is closed."));

        long text = messenger.create(new MessageDraft("text", "general", List.of("sms"), new MessageDraft.Audience("families", null, null, null), null,
                new Content(null, null, null, null, "Closed", null, null, null), 1, null), COMMS);
        assertEquals(409, problem(() -> letters.master(messenger.get(text, COMMS), "en")).status());
    }

    @Test
    public void staffMessagesHaveNoFamilyPrintRun() {
        people.add(new Recipient("t-1", "Tess", "Ray", "en", "E01", null, "email", "tess@example.org", true));
        long id = messenger.create(new MessageDraft("memo", "general", List.of("email"), new MessageDraft.Audience("staff", null, null, null), null,
                content(), 2, null), COMMS);
        assertEquals(409, problem(() -> letters.run(messenger.get(id, COMMS), "E01", null, "all", COMMS)).status());
    }
}
