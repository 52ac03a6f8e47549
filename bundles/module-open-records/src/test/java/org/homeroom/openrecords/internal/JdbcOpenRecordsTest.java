package org.homeroom.openrecords.internal;

import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.homeroom.openrecords.api.FeeWork;
import org.homeroom.openrecords.api.Intake;
import org.homeroom.openrecords.api.NoteDraft;
import org.homeroom.openrecords.api.Payment;
import org.homeroom.openrecords.api.PublicStatus;
import org.homeroom.openrecords.api.Receipt;
import org.homeroom.openrecords.api.RequestDetail;
import org.homeroom.openrecords.api.RequestQuery;
import org.homeroom.openrecords.api.Transition;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteDraft;
import org.homeroom.platform.api.sites.SiteQuery;
import org.homeroom.platform.api.sites.SiteService;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestCalendar;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Test;

public class JdbcOpenRecordsTest {

    /** Monday 2026-11-23, noon in Oklahoma. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC);
    private static final CurrentUser CLERK = new CurrentUser("clerk", Set.of("comms"));

    /** Two open schools and an archived one: only what {@code department} lookups need. */
    static final SiteService SITES = new SiteService() {
        @Override public Optional<Site> find(String code) {
            return Set.of("E01", "E02", "X99").contains(code) ? Optional.of(new Site(code, "Site " + code, "elementary", null, null, null,
                    "PK-5", List.of("en"), code.equals("X99"), Instant.EPOCH, Instant.EPOCH)) : Optional.empty();
        }
        @Override public Page<Site> list(SiteQuery query, PageRequest page) { throw new UnsupportedOperationException(); }
        @Override public Site create(SiteDraft draft, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public Site update(String code, SiteDraft draft, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public Site archive(String code, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public long count() { return 3; }
    };

    private RecordingAuditLog audit;
    private JdbcOpenRecords records;

    static OpenRecordsConfig defaults() {
        return new OpenRecordsConfig() {
            @Override public Class<? extends Annotation> annotationType() { return OpenRecordsConfig.class; }
            @Override public int acknowledgeBusinessDays() { return 3; }
            @Override public int targetBusinessDays() { return 10; }
            @Override public int dueSoonBusinessDays() { return 2; }
            @Override public String zone() { return "America/Chicago"; }
            @Override public String closures() { return "2026-12-24"; }
            @Override public String departments() { return "legal,human-resources,finance"; }
            @Override public String copyPerPage() { return "0.25"; }
            @Override public String certifiedPerPage() { return "1.00"; }
            @Override public String searchPerHour() { return "25.00"; }
            @Override public String programmingPerHour() { return "35.00"; }
            @Override public String districtName() { return "Homeroom Public Schools"; }
            @Override public String officeName() { return "Office of Communications"; }
            @Override public String officeEmail() { return "openrecords@district.example"; }
            @Override public String officePhone() { return "(555) 010-0100"; }
            @Override public String statusUrl() { return "https://district.example/records/{tracking}"; }
            @Override public long maxFileBytes() { return 1000; }
            @Override public String fileTypes() { return "pdf,png,jpeg,txt,csv,docx,xlsx"; }
            @Override public int reminderMinutes() { return 0; }
        };
    }

    @Before
    public void setUp() {
        audit = new RecordingAuditLog();
        records = new JdbcOpenRecords(new TestDatabase(), audit, SITES, CLOCK, defaults(), new TestCalendar(CLOCK));
    }

    private static Intake intake(String type, boolean commercial, String description) {
        return new Intake("Pat Reporter", "pat@example.org", null, "Daily Star", type, "es", description, null, commercial, null, null, null);
    }

    @Test
    public void aPortalRequestGetsANumberATokenAndBusinessDayDeadlines() {
        Receipt first = records.submit(intake("media", false, "Board emails about the bond vote, March 2026"), null);
        Receipt second = records.submit(intake("parent", false, "Bus route change notices"), null);
        assertEquals("ORR-2026-00001", first.trackingNumber());
        assertEquals("ORR-2026-00002", second.trackingNumber());
        // Mon 23 Nov + 3 business days: Tue, Wed, (Thanksgiving Thu and Fri are holidays), Mon 30
        assertEquals(LocalDate.of(2026, 11, 30), first.acknowledgeBy());
        // + 10: … Tue 1 Dec to Wed 9 Dec
        assertEquals(LocalDate.of(2026, 12, 9), first.targetDate());
        assertTrue(first.messageEs().contains(first.trackingNumber()));
        assertEquals(List.of("open-records.submit", "open-records.submit"), audit.actions());

        PublicStatus status = records.publicStatus(first.trackingNumber().toLowerCase(), first.token()).orElseThrow();
        assertEquals("received", status.status());
        assertTrue(records.publicStatus(first.trackingNumber(), second.token()).isEmpty());
        assertTrue(records.publicStatus("ORR-2026-99999", first.token()).isEmpty());
        assertTrue(records.publicStatus(first.trackingNumber(), null).isEmpty());
    }

    @Test
    public void aClosureStoredInTheDistrictCalendarMovesTheNextDeadlines() {
        TestCalendar district = new TestCalendar(CLOCK);
        JdbcOpenRecords withCalendar = new JdbcOpenRecords(new TestDatabase(), audit, SITES, CLOCK, defaults(), district);
        assertEquals(LocalDate.of(2026, 11, 30), withCalendar.submit(intake("media", false, "Budget drafts"), null).acknowledgeBy());
        // an ice storm closes the offices on Monday 30 November: the next request is acknowledged a day later
        district.closed(LocalDate.of(2026, 11, 30));
        Receipt after = withCalendar.submit(intake("media", false, "Budget drafts, again"), null);
        assertEquals(LocalDate.of(2026, 12, 1), after.acknowledgeBy());
        assertEquals(LocalDate.of(2026, 12, 10), after.targetDate());
    }

    @Test
    public void badIntakeNamesEveryFieldAndStoresNothing() {
        try {
            records.submit(new Intake(" ", "not-an-email", null, null, "alien", "fr", "", "fax", null, "phone", null, null), null);
            fail();
        } catch (ProblemException e) {
            assertEquals(422, e.status());
            assertEquals(List.of("name", "email", "description", "requesterType", "language", "preferredFormat", "channel"),
                    e.errors().stream().map(f -> f.field()).distinct().toList());
        }
        assertEquals(0, records.list(new RequestQuery(null, null, false, null, null, null), PageRequest.of(null, null), CLERK).total());
        assertTrue(audit.actions().isEmpty());
    }

    @Test
    public void transcriptAndJobQuestionsAreRedirectedUnlessConfirmed() {
        assertEquals("transcript", records.redirectFor(intake("parent", false, "I need my son's high school transcript for college")).orElseThrow().reason());
        assertEquals("transcript", records.redirectFor(intake("parent", false, "Necesito el expediente de mi hija")).orElseThrow().reason());
        assertEquals("job", records.redirectFor(intake("public", false, "Are there any teaching job openings? I want to apply for a job")).orElseThrow().reason());
        assertTrue(records.redirectFor(intake("media", false, "All job vacancy postings and hiring data for 2025 by department")).isEmpty());
        assertTrue(records.redirectFor(new Intake("A", "a@b.org", null, null, "parent", "en", "my daughter's transcript", null, false, null, true, null)).isEmpty());
    }

    @Test
    public void theWholeLifeOfARequestWithFeesPaymentAndACitedPartialRelease() {
        Receipt r = records.submit(intake("business", true, "Vendor contracts for copier leases 2020-2026"), null);
        String n = r.trackingNumber();
        records.transition(n, new Transition("acknowledged", null, null, null, null), CLERK);
        RequestDetail withFee = records.estimateFee(n, new FeeWork(40, 2, new BigDecimal("2"), null, null, null, false, false), CLERK);
        // 40 × 0.25 + 2 × 1.00 + 2 h search (commercial) × 25 = 62.00
        assertEquals(new BigDecimal("62.00"), withFee.request().feeTotal());
        records.transition(n, new Transition("awaiting-payment", null, null, null, null), CLERK);

        assertEquals(409, problem(() -> records.transition(n, new Transition("closed", "fulfilled", null, null, null), CLERK)).status());
        records.recordPayment(n, new Payment(new BigDecimal("62.00"), "check", "1042"), CLERK);
        records.transition(n, new Transition("in-progress", null, null, null, null), CLERK);
        assertEquals(422, problem(() -> records.transition(n, new Transition("closed", "partially-fulfilled", null, null, null), CLERK)).status());
        records.note(n, new NoteDraft("Legal reviewed the personnel files", "internal"), CLERK);
        RequestDetail closed = records.transition(n, new Transition("closed", "partially-fulfilled", "51 O.S. §24A.7",
                "Contracts released; employee evaluations withheld.", null), CLERK);
        assertEquals("closed", closed.request().status());
        assertEquals("partially-fulfilled", closed.request().closure());
        assertEquals("closed", closed.request().due());

        PublicStatus status = records.publicStatus(n, r.token()).orElseThrow();
        assertEquals(new BigDecimal("0.00"), status.amountDue());
        assertTrue(status.messages().stream().anyMatch(m -> "51 O.S. §24A.7".equals(m.citation())));
        assertFalse("internal notes never reach the requester", status.messages().stream().anyMatch(m -> m.text().contains("Legal reviewed")));

        assertEquals(409, problem(() -> records.transition(n, new Transition("acknowledged", null, null, null, null), CLERK)).status());
        assertEquals("in-progress", records.transition(n, new Transition("in-progress", null, null, "Reopened", null), CLERK).request().status());
        assertNull(records.detail(n, CLERK).request().closure());
        assertEquals(1, records.list(new RequestQuery(null, null, false, "personnel files", null, null), PageRequest.of(null, null), CLERK).total());
    }

    @Test
    public void mediaNeverPaysSearchAndExtensionsMoveTheTarget() {
        Receipt r = records.submit(intake("media", true, "Superintendent calendar 2026"), null);
        RequestDetail fee = records.estimateFee(r.trackingNumber(), new FeeWork(0, 0, new BigDecimal("5"), null, null, null, true, false), CLERK);
        assertEquals(new BigDecimal("0.00"), fee.request().feeTotal());
        assertTrue(fee.fee().notes().toString(), String.join(" ", fee.fee().notes()).contains("§24A.5"));
        RequestDetail extended = records.extend(r.trackingNumber(), 5, "Large volume of email to review", CLERK);
        assertEquals(LocalDate.of(2026, 12, 16), extended.request().targetDate());
        assertEquals(422, problem(() -> records.extend(r.trackingNumber(), 0, "x", CLERK)).status());
        assertEquals(404, problem(() -> records.detail("ORR-2026-77777", CLERK)).status());
        assertEquals(422, problem(() -> records.estimateFee(r.trackingNumber(), new FeeWork(-1, 0, null, null, null, null, false, false), CLERK)).status());
    }

    @Test
    public void publishedSummariesFormAnArchiveThatSuggestsThemBeforeADuplicate() {
        Receipt r = records.submit(intake("media", false, "Emails between board members about the 2026 bond election"), null);
        assertTrue("nothing released yet", records.similarReleases("board members bond election emails", 5).isEmpty());
        // a note is never published: the archive's text is written for it
        assertEquals(422, problem(() -> records.note(r.trackingNumber(), new NoteDraft("Board member emails", "public"), CLERK)).status());
        records.note(r.trackingNumber(), new NoteDraft("internal: ask legal about two messages", "internal"), CLERK);
        assertEquals(0, records.archive(null, PageRequest.of(null, null)).total());

        records.publish(r.trackingNumber(), new org.homeroom.openrecords.api.PublicationDraft(
                "Board member emails on the bond election, Jan-Mar 2026, 312 pages (redacted)", null, null), CLERK);
        assertEquals(1, records.archive(null, PageRequest.of(null, null)).total());
        assertEquals(1, records.archive("bond", PageRequest.of(null, null)).total());
        assertEquals(0, records.archive("legal", PageRequest.of(null, null)).total());
        assertEquals(r.trackingNumber(), records.similarReleases("Please send board member emails about the bond election", 5).get(0).trackingNumber());
        assertTrue(records.similarReleases("Cafeteria health inspection reports", 5).isEmpty());
        assertEquals(List.of("board", "member", "emails", "bond", "election"), JdbcOpenRecords.keywords("Please send board member emails about the bond election"));
    }

    @Test
    public void reportsCountOpenOverdueAndMedianBusinessDays() {
        Receipt a = records.submit(intake("media", false, "Budget drafts"), null);
        records.submit(intake("vendor", false, "Bid tabulations"), null);
        records.transition(a.trackingNumber(), new Transition("closed", "no-records", null, null, null), CLERK);
        var report = records.report();
        assertEquals(Integer.valueOf(1), report.openByStatus().get("received"));
        assertEquals(0, report.overdue());
        assertEquals(Double.valueOf(0), report.medianBusinessDaysToClose());
        assertEquals(List.of(new org.homeroom.openrecords.api.Report.MonthRow("2026-11", "media", 1, 1),
                new org.homeroom.openrecords.api.Report.MonthRow("2026-11", "vendor", 1, 0)), report.byMonth());
        List<List<String>> csv = records.export(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));
        assertEquals(3, csv.size());
        assertEquals("tracking_number", csv.get(0).get(0));
        assertFalse("contact details stay out of the export", csv.toString().contains("pat@example.org"));
        assertEquals(Double.valueOf(2.5), JdbcOpenRecords.median(List.of(1, 4, 2, 3)));
    }


    @Test
    public void departmentsOweWorkAndClaimsCanBeTakenOver() {
        Receipt r = records.submit(intake("media", false, "Coaches' contracts and evaluations 2025"), null);
        String n = r.trackingNumber();
        CurrentUser ana = new CurrentUser("ana", Set.of("comms"));
        CurrentUser ben = new CurrentUser("ben", Set.of("comms"));
        records.assign(n, "legal", "Evaluations may be confidential under §24A.7", CLERK);
        records.assign(n, "Human-Resources", null, CLERK);
        assertEquals(422, problem(() -> records.assign(n, "cafeteria", null, CLERK)).status());
        assertEquals(409, problem(() -> records.assign(n, "legal", null, CLERK)).status());

        records.claim(n, "legal", false, ana);
        assertEquals(409, problem(() -> records.claim(n, "legal", false, ben)).status());
        RequestDetail taken = records.claim(n, "legal", true, ben);
        assertEquals("ben", taken.assignments().get(0).assignee());
        assertTrue(taken.entries().stream().anyMatch(e -> e.text().contains("took over the legal work from ana")));
        assertEquals(1, records.list(new RequestQuery(null, null, false, null, null, "ben"), PageRequest.of(null, null), CLERK).total());
        assertEquals(1, records.list(new RequestQuery(null, null, false, null, "human-resources", null), PageRequest.of(null, null), CLERK).total());

        RequestDetail done = records.finish(n, "legal", ben);
        assertEquals("done", done.assignments().get(0).state());
        assertEquals(0, records.list(new RequestQuery(null, null, false, null, "legal", null), PageRequest.of(null, null), CLERK).total());
        assertEquals(409, problem(() -> records.finish(n, "legal", ben)).status());
        assertTrue("assignments stay internal", records.publicStatus(n, r.token()).orElseThrow().messages().stream()
                .noneMatch(m -> m.text().contains("legal")));
    }

    @Test
    public void siteStaffSeeOnlyWhatWasAssignedToTheirSite() {
        CurrentUser principal = new CurrentUser("principal-e01", Set.of("site-staff", "site:E01"));
        CurrentUser other = new CurrentUser("teacher-e02", Set.of("site-staff", "site:E02"));
        String assigned = records.submit(intake("parent", false, "Field trip permission slips, E01, fall 2026"), null).trackingNumber();
        String notAssigned = records.submit(intake("parent", false, "Cafeteria contracts"), null).trackingNumber();
        assertEquals(0, records.list(new RequestQuery(null, null, false, null, null, null), PageRequest.of(null, null), principal).total());

        RequestDetail detail = records.assign(assigned, "e01", "Please send the slips", CLERK);
        assertEquals("E01", detail.assignments().get(0).department());
        assertEquals(422, problem(() -> records.assign(assigned, "X99", null, CLERK)).status()); // archived site
        assertEquals(422, problem(() -> records.assign(assigned, "Z77", null, CLERK)).status()); // no such site

        assertEquals(List.of(assigned), records.list(new RequestQuery(null, null, false, null, null, null), PageRequest.of(null, null), principal)
                .items().stream().map(r -> r.trackingNumber()).toList());
        assertEquals(assigned, records.detail(assigned, principal).request().trackingNumber());
        assertEquals(404, problem(() -> records.detail(notAssigned, principal)).status());
        assertEquals(404, problem(() -> records.detail(assigned, other)).status());
        assertEquals(0, records.list(new RequestQuery(null, null, false, null, null, null), PageRequest.of(null, null), other).total());

        // they work on it: claim, an internal note, done; nothing addressed to the requester
        records.claim(assigned, "E01", false, principal);
        assertEquals(403, problem(() -> records.note(assigned, new NoteDraft("Here you go", "requester"), principal)).status());
        records.note(assigned, new NoteDraft("Slips scanned: 42 pages", "internal"), principal);
        assertEquals(403, problem(() -> records.claim(assigned, "E01", true, other)).status());
        RequestDetail done = records.finish(assigned, "E01", principal);
        assertEquals("done", done.assignments().get(0).state());
        assertEquals("principal-e01", done.assignments().get(0).assignee());
        // once their part is done they see nothing of it, though they claimed it
        assertEquals(0, records.list(new RequestQuery(null, null, false, null, null, null), PageRequest.of(null, null), principal).total());
        assertEquals(404, problem(() -> records.detail(assigned, principal)).status());
    }
}
