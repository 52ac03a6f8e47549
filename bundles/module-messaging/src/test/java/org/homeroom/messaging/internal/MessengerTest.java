package org.homeroom.messaging.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.homeroom.directory.api.AudienceQuery;
import org.homeroom.directory.api.ConsentRecord;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.directory.api.FamilyMember;
import org.homeroom.directory.api.ImportReport;
import org.homeroom.directory.api.PeopleQuery;
import org.homeroom.directory.api.Person;
import org.homeroom.directory.api.PersonDetail;
import org.homeroom.directory.api.Recipient;
import org.homeroom.messaging.api.Content;
import org.homeroom.messaging.api.Message;
import org.homeroom.messaging.api.Reach;
import org.homeroom.messaging.api.MessageDraft;
import org.homeroom.messaging.api.OutboundText;
import org.homeroom.messaging.api.ProviderException;
import org.homeroom.messaging.api.ProviderResult;
import org.homeroom.messaging.api.TextProvider;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.RecordingMailService;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Test;

public class MessengerTest extends MessagingFixture {

    @Test
    public void planningWritesOneDeliveryPerContactAndChannelWithItsConsentDecision() {
        long id = send("general", List.of("email", "sms", "voice"));
        messenger.work(provider, 0); // plans, sends nothing
        Message m = messenger.get(id, COMMS);
        // María: email, sms, voice; José: landline voice, his mobile (opted out) skipped for sms and voice; Pat: email
        assertEquals(Map.of("planned", 5, "sending", 0, "sent", 0, "failed", 0, "skipped", 2), m.deliveries());
        assertEquals(2, database.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM MSG_DELIVERY2 WHERE STATE = 'skipped' AND REASON LIKE 'no consent%'");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }).intValue());
        assertEquals(0, messenger.plan(id)); // planning again after a crash adds nothing twice
    }

    @Test
    public void emailGoesAtOnceTextsAndCallsWaitForMorningAndLanguagesAreChosenPerFamily() {
        long id = send("general", List.of("email", "sms"));
        messenger.work(provider, 100);
        assertEquals(2, mail.queued().size()); // María (Spanish) and Pat (Vietnamese: English fallback)
        assertTrue(mail.queued().stream().anyMatch(q -> q.message().subject().equals("Escuela cerrada 2026-11-24")
                && q.message().text().contains("Estimado(a) María Peña: la escuela de Ana")));
        assertTrue(mail.queued().stream().anyMatch(q -> q.message().subject().equals("School closed 2026-11-24")));
        assertTrue("quiet hours", provider.sent.isEmpty());

        clock.set(Instant.parse("2026-11-25T14:00:00Z")); // 08:00
        messenger.work(provider, 100);
        assertEquals(List.of("Cerrado hoy: E01"), provider.sent.stream().map(OutboundText::body).toList());
        Message done = messenger.get(id, COMMS);
        assertEquals("sent", done.status());
        assertEquals(2, done.reached());
    }

    @Test
    public void emergenciesIgnoreQuietHoursAndConsentOptOuts() {
        people.replaceAll(r -> new Recipient(r.sourcedId(), r.givenName(), r.familyName(), r.language(), r.siteCode(), r.studentName(),
                r.channel(), r.value(), true)); // the directory allows every contact for emergencies
        send("emergency", List.of("sms"));
        messenger.work(provider, 100);
        assertEquals(Set.of("+14055550123", "+14055550124"), Set.copyOf(provider.sent.stream().map(OutboundText::to).toList()));
    }

    @Test
    public void providerErrorsAreRetriedWithBackoffAndPermanentOnesFailWithTheirReason() {
        people.removeIf(r -> !r.value().equals("+14055550123"));
        long id = send("emergency", List.of("sms"));
        provider.failures.add(new ProviderException("rate limited", true, 30));
        messenger.work(provider, 100);
        assertEquals(1, messenger.get(id, COMMS).deliveries().get("planned").intValue());
        messenger.work(provider, 100);
        assertTrue("not before the Retry-After", provider.sent.isEmpty());
        clock.advance(Duration.ofSeconds(31));
        messenger.work(provider, 100);
        assertEquals(1, provider.sent.size());

        people.clear();
        people.add(new Recipient("g-9", "Bad", "Number", "en", "E01", "Kid", "mobile", "+14055550000", true));
        long second = send("emergency", List.of("sms"));
        provider.failures.add(new ProviderException("21211: The 'To' number is not a valid phone number.", false, null));
        messenger.work(provider, 100);
        assertEquals(1, messenger.get(second, COMMS).deliveries().get("failed").intValue());
        assertEquals("sent", messenger.get(second, COMMS).status());
    }

    @Test
    public void aSendInterruptedMidwayResumesWhereItStopped() {
        people.removeIf(r -> r.channel().equals("email"));
        people.replaceAll(r -> new Recipient(r.sourcedId(), r.givenName(), r.familyName(), r.language(), r.siteCode(), r.studentName(),
                r.channel(), r.value(), true)); // emergency: every contact allowed
        long id = send("emergency", List.of("sms", "voice"));
        messenger.plan(id);
        // a worker claims two deliveries and dies before it records anything
        database.inTransaction(c -> {
            try (var ps = c.prepareStatement("UPDATE MSG_DELIVERY2 SET STATE = 'sending' WHERE ID IN (SELECT ID FROM MSG_DELIVERY2 ORDER BY ID"
                    + " FETCH FIRST 2 ROWS ONLY)")) {
                return ps.executeUpdate();
            }
        });
        messenger.work(provider, 100);
        assertEquals(3, provider.sent.size()); // the others; the claimed two wait for their lease
        clock.advance(Duration.ofSeconds(121));
        messenger.work(provider, 100);
        assertEquals(5, provider.sent.size()); // María sms + voice, José's mobile sms + voice, his landline voice
        assertEquals(5, Set.copyOf(provider.sent.stream().map(t -> t.channel() + t.to()).toList()).size());
        assertEquals("sent", messenger.get(id, COMMS).status());
    }

    @Test
    public void anOptOutAfterPlanningStopsWhatIsStillPlannedButNotEmergencies() {
        long general = send("general", List.of("sms"));
        messenger.work(provider, 0); // planned; quiet hours hold María's text
        directory.changeConsent("(405) 555-0123", org.homeroom.directory.api.Consents.REVOCABLE, "revoked", "opt-out reply", "STOP", "sms-reply");
        long emergency = send("emergency", List.of("sms"));
        clock.set(Instant.parse("2026-11-25T14:00:00Z")); // 08:00: routine texts may go
        messenger.work(provider, 100);
        assertEquals(2, messenger.get(general, COMMS).deliveries().get("skipped").intValue()); // José had no consent; María opted out since
        assertEquals(0, messenger.get(general, COMMS).deliveries().get("sent").intValue());
        assertEquals(1, database.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ? AND CONTACT_VALUE = '+14055550123'"
                    + " AND REASON = 'no consent for general messages to this contact any more (withdrawn after planning)'")) {
                ps.setLong(1, general);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        }).intValue());
        assertEquals(0, messenger.get(emergency, COMMS).deliveries().get("skipped").intValue());
        // the emergency still reaches María and José (whose opt-out of general messages never stops emergencies)
        assertEquals(2, messenger.get(emergency, COMMS).deliveries().get("sent").intValue());
        assertEquals(List.of("+14055550123", "+14055550124"), provider.sent.stream().map(OutboundText::to).sorted().toList());
    }

    @Test
    public void whenConsentCannotBeCheckedThatMessageWaitsAndTheOthersGoOn() {
        clock.set(Instant.parse("2026-11-25T14:00:00Z")); // 08:00
        long general = send("general", List.of("sms"));
        long emergency = send("emergency", List.of("sms"));
        refusingFailsFor = "general";
        messenger.work(provider, 100);
        assertEquals(2, messenger.get(emergency, COMMS).deliveries().get("sent").intValue());
        assertEquals(1, messenger.get(general, COMMS).deliveries().get("planned").intValue()); // María's: not sent unchecked
        refusingFailsFor = null;
        messenger.work(provider, 100);
        assertEquals(1, messenger.get(general, COMMS).deliveries().get("sent").intValue());
    }

    @Test
    public void badDraftsAreRefusedWithTheFieldsNamed() {
        Content tooLong = new Content(null, null, null, null, "{{guardianName}} " + "x".repeat(300), null, null, null);
        assertEquals(Set.of("content.textEn"), fields(problem(() -> messenger.create(new MessageDraft("text", "general", List.of("sms"),
                new MessageDraft.Audience("families", null, null, null), null, tooLong, 2, null), COMMS))));
        assertEquals(Set.of("kind", "category", "channels", "audience.role", "content"), fields(problem(() -> messenger.create(
                new MessageDraft("fax", "spam", List.of("pigeon"), new MessageDraft.Audience("pets", null, null, null), null, null, null, null), COMMS))));
        assertEquals(Set.of("site"), fields(problem(() -> messenger.create(new MessageDraft("letter", "general", List.of("email"),
                new MessageDraft.Audience("families", null, null, null), null, content(), 2, null), PRINCIPAL))));
        long mine = messenger.create(new MessageDraft("letter", "general", List.of("email"), new MessageDraft.Audience("families", null, null, null),
                "e01", content(), 2, null), PRINCIPAL);
        assertEquals(List.of("E01"), messenger.get(mine, PRINCIPAL).draft().audience().sites());
        assertEquals(409, problem(() -> messenger.transition(mine, "send", PRINCIPAL)).status()); // not approved yet
        messenger.transition(mine, "cancel", PRINCIPAL);
        assertEquals(409, problem(() -> messenger.transition(mine, "approve", PRINCIPAL)).status());
    }

    @Test
    public void aProviderReportThatATextDidNotArriveMakesItAFailureWithTheReason() {
        people.removeIf(r -> !r.value().equals("+14055550123"));
        long id = send("emergency", List.of("sms"));
        messenger.work(provider, 100);
        long delivery = database.read(c -> {
            try (var ps = c.prepareStatement("SELECT ID FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ?")) {
                ps.setLong(1, id);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        assertTrue(messenger.providerStatus(delivery, "delivered", null));
        assertEquals(1, messenger.get(id, COMMS).deliveries().get("sent").intValue());
        assertTrue(messenger.providerStatus(delivery, "undelivered", "30005"));
        assertEquals(1, messenger.get(id, COMMS).deliveries().get("failed").intValue());
        assertEquals(0, messenger.get(id, COMMS).reached());
        assertTrue("a report about a failed delivery changes nothing more", !messenger.providerStatus(delivery, "delivered", null));
        assertTrue(!messenger.providerStatus(999_999, "delivered", null));
        assertEquals(Set.of("MessageStatus"), fields(problem(() -> messenger.providerStatus(delivery, " ", null))));
    }

    @Test
    public void theProvidersRateLimitSlowsTheSenderDownWithoutSpendingAttempts() {
        people.removeIf(r -> !r.value().equals("+14055550123") && !r.value().equals("+14055550124"));
        long id = send("emergency", List.of("sms"));
        for (int i = 0; i < 5; i++) { // more refusals than attempts allowed: none of them is the delivery's fault
            provider.failures.add(ProviderException.throttled("rate limited", 0));
        }
        for (int pass = 0; pass < 10 && messenger.work(provider, 100) > 0; pass++) {
            // as the module's worker: again while there is due work (a refused text goes back to the queue)
        }
        assertEquals(Map.of("planned", 0, "sending", 0, "sent", 2, "failed", 0, "skipped", 0), messenger.get(id, COMMS).deliveries());
        assertEquals(List.of(1, 1), database.read(c -> {
            try (var ps = c.prepareStatement("SELECT ATTEMPTS FROM MSG_DELIVERY2 WHERE MESSAGE_ID = ?")) {
                ps.setLong(1, id);
                List<Integer> attempts = new ArrayList<>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        attempts.add(rs.getInt(1));
                    }
                }
                return attempts;
            }
        }));
    }

    @Test
    public void aFailureReportThatArrivesBeforeTheWorkerRecordsTheSendStands() {
        people.removeIf(r -> !r.value().equals("+14055550123"));
        long id = send("emergency", List.of("sms"));
        TextProvider quick = new TextProvider() { // the provider's status callback beats our batched record
            @Override public String id() { return "quick"; }
            @Override public ProviderResult send(OutboundText text) {
                assertTrue(messenger.providerStatus(Long.parseLong(text.reference()), "undelivered", "30003"));
                return new ProviderResult("SM1", "queued");
            }
        };
        messenger.work(quick, 100);
        assertEquals(1, messenger.get(id, COMMS).deliveries().get("failed").intValue());
        assertEquals(0, messenger.get(id, COMMS).reached());
    }

    @Test
    public void reachCountsFamiliesReachedOnAnyChannelPerSiteWithFailureReasons() {
        ReachReport report = new ReachReport(database, directory);
        clock.set(Instant.parse("2026-11-24T15:00:00Z")); // 09:00, texts may go
        long id = send("general", List.of("sms"));
        assertEquals(409, problem(() -> report.summary(messenger.get(id, COMMS))).status()); // not planned yet

        messenger.work(provider, 0);
        Reach planned = report.summary(messenger.get(id, COMMS));
        // Ana and Luis: María's mobile still to send; Sam: Pat has no mobile; Eva: no guardian on file
        assertEquals(List.of(4, 0, 2, 0, 2), List.of(planned.total(), planned.reached(), planned.pending(), planned.notReached(), planned.noContact()));

        messenger.work(provider, 100);
        Reach sent = report.summary(messenger.get(id, COMMS));
        assertEquals("family", sent.unit());
        assertEquals(List.of(4, 2, 0, 0, 2), List.of(sent.total(), sent.reached(), sent.pending(), sent.notReached(), sent.noContact()));
        assertEquals(List.of(new Reach.SiteReach("E01", 2, 2, 0, 0, 0), new Reach.SiteReach("E02", 2, 0, 0, 0, 2)), sent.bySite());
        assertEquals(List.of(new Reach.Failure("skipped", "no consent for general messages to this contact", 1)), sent.failures()); // José's mobile

        long delivery = deliveryId(id, "STATE = 'sent'");
        messenger.providerStatus(delivery, "undelivered", "30003"); // María's phone was off: nobody in those families got it
        Reach after = report.summary(messenger.get(id, COMMS));
        assertEquals(List.of(0, 2, 2), List.of(after.reached(), after.notReached(), after.noContact()));
        assertEquals(List.of("s-1 not_reached [g-1, g-2]", "s-2 not_reached [g-1]", "s-3 no_contact [g-3]", "s-4 no_contact []"),
                report.units(messenger.get(id, COMMS)).stream().map(u -> u.id() + " " + u.outcome().name().toLowerCase() + " " + u.members())
                        .sorted().toList());
    }

    @Test
    public void theAudienceIsCountedAndSampledBeforeSendingWithoutWritingAnything() {
        long id = messenger.create(new MessageDraft("letter", "general", List.of("email", "sms", "voice"), new MessageDraft.Audience("families", null, null, null),
                null, content(), 2, null), COMMS);
        Map<String, Object> preview = messenger.audiencePreview(messenger.get(id, COMMS));
        // as planning would: María email + sms + voice, José landline, Pat email; José's mobile (opted out) twice
        assertEquals(Map.of("email", 2, "sms", 1, "voice", 2), preview.get("deliveries"));
        assertEquals(5, preview.get("total"));
        assertEquals(2, preview.get("skippedForConsent"));
        assertEquals(3, preview.get("people"));
        assertEquals(4, preview.get("families"));
        assertEquals(1, preview.get("familiesWithoutContact")); // Eva: no guardian on file
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sample = (List<Map<String, Object>>) preview.get("sample");
        assertEquals(5, sample.size());
        assertTrue(sample.toString(), sample.stream().anyMatch(r -> "m***@example.org".equals(r.get("contact"))));
        assertTrue(sample.toString(), sample.stream().anyMatch(r -> "***0123".equals(r.get("contact"))));
        assertEquals(0, (int) database.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM MSG_DELIVERY2"); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }));
    }

    @Test
    public void aCustomListNamesWhoCannotBeReachedAndUnknownSitesAreRefused() {
        ProblemException refused = problem(() -> messenger.create(new MessageDraft("text", "general", List.of("sms"),
                new MessageDraft.Audience("families", null, null, List.of("g-1", "g-3", "g-2", "g-404")), null, content(), 2, null), COMMS));
        assertEquals(422, refused.status());
        // María has a mobile; Pat only an email; José's mobile refused general messages; g-404 is nobody
        assertEquals(Set.of("audience.sourcedIds[1]", "audience.sourcedIds[2]", "audience.sourcedIds[3]"), fields(refused));
        assertTrue(refused.errors().toString(), refused.errors().stream().anyMatch(e -> e.message().contains("g-2 has refused general messages")));
        long ok = messenger.create(new MessageDraft("text", "emergency", List.of("sms"),
                new MessageDraft.Audience("families", null, null, List.of("g-1", "g-2")), null, content(), 2, null), COMMS);
        assertTrue(ok > 0); // an emergency reaches José's mobile regardless
        assertEquals(Set.of("audience.sites"), fields(problem(() -> messenger.create(new MessageDraft("text", "general", List.of("sms"),
                new MessageDraft.Audience("families", List.of("Z99"), null, null), null, content(), 2, null), COMMS))));
    }

    @Test
    public void onlyOnePlannerWorksOnAMessageAndADeadOnesLeaseIsTakenOver() {
        long id = send("general", List.of("email"));
        database.inTransaction(c -> { // another node is planning it, and renewing its lease
            try (var ps = c.prepareStatement("UPDATE MSG_MESSAGE SET PLAN_OWNER = 'other-node', PLAN_LEASE_UNTIL = ? WHERE ID = ?")) {
                ps.setTimestamp(1, java.sql.Timestamp.from(clock.instant().plusSeconds(60)));
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
        assertEquals(0, messenger.plan(id));
        assertEquals(null, messenger.get(id, COMMS).plannedAt());
        clock.set(clock.instant().plusSeconds(61)); // it stopped renewing: taken over
        assertEquals(2, messenger.plan(id));
        assertTrue(messenger.get(id, COMMS).plannedAt() != null);
    }

    @Test
    public void aStoppedPlannerGivesItsLeaseBackSoAnotherPlansAtOnce() {
        long id = send("general", List.of("email"));
        beforeAudience = () -> {
            throw new IllegalStateException("the module stops mid-plan");
        };
        assertEquals(0, messenger.work(provider, 0)); // the plan fails; its lease is held
        beforeAudience = () -> { };
        Messenger other = new Messenger(database, audit, directory, mail, clock, config());
        assertEquals(0, other.plan(id)); // held by the first instance
        messenger.releasePlanLeases();
        assertEquals(2, other.plan(id));
        assertTrue(messenger.get(id, COMMS).plannedAt() != null);
    }

    @Test
    public void aWorkerStoppedMidSendRecordsWhatWentAndHandsTheRestBackAtOnce() throws Exception {
        people.clear();
        for (int i = 0; i < 40; i++) {
            people.add(new Recipient("g-" + i, "Guardian", "N" + i, "en", "E01", "Kid", "mobile", String.format("+1405555%04d", i), true));
        }
        long id = send("emergency", List.of("sms"));
        messenger.plan(id);
        java.util.concurrent.CountDownLatch someSent = new java.util.concurrent.CountDownLatch(6);
        FakeProvider slow = new FakeProvider() {
            @Override public ProviderResult send(OutboundText text) throws ProviderException {
                try {
                    Thread.sleep(150); // answers take a while: some are in flight when the stop comes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                ProviderResult result = super.send(text);
                someSent.countDown();
                return result;
            }
        };
        Thread worker = new Thread(() -> messenger.work(slow, 100));
        worker.start();
        assertTrue(someSent.await(10, java.util.concurrent.TimeUnit.SECONDS));
        messenger.requestStop(); // the module stops
        worker.join(20_000);
        assertTrue(!worker.isAlive());
        Map<String, Integer> after = messenger.get(id, COMMS).deliveries();
        assertEquals("nothing is left claimed", 0, after.get("sending").intValue());
        assertEquals("everything the provider accepted is recorded", slow.sent.size(), after.get("sent").intValue());
        assertTrue(after.toString(), after.get("planned") > 0 && after.get("planned") + after.get("sent") == 40);

        messenger = new Messenger(database, audit, directory, mail, clock, config());
        messenger.work(provider, 100); // started again: the rest, nobody twice, no lease to wait for
        assertEquals(40, slow.sent.size() + provider.sent.size());
        assertEquals(40, Set.copyOf(java.util.stream.Stream.concat(slow.sent.stream(), provider.sent.stream()).map(OutboundText::to).toList()).size());
        assertEquals("sent", messenger.get(id, COMMS).status());
    }

    @Test
    public void newslettersCarryASignedOneClickUnsubscribeThatWorksWithoutSigningIn() {
        long id = newsletterToPat();
        var letter = mail.last().message();
        String token = messenger.unsubscribeToken("pat@example.org");
        assertEquals("<https://district.example/api/messaging/unsubscribe?email=pat%40example.org&token=" + token + ">",
                letter.headers().get("List-Unsubscribe"));
        assertEquals("List-Unsubscribe=One-Click", letter.headers().get("List-Unsubscribe-Post"));
        assertTrue(letter.text(), letter.text().contains("100 Main St, Oklahoma City, OK 73102")); // the postal address
        assertTrue(letter.text(), letter.text().contains("token=" + token));

        assertTrue(!messenger.unsubscribe("pat@example.org", "forged-token-forged-token-forged", directory));
        assertTrue(!messenger.unsubscribe("someone@example.org", token, directory)); // a token is good for its own address only
        assertTrue(consentChanges.isEmpty());
        assertTrue(messenger.unsubscribe("Pat@Example.org", token, directory));
        assertEquals(List.of("Pat@Example.org [general, promotional] revoked (unsubscribe link)"), consentChanges);
    }

    @Test
    public void unsubscribeLinksAreOnEveryEmailTheyStopAndCheckingOneChangesNothing() {
        people.removeIf(r -> !r.value().equals("pat@example.org"));
        long general = send("general", List.of("email"));
        long emergency = send("emergency", List.of("email"));
        messenger.work(provider, 100);
        List<org.homeroom.platform.api.mail.MailMessage> sent = mail.queued().stream().map(q -> q.message()).toList();
        assertEquals(2, sent.size());
        String token = messenger.unsubscribeToken("pat@example.org");
        // the general letter: the mail client's own unsubscribe button (RFC 8058) posts to the signed link
        assertEquals(1, sent.stream().filter(m -> ("<https://district.example/api/messaging/unsubscribe?email=pat%40example.org&token=" + token + ">")
                .equals(m.headers().get("List-Unsubscribe")) && "List-Unsubscribe=One-Click".equals(m.headers().get("List-Unsubscribe-Post"))).count());
        // the emergency letter: the link would not stop it, so it does not offer it
        assertEquals(1, sent.stream().filter(m -> !m.headers().containsKey("List-Unsubscribe")).count());
        assertTrue(general != emergency);

        assertTrue(messenger.validUnsubscribe("pat@example.org", token));
        assertTrue(!messenger.validUnsubscribe("pat@example.org", "forged"));
        assertTrue(!messenger.validUnsubscribe(null, token));
        assertTrue("checking a link (the page a GET shows) changes nothing", consentChanges.isEmpty());
    }

    @Test
    public void unsubscribePagesAskInBothLanguagesWithAFormAndEscapeWhatTheyShow() {
        String page = UnsubscribePage.confirm("pat<script>@example.org", "Homeroom & Co");
        assertTrue(page, page.contains("<form method=\"post\">") && page.contains("<button type=\"submit\" name=\"List-Unsubscribe\" value=\"One-Click\">"));
        assertTrue(page, page.contains("<html lang=\"en\">") && page.contains("<section lang=\"es\">") && page.contains("Cancelar la suscripción"));
        assertTrue(page, page.contains("pat&lt;script&gt;@example.org") && page.contains("Homeroom &amp; Co") && !page.contains("<script"));
        assertTrue(UnsubscribePage.done("Homeroom").contains("Suscripción cancelada"));
        assertTrue(UnsubscribePage.wantsHtml(List.of(javax.ws.rs.core.MediaType.TEXT_HTML_TYPE, javax.ws.rs.core.MediaType.WILDCARD_TYPE)));
        assertTrue(!UnsubscribePage.wantsHtml(List.of(javax.ws.rs.core.MediaType.WILDCARD_TYPE)));
        assertTrue(!UnsubscribePage.wantsHtml(List.of(javax.ws.rs.core.MediaType.APPLICATION_JSON_TYPE)));
    }

    /** A site's own message to all its families, written by {@code author}. */
    private long siteMessage(CurrentUser author, List<String> channels, List<String> grades) {
        return messenger.create(new MessageDraft("text", "general", channels, new MessageDraft.Audience("families", null, grades, null), "E01",
                content(), 2, null), author);
    }

    @Test
    public void siteStaffDoNotApproveTheirOwnTextOrCallToAWholeSiteUnlessTheSiteAllowsIt() {
        CurrentUser teacher = new CurrentUser("teacher", Set.of("site-staff", "site:E01"));
        long text = siteMessage(PRINCIPAL, List.of("sms"), null);
        ProblemException refused = problem(() -> messenger.transition(text, "approve", PRINCIPAL));
        assertEquals(403, refused.status());
        assertTrue(refused.getMessage(), refused.getMessage().contains("another person must approve it"));
        assertEquals("draft", messenger.get(text, COMMS).status());
        messenger.transition(text, "approve", teacher); // a second person of the site
        assertEquals("approved", messenger.get(text, COMMS).status());
        assertEquals("teacher", messenger.get(text, COMMS).approvedBy());

        long call = siteMessage(PRINCIPAL, List.of("voice"), null);
        assertEquals(403, problem(() -> messenger.transition(call, "approve", PRINCIPAL)).status());
        messenger.transition(call, "approve", COMMS); // comms may approve it
        assertEquals("approved", messenger.get(call, COMMS).status());
        // not bound by the rule: an email, a single grade, comms approving their own
        long email = siteMessage(PRINCIPAL, List.of("email"), null);
        messenger.transition(email, "approve", PRINCIPAL);
        long grade = siteMessage(PRINCIPAL, List.of("sms"), List.of("03"));
        messenger.transition(grade, "approve", PRINCIPAL);
        long own = siteMessage(COMMS, List.of("sms"), null);
        messenger.transition(own, "approve", COMMS);
        assertEquals(List.of("approved", "approved", "approved"), List.of(messenger.get(email, COMMS).status(), messenger.get(grade, COMMS).status(),
                messenger.get(own, COMMS).status()));

        // a site whose settings allow self-approval
        Messenger allowing = new Messenger(database, audit, directory, mail, clock, config(),
                site -> "E01".equals(site) ? Map.of("selfApproval", true) : Map.of("selfApproval", false));
        long allowed = siteMessage(PRINCIPAL, List.of("sms"), null);
        allowing.transition(allowed, "approve", PRINCIPAL);
        assertEquals("approved", messenger.get(allowed, COMMS).status());
        assertEquals(false, MessagingModule.DESCRIPTOR.defaultSettings().get("selfApproval")); // on by default
    }
}
