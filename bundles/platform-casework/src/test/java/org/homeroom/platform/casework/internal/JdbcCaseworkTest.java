package org.homeroom.platform.casework.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Language;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.casework.AttachmentRule;
import org.homeroom.platform.api.casework.CaseConverter;
import org.homeroom.platform.api.casework.CaseDraft;
import org.homeroom.platform.api.casework.CaseNote;
import org.homeroom.platform.api.casework.CaseQuery;
import org.homeroom.platform.api.casework.CaseRecord;
import org.homeroom.platform.api.casework.CaseType;
import org.homeroom.platform.api.casework.Channel;
import org.homeroom.platform.api.casework.Reassignment;
import org.homeroom.platform.api.casework.ReplyTemplate;
import org.homeroom.platform.api.casework.Requester;
import org.homeroom.platform.api.casework.SlaRule;
import org.homeroom.platform.api.records.RecordLinks;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.RecordingMailService;
import org.homeroom.platform.testing.TestCalendar;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Test;

public class JdbcCaseworkTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final String TYPE = "inquiries:inquiry";
    static final CurrentUser OFFICE = new CurrentUser("ana", Set.of("comms"));
    static final CurrentUser E01_STAFF = new CurrentUser("eli", Set.of("site-staff", "site:E01"));
    static final CurrentUser H01_STAFF = new CurrentUser("hal", Set.of("site-staff", "site:H01"));

    /** Monday 2026-12-07 10:00 in Chicago. */
    final MutableClock clock = new MutableClock(ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 0, CHICAGO).toInstant());
    final TestDatabase database = new TestDatabase();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final RecordingMailService mail = new RecordingMailService();
    final List<RecordRef[]> linked = new ArrayList<>();
    final RecordLinks links = (Connection c, RecordRef from, RecordRef to, String actor) -> {
        linked.add(new RecordRef[] {from, to});
        return linked.size();
    };
    final Map<String, Site> sites = Map.of("E01", site("E01", false), "H01", site("H01", false), "OLD", site("OLD", true));
    final JdbcCasework casework = new JdbcCasework(database, audit, mail, new TestCalendar(CHICAGO, clock), links,
            code -> Optional.ofNullable(sites.get(code)), clock);

    static Site site(String code, boolean archived) {
        return new Site(code, code + " School", "elementary", null, null, null, null, List.of(), archived, Instant.now(), Instant.now());
    }

    @Before
    public void register() {
        casework.register(new CaseType("inquiries", "inquiry", List.of("new", "open", "waiting", "closed"), "new",
                Map.of("new", Set.of("open", "closed"), "open", Set.of("waiting", "closed"), "waiting", Set.of("open", "closed"),
                        "closed", Set.of("open")),
                Set.of("closed"), new SlaRule(4, 40), new AttachmentRule(Set.of("application/pdf"), 1000)));
    }

    CaseDraft draft(String site, Language lang) {
        return new CaseDraft(TYPE, Channel.WEB, new Requester("María López", "maria@example.org", "(405) 555-0101", lang), "buses", site,
                "transportation", null, "Bus 12", "¿Dónde está el autobús 12?", null, null);
    }

    @Test
    public void aCaseOpensWithDueTimesOnTheBusinessCalendarAndIsAudited() {
        CaseRecord k = casework.open(draft("E01", Language.ES), null);
        assertEquals("new", k.state());
        assertEquals("inquiries:inquiry:" + k.id(), k.ref().toString());
        assertEquals(Language.ES, k.requester().language());
        assertEquals("public", k.openedBy());
        // 4 business hours from Monday 10:00 → Monday 14:00; 40 → 08:00–16:30 days: 6.5 h Mon, 8.5 h Tue..., lands Friday 16:00
        assertEquals(ZonedDateTime.of(2026, 12, 7, 14, 0, 0, 0, CHICAGO).toInstant(), k.firstResponseDueAt());
        assertEquals(ZonedDateTime.of(2026, 12, 11, 16, 0, 0, 0, CHICAGO).toInstant(), k.dueAt());
        assertEquals(List.of("case.open"), audit.actions());
        assertEquals(k, casework.get(TYPE, k.id(), OFFICE));
    }

    @Test
    public void badDraftsNameTheFieldsAndStoreNothing() {
        CaseDraft bad = new CaseDraft("nope:none", null, new Requester(null, "not-an-email", "12", Language.EN), null, "ZZZ", null, null, null, " ",
                null, clock.instant().minusSeconds(60));
        assertEquals(Set.of("type", "channel", "requester.email", "requester.phone", "site", "text", "requesterDeadline"),
                fields(problem(() -> casework.open(bad, OFFICE))));
        assertEquals(Set.of("site"), fields(problem(() -> casework.open(draft("OLD", Language.EN), OFFICE))));
        assertEquals(Set.of("site"), fields(problem(() -> casework.open(draft("H01", Language.EN), E01_STAFF))));
        assertEquals(0, casework.find(CaseQuery.of(TYPE), new PageRequest(0, 50), OFFICE).total());
        assertTrue(audit.actions().isEmpty());
    }

    @Test
    public void siteStaffSeeAndActOnlyOnTheirSitesCases() {
        CaseRecord e = casework.open(draft("E01", Language.EN), OFFICE);
        CaseRecord h = casework.open(draft("H01", Language.EN), OFFICE);
        CaseRecord district = casework.open(draft(null, Language.EN), OFFICE);
        assertEquals(List.of(e.id()), casework.find(CaseQuery.of(TYPE), new PageRequest(0, 50), E01_STAFF).items().stream().map(CaseRecord::id).toList());
        assertEquals(3, casework.find(CaseQuery.of(TYPE), new PageRequest(0, 50), OFFICE).total());
        assertEquals(404, problem(() -> casework.get(TYPE, h.id(), E01_STAFF)).status());
        assertEquals(404, problem(() -> casework.get(TYPE, district.id(), E01_STAFF)).status());
        assertEquals(404, problem(() -> casework.transition(TYPE, h.id(), "open", null, E01_STAFF)).status());
        assertEquals(404, problem(() -> casework.note(TYPE, h.id(), "x", false, E01_STAFF)).status());
        assertEquals(Set.of("site"), fields(problem(() -> casework.reassign(TYPE, e.id(), new Reassignment("H01", null, null, null), E01_STAFF))));
        assertEquals("H01", casework.reassign(TYPE, e.id(), new Reassignment("H01", "counselors", "hal", "a high-school question"), OFFICE).site());
        assertEquals(2, casework.find(CaseQuery.of(TYPE), new PageRequest(0, 50), H01_STAFF).total());
        assertEquals(0, casework.find(CaseQuery.of(TYPE), new PageRequest(0, 50), E01_STAFF).total());
    }

    @Test
    public void transitionsFollowTheTypeAndClosingStopsTheClock() {
        CaseRecord k = casework.open(draft("E01", Language.EN), OFFICE);
        assertEquals(409, problem(() -> casework.transition(TYPE, k.id(), "waiting", null, OFFICE)).status());
        assertEquals(Set.of("state"), fields(problem(() -> casework.transition(TYPE, k.id(), "lost", null, OFFICE))));
        assertEquals("open", casework.transition(TYPE, k.id(), "open", "called back", E01_STAFF).state());
        clock.advance(java.time.Duration.ofHours(1));
        CaseRecord closed = casework.transition(TYPE, k.id(), "closed", null, OFFICE);
        assertEquals(clock.instant(), closed.closedAt());
        assertNull(casework.transition(TYPE, k.id(), "open", null, OFFICE).closedAt());
        assertEquals(1, casework.notes(TYPE, k.id(), OFFICE).size());
    }

    @Test
    public void aReplyFromATemplateGoesOutInTheRequestersLanguageAndIsTheFirstResponse() {
        CaseRecord k = casework.open(draft("E01", Language.ES), null);
        ReplyTemplate t = new ReplyTemplate("bus-late", "Your bus question #{{id}}", "Hello {{name}}, bus {{bus}} is late.",
                "Su pregunta #{{id}}", "Hola {{name}}, el autobús {{bus}} llega tarde.");
        CaseNote note = casework.reply(TYPE, k.id(), t, Map.of("bus", "12"), E01_STAFF);
        assertTrue(note.toRequester());
        assertEquals("bus-late", note.template());
        assertEquals("Hola María López, el autobús 12 llega tarde.", mail.last().message().text());
        assertEquals("Su pregunta #" + k.id(), mail.last().message().subject());
        assertEquals(List.of("maria@example.org"), mail.last().message().to());
        assertEquals(k.ref().toString(), mail.last().origin());
        assertEquals(note.mailId(), (Long) mail.last().id());
        assertEquals(clock.instant(), casework.get(TYPE, k.id(), OFFICE).firstResponseAt());
        CaseRecord phoneOnly = casework.open(new CaseDraft(TYPE, Channel.PHONE, new Requester("Al", null, "405-555-0102", Language.EN), null, "E01",
                null, null, null, "call me", null, null), OFFICE);
        assertEquals(Set.of("email"), fields(problem(() -> casework.reply(TYPE, phoneOnly.id(), t, Map.of(), OFFICE))));
    }

    @Test
    public void attachmentsAreCheckedByTypeAndSize() {
        CaseRecord k = casework.open(draft("E01", Language.EN), OFFICE);
        assertEquals(Set.of("contentType"), fields(problem(() -> casework.attach(TYPE, k.id(), "a.exe", "application/x-msdownload", new byte[10], OFFICE))));
        assertEquals(Set.of("content"), fields(problem(() -> casework.attach(TYPE, k.id(), "big.pdf", "application/pdf", new byte[1001], OFFICE))));
        assertTrue(casework.attachments(TYPE, k.id(), OFFICE).isEmpty());
        var a = casework.attach(TYPE, k.id(), "letter.pdf", "application/pdf; charset=binary", new byte[] {1, 2, 3}, OFFICE);
        assertEquals(3, a.size());
        assertEquals(3, casework.attachmentContent(TYPE, k.id(), a.id(), OFFICE).length);
        assertEquals(404, problem(() -> casework.attachments(TYPE, k.id(), H01_STAFF)).status());
    }

    @Test
    public void conversionNeedsAnInstalledTargetAndLinksBothRecords() {
        CaseRecord k = casework.open(draft("E01", Language.EN), OFFICE);
        assertEquals(Set.of("target"), fields(problem(() -> casework.convert(TYPE, k.id(), "open-records:request", Map.of(), OFFICE))));
        casework.addConverter(new CaseConverter() {
            @Override
            public String target() {
                return "open-records:request";
            }

            @Override
            public RecordRef convert(Connection transaction, CaseRecord source, Map<String, String> options, CurrentUser actor) {
                return new RecordRef("open-records", "request", "ORR-2026-00001");
            }
        });
        assertEquals(List.of("open-records:request"), casework.conversionTargets());
        CaseRecord converted = casework.convert(TYPE, k.id(), "open-records:request", Map.of(), OFFICE);
        assertEquals("open-records:request:ORR-2026-00001", converted.convertedTo().toString());
        assertEquals(1, linked.size());
        assertEquals(k.ref(), linked.get(0)[0]);
        assertEquals(409, problem(() -> casework.convert(TYPE, k.id(), "open-records:request", Map.of(), OFFICE)).status());
    }

    @Test
    public void callersAreFoundByPhoneEmailOrName() {
        CaseRecord k = casework.open(draft("E01", Language.EN), OFFICE);
        PageRequest p = new PageRequest(0, 10);
        assertEquals(1, casework.find(new CaseQuery(TYPE, null, null, null, null, null, null, "405.555.0101"), p, OFFICE).total());
        assertEquals(1, casework.find(new CaseQuery(TYPE, null, null, null, null, null, null, "MARIA@example.org"), p, OFFICE).total());
        assertEquals(1, casework.find(new CaseQuery(TYPE, null, null, null, null, null, null, "maría"), p, OFFICE).total());
        assertEquals(0, casework.find(new CaseQuery(TYPE, null, null, null, null, null, null, "bob"), p, OFFICE).total());
        assertEquals(1, casework.find(new CaseQuery(TYPE, null, true, "e01", "buses", null, null, null), p, OFFICE).total());
        clock.advance(java.time.Duration.ofDays(10));
        assertEquals(List.of(k.id()), casework.pastDue(TYPE, clock.instant(), OFFICE).stream().map(CaseRecord::id).toList());
        assertNotNull(casework.businessClock());
    }
}
