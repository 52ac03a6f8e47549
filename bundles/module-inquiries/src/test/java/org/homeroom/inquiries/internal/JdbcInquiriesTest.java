package org.homeroom.inquiries.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Language;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.casework.CaseQuery;
import org.homeroom.platform.api.casework.CaseRecord;
import org.homeroom.platform.api.casework.SlaRule;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.casework.internal.CaseworkTables;
import org.homeroom.platform.casework.internal.JdbcCasework;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.RecordingMailService;
import org.homeroom.platform.testing.TestCalendar;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Test;

public class JdbcInquiriesTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final CurrentUser OFFICE = new CurrentUser("ana", Set.of("comms"));
    static final CurrentUser E01 = new CurrentUser("eli", Set.of("site-staff", "site:E01"));
    static final CurrentUser H01 = new CurrentUser("hal", Set.of("site-staff", "site:H01"));

    /** Friday 2026-12-11 15:00 in Chicago. */
    final MutableClock clock = new MutableClock(ZonedDateTime.of(2026, 12, 11, 15, 0, 0, 0, CHICAGO).toInstant());
    final TestDatabase database = new TestDatabase();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final RecordingMailService mail = new RecordingMailService();
    final Map<String, Site> sites = Map.of("E01", site("E01"), "H01", site("H01"));
    final JdbcInquiries inquiries;

    public JdbcInquiriesTest() {
        CaseworkTables.create(database);
        JdbcCasework casework = new JdbcCasework(database, audit, mail, new TestCalendar(CHICAGO, clock), (tx, from, to, actor) -> 1L,
                code -> Optional.ofNullable(sites.get(code)), clock);
        inquiries = new JdbcInquiries(database, audit, casework, mail, code -> Optional.ofNullable(sites.get(code)), clock);
    }

    static Site site(String code) {
        return new Site(code, code + " School", "elementary", null, null, null, null, List.of(), false, Instant.now(), Instant.now());
    }

    Instant chicago(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 12, day, hour, minute, 0, 0, CHICAGO).toInstant();
    }

    @Test
    public void routingFollowsTheTopicThenTheCallersSchool() {
        Topic school = new Topic("enrollment", "Enrollment", "Inscripción", "front-office", "E01", 2, 16, null, null, false);
        Topic district = new Topic("buses", "Buses", "Autobuses", "transportation", null, 1, 8, null, null, false);
        assertEquals(new Routing("front-office", "E01", new SlaRule(2, 16)), Routing.of(school, "H01"));
        assertEquals(new Routing("transportation", "H01", new SlaRule(1, 8)), Routing.of(district, "H01"));
        assertEquals(new Routing("transportation", null, new SlaRule(1, 8)), Routing.of(district, null));
        assertEquals(new Routing(Routing.CALL_CENTRE, "H01", Routing.DEFAULT_SLA), Routing.of(null, "H01"));
    }

    @Test
    public void aSpanishWebInquiryIsRoutedToTheTopicsSchoolOnBusinessHoursAndConfirmedInSpanish() {
        inquiries.saveTopic(new TopicDraft("enrollment", "Enrollment", "Inscripción", "front-office", "E01", 2, 16,
                "Bring proof of address.", "Traiga un comprobante de domicilio."), OFFICE);
        Inquiry i = inquiries.submitPublic(new WebInquiry("María López", "maria@example.org", null, "es-MX", "¿Cómo inscribo a mi hijo?", null, "enrollment"));
        CaseRecord k = i.inquiry();
        assertEquals("E01", k.site());
        assertEquals("front-office", k.team());
        assertEquals(Language.ES, k.requester().language());
        // Friday 15:00 + 2 business hours (08:00–16:30): 1.5 h Friday, 0.5 h Monday → Monday 08:30
        assertEquals(chicago(14, 8, 30), k.firstResponseDueAt());
        assertEquals("Recibimos su mensaje #" + k.id(), mail.last().message().subject());
        assertNull(i.identityCheck());
        // the school answers from the topic's answer, in Spanish
        inquiries.replyWithTopicAnswer(k.id(), E01);
        assertTrue(mail.last().message().text().contains("Traiga un comprobante de domicilio."));
        assertEquals("Re: Inscripción (#" + k.id() + ")", mail.last().message().subject());
        // another school does not see it
        assertEquals(404, problem(() -> inquiries.get(k.id(), H01)).status());
        assertEquals(0, inquiries.list(new CaseQuery(JdbcInquiries.TYPE, null, null, null, null, null, null, null), new PageRequest(0, 50), H01).total());
        assertEquals("closed", inquiries.transition(k.id(), "closed", null, E01).state());
    }

    @Test
    public void badFormsNameTheFieldAndStoreNothing() {
        assertEquals(Set.of("email", "name", "language", "topic"),
                fields(problem(() -> inquiries.submitPublic(new WebInquiry(" ", null, " ", "fr", "hi", null, "nope")))));
        assertEquals(Set.of("site"), fields(problem(() -> inquiries.submitPublic(new WebInquiry("Al", "al@example.org", null, "en", "hi", "ZZZ", null)))));
        assertEquals(Set.of("text"), fields(problem(() -> inquiries.submitPublic(new WebInquiry("Al", "al@example.org", null, "en", " ", null, null)))));
        assertEquals(Set.of("channel"), fields(problem(() -> inquiries.logByStaff(new StaffInquiry("fax", "Al", null, "4055550101", null, "x", null, null, null), OFFICE))));
        assertEquals(0, inquiries.list(CaseQuery.of(JdbcInquiries.TYPE), new PageRequest(0, 50), OFFICE).total());
        assertTrue(mail.queued().isEmpty());
    }

    @Test
    public void theIdentityCheckIsRecordedAndAudited() {
        Inquiry i = inquiries.logByStaff(new StaffInquiry("phone", "Al", null, "405-555-0101", "en", "grades question", "H01", null, null), OFFICE);
        assertEquals(Set.of("method"), fields(problem(() -> inquiries.checkIdentity(i.inquiry().id(), "vibes", OFFICE))));
        assertEquals("parent-portal-pin", inquiries.checkIdentity(i.inquiry().id(), "parent-portal-pin", H01).identityCheck());
        assertEquals("parent-portal-pin", inquiries.get(i.inquiry().id(), OFFICE).identityCheck());
        assertTrue(audit.actions().contains("inquiries.identity-check"));
        assertEquals(Set.of("topic"), fields(problem(() -> inquiries.replyWithTopicAnswer(i.inquiry().id(), OFFICE))));
    }
}
