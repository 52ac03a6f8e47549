package org.homeroom.announcements.internal;

import static org.homeroom.platform.testing.Problems.problem;
import static org.homeroom.platform.testing.Problems.fields;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.homeroom.announcements.api.Announcement;
import org.homeroom.announcements.api.AnnouncementDraft;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.junit.Before;
import org.junit.Test;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.TestDatabase;
import org.homeroom.platform.testing.RecordingAuditLog;

public class JdbcAnnouncementServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00.250Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final CurrentUser STAFF = new CurrentUser("staff1", Set.of("site-staff", "site:E01"));
    private static final PageRequest ALL = PageRequest.of(null, null);


    private final MutableClock clock = new MutableClock(T0);
    private RecordingAuditLog audit;
    private JdbcAnnouncementService service;

    @Before
    public void setUp() {
        audit = new RecordingAuditLog();
        service = new JdbcAnnouncementService(new TestDatabase(), audit, clock);
    }

    private static AnnouncementDraft draft(String titleEn, String titleEs, Instant from, Instant until) {
        return new AnnouncementDraft(titleEn, titleEs, "Body.\nSecond line.", "Cuerpo.", null, from, until);
    }

    private static AnnouncementDraft draft(String title) {
        return draft(title, title + " (es)", null, null);
    }



    private List<String> titles(String site, String status, String text) {
        return service.list(site, status, text, ALL).items().stream().map(Announcement::titleEn).toList();
    }

    private Announcement stored(long id) {
        return service.find("E01", id).orElseThrow();
    }

    @Test
    public void createFillsThePublishWindowFromNowAndTheDefaultDays() {
        Announcement created = service.create("E01", draft("  Picture day  "), 7, STAFF);
        Announcement a = stored(created.id());
        assertEquals(Instant.parse("2026-03-02T08:00:00Z"), a.publishFrom());
        assertEquals(Instant.parse("2026-03-09T08:00:00Z"), a.publishUntil());
        assertEquals("Picture day", a.titleEn());
        assertEquals("Body.\nSecond line.", a.bodyEn());
        assertEquals("current", a.status());
        assertFalse(a.spanishMachineTranslated());
        assertEquals("staff1", a.createdBy());
        assertEquals(T0, a.createdAt());
        assertNull(a.withdrawnAt());
        assertEquals(List.of(new RecordingAuditLog.Entry("staff1", "announcement.create", "announcement",
                String.valueOf(a.id()), "E01: Picture day")), audit.entries);

        Announcement oneDay = service.create("E01", draft("Zero days"), 0, STAFF);
        assertEquals(DAY, Duration.between(stored(oneDay.id()).publishFrom(), stored(oneDay.id()).publishUntil()));
    }

    @Test
    public void validationNamesEveryInvalidFieldAndStoresNothing() {
        assertEquals(Set.of("titleEn", "titleEs", "bodyEn", "bodyEs"), fields(problem(() -> service.create("E01",
                new AnnouncementDraft(null, " ", "x".repeat(8001), "", true, null, null), 14, STAFF))));
        assertEquals(Set.of("titleEn", "titleEs"), fields(problem(() -> service.create("E01",
                draft("t".repeat(201), "Hola\u0000", null, null), 14, STAFF))));
        assertEquals(Set.of("bodyEs"), fields(problem(() -> service.create("E01",
                new AnnouncementDraft("Hi", "Hola", "Body", "Cuerpo\u001b[31m", null, null, null), 14, STAFF))));
        assertEquals(Set.of("publishUntil"), fields(problem(() -> service.create("E01",
                draft("Backwards", "Al revés", T0.plus(DAY), T0), 14, STAFF))));
        assertEquals(Set.of("publishUntil"), fields(problem(() -> service.create("E01",
                draft("Same instant", "Mismo", T0, T0), 14, STAFF))));
        assertEquals(Set.of("publishUntil"), fields(problem(() -> service.create("E01",
                draft("Too long", "Demasiado", T0, T0.plus(Duration.ofDays(366)).plusSeconds(1)), 14, STAFF))));
        assertEquals(0, service.list("E01", "all", null, ALL).total());
        assertTrue(audit.entries.isEmpty());

        Announcement longest = service.create("E01", draft("A year", "Un año", T0, T0.plus(Duration.ofDays(366))), 14, STAFF);
        assertEquals(T0.plus(Duration.ofDays(366)), stored(longest.id()).publishUntil());
    }

    @Test
    public void statusFollowsTheClock() {
        long id = service.create("E01", draft("Book fair", "Feria del libro", T0.plus(DAY), T0.plus(DAY.multipliedBy(3))), 14, STAFF).id();
        assertEquals("scheduled", stored(id).status());
        assertEquals(List.of("Book fair"), titles("E01", "scheduled", null));

        clock.set(T0.plus(DAY));
        assertEquals("current", stored(id).status());
        assertEquals(List.of("Book fair"), titles("E01", "current", null));
        assertEquals(List.of(), titles("E01", "scheduled", null));

        clock.set(T0.plus(DAY.multipliedBy(3)));
        assertEquals("expired", stored(id).status());
        assertEquals(List.of("Book fair"), titles("E01", "expired", null));
        assertEquals(List.of(), titles("E01", "current", null));

        assertEquals("withdrawn", service.withdraw("E01", id, STAFF).status());
        assertEquals("withdrawn", stored(id).status());
    }

    @Test
    public void listFiltersByStatusAndText() {
        service.create("E01", draft("Picture day", "Día de fotos", T0.plus(DAY), null), 14, STAFF);
        service.create("E01", draft("Snow_day closure", "Cierre por nieve", null, null), 14, STAFF);
        service.create("E01", draft("Book fair 50% off", "Feria del libro", T0.minus(DAY.multipliedBy(10)), T0.minus(DAY)), 14, STAFF);
        long concert = service.create("E01", draft("Spring concert", "Concierto", null, null), 14, STAFF).id();
        service.withdraw("E01", concert, STAFF);

        assertEquals(List.of("Picture day", "Snow_day closure", "Book fair 50% off"), titles("E01", null, null));
        assertEquals(4, service.list("E01", "all", null, ALL).total());
        assertEquals(List.of("Snow_day closure"), titles("E01", "CURRENT", null));
        assertEquals(List.of("Picture day"), titles("E01", "scheduled", null));
        assertEquals(List.of("Book fair 50% off"), titles("E01", "expired", null));
        assertEquals(List.of("Spring concert"), titles("E01", "withdrawn", null));
        assertEquals(Set.of("status"), fields(problem(() -> service.list("E01", "deleted", null, ALL))));

        assertEquals(List.of("Picture day"), titles("E01", null, " PICTURE "));
        assertEquals(List.of("Picture day"), titles("E01", null, "fotos"));
        assertEquals(List.of("Book fair 50% off"), titles("E01", null, "0%"));
        assertEquals(List.of("Snow_day closure"), titles("E01", null, "w_d"));
        assertEquals(List.of(), titles("E01", null, "concert"));
        assertEquals(List.of("Spring concert"), titles("E01", "all", "concert"));

        var page = service.list("E01", "all", null, new PageRequest(1, 2));
        assertEquals(4, page.total());
        assertEquals(2, page.items().size());
    }

    @Test
    public void anotherSitesAnnouncementIsNotFound() {
        long id = service.create("E01", draft("Lincoln only"), 14, STAFF).id();

        assertTrue(service.find("E02", id).isEmpty());
        assertEquals(0, service.list("E02", "all", null, ALL).total());
        assertEquals(404, problem(() -> service.update("E02", id, draft("Hijacked"), 14, STAFF)).status());
        assertEquals(404, problem(() -> service.withdraw("E02", id, STAFF)).status());
        assertEquals(404, problem(() -> service.withdraw("E01", id + 1000, STAFF)).status());

        Announcement a = stored(id);
        assertEquals("Lincoln only", a.titleEn());
        assertNull(a.withdrawnAt());
        assertEquals(List.of("announcement.create"), audit.actions());
    }

    @Test
    public void updateReplacesTheFieldsAndIsAudited() {
        long id = service.create("E01", draft("Picture day"), 14, STAFF).id();
        clock.set(T0.plus(Duration.ofHours(2)));
        CurrentUser comms = new CurrentUser("comms1", Set.of("comms"));
        service.update("E01", id, new AnnouncementDraft("Picture day moved", "Fotos movidas", "New body", "Nuevo cuerpo", true,
                T0.plus(DAY), T0.plus(DAY.multipliedBy(2))), 14, comms);

        Announcement a = stored(id);
        assertEquals("Picture day moved", a.titleEn());
        assertEquals("Nuevo cuerpo", a.bodyEs());
        assertTrue(a.spanishMachineTranslated());
        assertEquals(T0.plus(DAY), a.publishFrom());
        assertEquals("scheduled", a.status());
        assertEquals("staff1", a.createdBy());
        assertEquals("comms1", a.updatedBy());
        assertEquals(clock.instant(), a.updatedAt());
        assertEquals(List.of("announcement.create", "announcement.update"), audit.actions());
        assertEquals("E01: Picture day moved", audit.entries.get(1).detail());
    }

    @Test
    public void withdrawKeepsTheRowIsIdempotentAndBlocksUpdates() {
        long id = service.create("E01", draft("Field trip"), 14, STAFF).id();
        clock.set(T0.plus(Duration.ofHours(1)));
        service.withdraw("E01", id, STAFF);
        Instant withdrawnAt = clock.instant();

        clock.set(T0.plus(Duration.ofHours(2)));
        assertEquals(withdrawnAt, service.withdraw("E01", id, STAFF).withdrawnAt());
        Announcement a = stored(id);
        assertEquals(withdrawnAt, a.withdrawnAt());
        assertEquals("Field trip", a.titleEn());
        assertEquals("withdrawn", a.status());

        ProblemException e = problem(() -> service.update("E01", id, draft("Field trip (back on)"), 14, STAFF));
        assertEquals(409, e.status());
        assertEquals("Field trip", stored(id).titleEn());
        assertEquals(List.of("announcement.create", "announcement.withdraw"), audit.actions());
    }
}
