package org.homeroom.media.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeroom.media.api.Coverage;
import org.homeroom.media.api.Journalist;
import org.homeroom.media.api.MediaQuery;
import org.homeroom.media.api.MediaRequest;
import org.homeroom.media.api.MediaRequest.NamedStudent;
import org.homeroom.media.api.Outlet;
import org.homeroom.media.api.Spokesperson;
import org.homeroom.media.api.Statement;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteService;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestCalendar;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Test;

public class JdbcMediaServiceTest {

    /** Tuesday 1 September 2026, 10:00 in Chicago. */
    private static final Instant T0 = Instant.parse("2026-09-01T15:00:00Z");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final CurrentUser COMMS = new CurrentUser("comms1", Set.of("comms"));
    private static final CurrentUser COMMS2 = new CurrentUser("comms2", Set.of("comms"));
    private static final CurrentUser PRINCIPAL_E01 = new CurrentUser("principal-e01", Set.of("site-staff", "site:E01"));
    private static final CurrentUser STAFF_E02 = new CurrentUser("staff-e02", Set.of("site-staff", "site:E02"));
    private static final PageRequest ALL = PageRequest.of(null, null);

    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, StudentDirectory.Student> directory = new HashMap<>();
    private final List<String> filed = new ArrayList<>();
    private final List<RecordRef[]> linked = new ArrayList<>();
    private TestDatabase database;
    private RecordingAuditLog audit;
    private JdbcMediaService service;
    private Outlet telemundo;
    private Outlet gazette;
    private Journalist reporter;

    @Before
    public void setUp() {
        database = new TestDatabase();
        audit = new RecordingAuditLog();
        SiteService sites = (SiteService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SiteService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        String code = (String) args[0];
                        return Set.of("E01", "E02").contains(code)
                                ? Optional.of(new Site(code, "School " + code, "elementary", null, null, null, null, List.of(), false, T0, T0))
                                : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        service = new JdbcMediaService(database, audit, clock, new TestCalendar(CHICAGO, clock), sites);
        service.students = id -> Optional.ofNullable(directory.get(id));
        service.records = (requester, description, staff) -> {
            filed.add(requester.name() + "|" + requester.organisation() + "|" + description);
            return "2026-00" + (41 + filed.size());
        };
        service.links = (c, from, to, actor) -> {
            linked.add(new RecordRef[] {from, to});
            return linked.size();
        };
        telemundo = service.addOutlet(new Outlet.Draft("Telemundo Oklahoma", "es", "tv", "https://telemundo.example", null), COMMS);
        gazette = service.addOutlet(new Outlet.Draft("City Gazette", "en", "print", null, "weekly"), COMMS);
        reporter = service.addJournalist(telemundo.id(), new Journalist.Draft("Lucía Pérez", null, "education", "lucia@tm.example", null, null), COMMS);
    }

    private MediaRequest.Draft question(long outlet, String topic, Instant deadline, String... sites) {
        return new MediaRequest.Draft(outlet, null, "question", topic, "Bus delays on route 12", null, null, deadline, List.of(sites), null, null, null);
    }

    private MediaRequest.Draft visit(boolean recording, NamedStudent... students) {
        return new MediaRequest.Draft(telemundo.id(), reporter.id(), "filming", "academics", "Robotics class story", true, null,
                T0.plusSeconds(86_400), List.of("E01"), T0.plusSeconds(3 * 86_400), recording, List.of(students));
    }

    @Test
    public void outletsAndJournalistsKeepLanguageBeatAndContacts() {
        assertEquals("es", reporter.language());
        assertEquals("education", reporter.beat());
        assertEquals(List.of("Lucía Pérez"), service.journalists(telemundo.id()).stream().map(Journalist::name).toList());
        assertEquals(409, problem(() -> service.addOutlet(new Outlet.Draft("city gazette", "en", "print", null, null), COMMS)).status());
        ProblemException bad = problem(() -> service.addOutlet(new Outlet.Draft(" ", "fr", "blog", "ftp://x", null), COMMS));
        assertEquals(Set.of("name", "language", "kind", "website"), fields(bad));
        assertEquals(Set.of("email"), fields(problem(() -> service.addJournalist(gazette.id(), new Journalist.Draft("No Contact", null, null, null, null, null), COMMS))));
        assertEquals(404, problem(() -> service.addJournalist(999, new Journalist.Draft("X", null, null, "x@y.example", null, null), COMMS)).status());
        assertEquals(2, service.outlets(null, ALL).total());
        assertEquals(List.of("Telemundo Oklahoma"), service.outlets("TELE", ALL).items().stream().map(Outlet::name).toList());
    }

    @Test
    public void reporterDeadlineStaysApartFromTheOfficeSlaOnTheBusinessCalendar() {
        Instant deadline = T0.plusSeconds(2 * 3600);
        MediaRequest r = service.log(question(gazette.id(), "budget", deadline, "E01"), COMMS);
        assertEquals(deadline, r.reporterDeadline());
        // budget: 2 business days from Tuesday → Thursday 16:30 Chicago
        assertEquals(LocalDate.of(2026, 9, 3).atTime(16, 30).atZone(CHICAGO).toInstant(), r.officeDue());
        assertEquals("en", r.language());
        assertTrue(r.onRecord());
        // after hours on Friday 4 September, a same-day topic is due the next business day: Labor Day (7th) is a holiday → Tuesday 8th
        clock.set(LocalDate.of(2026, 9, 4).atTime(18, 0).atZone(CHICAGO).toInstant());
        MediaRequest late = service.log(question(gazette.id(), "safety", null, "E02"), COMMS);
        assertEquals(LocalDate.of(2026, 9, 8).atTime(16, 30).atZone(CHICAGO).toInstant(), late.officeDue());
        assertNull(late.reporterDeadline());
    }

    @Test
    public void badInputNamesTheFieldAndStoresNothing() {
        int before = audit.entries.size();
        ProblemException e = problem(() -> service.log(new MediaRequest.Draft(999L, null, "rumour", "weather", " ", null, "fr",
                T0.minusSeconds(60), List.of("ZZ9"), null, null, null), COMMS));
        assertEquals(422, e.status());
        assertEquals(Set.of("kind", "summary", "language", "reporterDeadline", "sites"), fields(e));
        assertEquals(Set.of("outletId", "topic"), fields(problem(() -> service.log(question(999, "weather", null, "E01"), COMMS))));
        assertEquals(Set.of("sites"), fields(problem(() -> service.log(new MediaRequest.Draft(telemundo.id(), null, "campus-visit", "academics", "Tour", null, null, null, List.of(), T0.plusSeconds(86_400), false, List.of()), COMMS))));
        assertEquals(0, service.requests(MediaQuery.ALL, ALL, COMMS).total());
        assertEquals(before, audit.entries.size());
    }

    @Test
    public void spanishOutletsGetTheSpanishRotaInTurn() {
        Spokesperson ana = service.addSpokesperson(new Spokesperson.Draft("Ana Ruiz", "ana@district.example", true), COMMS);
        Spokesperson bob = service.addSpokesperson(new Spokesperson.Draft("Bob Lee", null, false), COMMS);
        Spokesperson eva = service.addSpokesperson(new Spokesperson.Draft("Eva Soto", null, true), COMMS);
        MediaRequest first = service.log(question(telemundo.id(), "enrollment", null, "E01"), COMMS);
        MediaRequest second = service.log(question(telemundo.id(), "enrollment", null, "E01"), COMMS);
        MediaRequest third = service.log(question(telemundo.id(), "enrollment", null, "E01"), COMMS);
        assertEquals("es", first.language());
        assertEquals(List.of(ana.id(), eva.id(), ana.id()), List.of(first.spokespersonId(), second.spokespersonId(), third.spokespersonId()));
        assertEquals("assigned", first.status());
        assertEquals(bob.id(), (long) service.log(question(gazette.id(), "enrollment", null, "E01"), COMMS).spokespersonId());
        assertEquals(Set.of("spokespersonId"), fields(problem(() -> service.assign(first.id(), bob.id(), COMMS))));
    }

    @Test
    public void transitionsFollowTheAllowedMap() {
        MediaRequest r = service.log(question(gazette.id(), "board", null, "E01"), COMMS);
        assertEquals("new", r.status());
        assertEquals(Set.of("status"), fields(problem(() -> service.transition(r.id(), "closed-ish", null, COMMS))));
        service.transition(r.id(), "in-progress", null, COMMS);
        ProblemException e = problem(() -> service.transition(r.id(), "closed", null, COMMS));
        assertEquals(409, e.status());
        assertEquals("answered", service.transition(r.id(), "answered", "statement sent", COMMS).status());
        assertEquals("closed", service.transition(r.id(), "closed", null, COMMS).status());
        assertEquals(409, problem(() -> service.transition(r.id(), "in-progress", null, COMMS)).status());
        assertTrue(audit.actions().contains("media.request.transition"));
    }

    @Test
    public void aVisitIsRefusedWhileANamedStudentOptedOutAndApprovedOtherwise() {
        directory.put("s1", new StudentDirectory.Student("s1", "Mia Diaz", "E01", List.of(new StudentDirectory.OptOut("photos", null))));
        directory.put("s2", new StudentDirectory.Student("s2", "Leo Kim", "E01", List.of()));
        MediaRequest r = service.log(visit(true, new NamedStudent("s1", true, null), new NamedStudent("s2", true, null)), COMMS);
        ProblemException refused = problem(() -> service.approveVisit(r.id(), null, PRINCIPAL_E01));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage(), refused.getMessage().contains("s1") && refused.getMessage().contains("FERPA"));
        MediaRequest stored = service.request(r.id(), COMMS).orElseThrow();
        assertEquals("refused", stored.visit().check());
        assertNull(stored.visit().principalApproval());
        // the family's opt-out lapses (renew-by in the past): the same visit now passes, and the principal approves
        directory.put("s1", new StudentDirectory.Student("s1", "Mia Diaz", "E01", List.of(new StudentDirectory.OptOut("photos", LocalDate.of(2026, 8, 1)))));
        assertEquals(404, problem(() -> service.approveVisit(r.id(), null, new CurrentUser("p2", Set.of("site-staff", "site:E02")))).status());
        assertEquals(Set.of("principal"), fields(problem(() -> service.approveVisit(r.id(), null, COMMS))));
        MediaRequest approved = service.approveVisit(r.id(), null, PRINCIPAL_E01);
        assertEquals("approved", approved.visit().check());
        assertEquals("principal-e01", approved.visit().principalApproval());
        assertEquals(T0, approved.visit().principalApprovedAt());
        assertTrue(audit.actions().contains("media.visit.approve"));
    }

    @Test
    public void recordingNeedsParentConsentOrAnException() {
        directory.put("s3", new StudentDirectory.Student("s3", "Ava Cruz", "E01", List.of(new StudentDirectory.OptOut("email", null))));
        MediaRequest r = service.log(visit(true, new NamedStudent("s3", false, null)), COMMS);
        MediaRequest checked = service.checkVisit(r.id(), COMMS);
        assertEquals("refused", checked.visit().check());
        assertTrue(checked.visit().checkDetail().contains("25 O.S."));
        MediaRequest excepted = service.log(visit(true, new NamedStudent("s3", false, "extracurricular")), COMMS);
        assertEquals("passed", service.checkVisit(excepted.id(), COMMS).visit().check());
        MediaRequest notRecorded = service.log(visit(false, new NamedStudent("s3", false, null)), COMMS);
        assertEquals("approved", service.approveVisit(notRecorded.id(), "Dr. Ruiz", COMMS).visit().check());
        assertEquals("Dr. Ruiz", service.request(notRecorded.id(), COMMS).orElseThrow().visit().principalApproval());
        assertEquals(Set.of("students[0].recordingException"),
                fields(problem(() -> service.log(visit(true, new NamedStudent("s3", false, "newsworthy")), COMMS))));
        MediaRequest unknown = service.log(visit(false, new NamedStudent("nobody", true, null)), COMMS);
        assertEquals("refused", service.checkVisit(unknown.id(), COMMS).visit().check());
        service.students = null;
        assertEquals(409, problem(() -> service.approveVisit(unknown.id(), "Dr. Ruiz", COMMS)).status());
    }

    @Test
    public void siteStaffSeeOnlyTheirSitesRequests() {
        MediaRequest e01 = service.log(question(gazette.id(), "budget", null, "E01"), COMMS);
        MediaRequest e02 = service.log(question(gazette.id(), "budget", null, "E02"), COMMS);
        service.log(question(gazette.id(), "budget", null), COMMS);
        assertEquals(3, service.requests(MediaQuery.ALL, ALL, COMMS).total());
        assertEquals(List.of(e02.id()), service.requests(MediaQuery.ALL, ALL, STAFF_E02).items().stream().map(MediaRequest::id).toList());
        assertTrue(service.request(e01.id(), STAFF_E02).isEmpty());
        assertEquals(0, service.requests(new MediaQuery(null, null, null, "E01", null), ALL, STAFF_E02).total());
        assertEquals(404, problem(() -> service.checkVisit(e01.id(), STAFF_E02)).status());
    }

    @Test
    public void aRecordsRequestBecomesAnOpenRecordsRequestLinkedInOneStep() {
        MediaRequest r = service.log(new MediaRequest.Draft(telemundo.id(), reporter.id(), "records", "budget", "All bus contracts 2025", null, null,
                null, List.of(), null, null, null), COMMS);
        MediaRequest converted = service.convertToOpenRecords(r.id(), null, COMMS);
        assertEquals("converted", converted.status());
        assertEquals("2026-0042", converted.openRecordsNumber());
        assertEquals(List.of("Lucía Pérez|Telemundo Oklahoma|All bus contracts 2025"), filed);
        assertEquals("media-requests:request:" + r.id(), linked.get(0)[0].toString());
        assertEquals("open-records:request:2026-0042", linked.get(0)[1].toString());
        assertEquals(409, problem(() -> service.convertToOpenRecords(r.id(), null, COMMS)).status());
        assertEquals(1, filed.size());
        MediaRequest noReporter = service.log(question(gazette.id(), "budget", null), COMMS);
        assertEquals(Set.of("journalistId"), fields(problem(() -> service.convertToOpenRecords(noReporter.id(), null, COMMS))));
        service.records = null;
        MediaRequest other = service.log(new MediaRequest.Draft(telemundo.id(), reporter.id(), "records", "budget", "Payroll", null, null, null,
                List.of(), null, null, null), COMMS);
        assertEquals(409, problem(() -> service.convertToOpenRecords(other.id(), null, COMMS)).status());
        assertEquals("new", service.request(other.id(), COMMS).orElseThrow().status());
        assertNull(service.request(other.id(), COMMS).orElseThrow().openRecordsNumber());
        assertEquals(1, filed.size());
    }

    @Test
    public void statementsNeedAnotherPersonsApprovalAndCoverageIsLogged() {
        Statement s = service.draftStatement(new Statement.Draft("release", null, "New school opens", "Abre una nueva escuela", "Body", "Cuerpo"), COMMS);
        assertEquals("draft", s.status());
        assertEquals(409, problem(() -> service.approveStatement(s.id(), COMMS)).status());
        Statement approved = service.approveStatement(s.id(), COMMS2);
        assertEquals("approved", approved.status());
        assertEquals("comms2", approved.approvedBy());
        assertEquals(Set.of("titleEs", "bodyEs", "kind"),
                fields(problem(() -> service.draftStatement(new Statement.Draft("tweet", null, "T", null, "B", " "), COMMS))));
        Coverage c = service.logCoverage(new Coverage.Draft(telemundo.id(), null, "https://tm.example/story", "Nueva escuela", LocalDate.of(2026, 9, 1),
                "positive", "bond-2026"), COMMS);
        assertEquals("Telemundo Oklahoma", c.outletName());
        assertEquals(Set.of("url", "tone", "publishedOn"), fields(problem(() -> service.logCoverage(new Coverage.Draft(telemundo.id(), null, "story",
                null, LocalDate.of(2026, 12, 1), "glowing", null), COMMS))));
        assertEquals(Set.of("outletId"), fields(problem(() -> service.logCoverage(new Coverage.Draft(999L, null, "https://x.example/a", null,
                LocalDate.of(2026, 9, 1), "neutral", null), COMMS))));
        assertEquals(1, service.coverage(LocalDate.of(2026, 9, 1), null, "bond-2026", ALL).total());
        assertEquals(0, service.coverage(null, null, "other", ALL).total());
    }
}
