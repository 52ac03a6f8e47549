package org.homeroom.events.internal;

import static org.homeroom.platform.testing.Problems.problem;
import static org.homeroom.platform.testing.Problems.fields;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;

import org.homeroom.events.api.Event;
import org.homeroom.events.api.EventDraft;
import org.homeroom.events.api.EventQuery;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.junit.Before;
import org.junit.Test;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.TestDatabase;
import org.homeroom.platform.testing.RecordingAuditLog;

public class JdbcEventServiceTest {

    private static final Instant T0 = Instant.parse("2026-08-03T15:00:00.250Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final CurrentUser COMMS = new CurrentUser("comms1", Set.of("comms"));
    private static final PageRequest ALL = PageRequest.of(null, null);


    private final MutableClock clock = new MutableClock(T0);
    private TestDatabase database;
    private RecordingAuditLog audit;
    private JdbcEventService service;
    private EventsModule module;

    @Before
    public void setUp() {
        database = new TestDatabase();
        audit = new RecordingAuditLog();
        service = new JdbcEventService(database, audit, clock);
        module = new EventsModule(service);
    }

    private static EventDraft draft(String title, Instant start, Duration length, String audience, String... sites) {
        return new EventDraft(title, title + " (es)", "About " + title, "Sobre " + title, start, start.plus(length), null,
                Arrays.asList(sites), audience);
    }

    private long create(String title, Instant start, Duration length, String audience, String... sites) {
        return service.create(draft(title, start, length, audience, sites), COMMS).id();
    }



    private List<String> titles(EventQuery query) {
        return service.list(query, ALL).items().stream().map(Event::titleEn).toList();
    }

    private int siteRows() {
        return database.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM EVT_EVENT_SITE")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    @Test
    public void createNormalisesAndStoresEveryField() {
        Event created = service.create(new EventDraft("  Back-to-school fair ", "Feria de regreso a clases",
                "Booths.\n\tFood trucks.", "Puestos.", T0.plus(DAY.multipliedBy(2)), T0.plus(DAY.multipliedBy(2)).plus(HOUR.multipliedBy(4)),
                "  ", List.of("m02", " e01 ", "E01"), null), COMMS);

        Event e = service.find(created.id()).orElseThrow();
        assertEquals(created, e);
        assertEquals("Back-to-school fair", e.titleEn());
        assertEquals("Booths.\n\tFood trucks.", e.descriptionEn());
        assertEquals(Instant.parse("2026-08-05T15:00:00.250Z"), e.startsAt());
        assertEquals(Instant.parse("2026-08-05T19:00:00.250Z"), e.endsAt());
        assertNull(e.location());
        assertEquals(List.of("E01", "M02"), e.siteCodes());
        assertEquals("families", e.audience());
        assertEquals("scheduled", e.status());
        assertNull(e.cancelledReason());
        assertEquals(T0, e.createdAt());
        assertEquals("comms1", e.createdBy());
        assertEquals(List.of(new RecordingAuditLog.Entry("comms1", "event.create", "event", String.valueOf(e.id()),
                "Back-to-school fair (2026-08-05T15:00:00.250Z, families, E01 M02)")), audit.entries);
    }

    @Test
    public void validationNamesEveryInvalidFieldAndStoresNothing() {
        assertEquals(Set.of("body"), fields(problem(() -> service.create(null, COMMS))));
        assertEquals(Set.of("titleEn", "titleEs", "descriptionEn", "descriptionEs", "startsAt", "endsAt"), fields(problem(() ->
                service.create(new EventDraft(null, " ", null, "", null, null, null, null, null), COMMS))));
        assertEquals(Set.of("titleEn", "titleEs", "descriptionEn", "descriptionEs", "location", "audience", "siteCodes"),
                fields(problem(() -> service.create(new EventDraft("t".repeat(201), "Hola\nmundo", "x".repeat(8001), "Línea\u0007",
                        T0, T0.plus(HOUR), "Gym\t2", Arrays.asList("E01", "e 2", null), "parents"), COMMS))));
        assertEquals(Set.of("location"), fields(problem(() -> service.create(new EventDraft("Fair", "Feria", "d", "d", T0,
                T0.plus(HOUR), "l".repeat(301), List.of(), "public"), COMMS))));
        assertEquals(Set.of("endsAt"), fields(problem(() -> service.create(draft("Same instant", T0, Duration.ZERO, null), COMMS))));
        assertEquals(Set.of("endsAt"), fields(problem(() -> service.create(draft("Backwards", T0, HOUR.negated(), null), COMMS))));
        assertEquals(Set.of("endsAt"), fields(problem(() -> service.create(
                draft("Too long", T0, DAY.multipliedBy(14).plusSeconds(1), null), COMMS))));
        assertEquals(0, service.list(EventQuery.ALL, ALL).total());
        assertTrue(audit.entries.isEmpty());

        long longest = create("Two weeks", T0, DAY.multipliedBy(14), "staff");
        assertEquals(T0.plus(DAY.multipliedBy(14)), service.find(longest).orElseThrow().endsAt());
    }

    @Test
    public void listFiltersByTimeSiteAudienceAndTextInStartOrder() {
        create("Back-to-school fair", T0.plus(DAY.multipliedBy(2)), HOUR.multipliedBy(4), "families");
        service.create(new EventDraft("Board meeting", "Reunión de la junta", "Agenda", "Agenda", T0.plus(DAY.multipliedBy(5)),
                T0.plus(DAY.multipliedBy(5)).plus(HOUR.multipliedBy(3)), "District office, Room 4", null, "public"), COMMS);
        create("Staff training_day", T0.plus(DAY), HOUR.multipliedBy(8), "staff", "E01", "M02");
        service.create(new EventDraft("Enrollment night 100%", "Noche de inscripción", "Bring papers", "Traiga papeles",
                T0.plus(DAY.multipliedBy(10)), T0.plus(DAY.multipliedBy(10)).plus(HOUR.multipliedBy(2)), null, List.of("E02"), null), COMMS);
        create("Summer camp", T0.minus(DAY.multipliedBy(3)), HOUR.multipliedBy(6), "families", "E01");

        assertEquals(List.of("Summer camp", "Staff training_day", "Back-to-school fair", "Board meeting", "Enrollment night 100%"),
                titles(EventQuery.ALL));
        assertEquals(List.of("Staff training_day", "Back-to-school fair", "Board meeting", "Enrollment night 100%"),
                titles(new EventQuery(T0, null, null, null, null)));
        // overlapping the span counts: the training is still running at T0+1d+1h; the board meeting starts exactly at "to"
        assertEquals(List.of("Staff training_day", "Back-to-school fair"),
                titles(new EventQuery(T0.plus(DAY).plus(HOUR), T0.plus(DAY.multipliedBy(5)), null, null, null)));
        // a site sees its own events and the district-wide ones
        assertEquals(List.of("Summer camp", "Staff training_day", "Back-to-school fair", "Board meeting"),
                titles(new EventQuery(null, null, "e01", null, null)));
        assertEquals(List.of("Back-to-school fair", "Board meeting", "Enrollment night 100%"),
                titles(new EventQuery(null, null, "E02", null, null)));
        assertEquals(List.of("Summer camp", "Back-to-school fair", "Enrollment night 100%"),
                titles(new EventQuery(null, null, null, "families", null)));
        assertEquals(List.of("Staff training_day"), titles(new EventQuery(null, null, null, "STAFF", null)));
        assertEquals(List.of("Enrollment night 100%"), titles(new EventQuery(null, null, null, null, "INSCRIPCIÓN")));
        assertEquals(List.of("Board meeting"), titles(new EventQuery(null, null, null, null, "room 4")));
        assertEquals(List.of("Enrollment night 100%"), titles(new EventQuery(null, null, null, null, "0%")));
        assertEquals(List.of(), titles(new EventQuery(null, null, null, null, "t%n")));
        assertEquals(List.of("Staff training_day"), titles(new EventQuery(null, null, null, null, "g_d")));

        var combined = service.list(new EventQuery(T0, null, "E02", "families", null), new PageRequest(1, 1));
        assertEquals(2, combined.total());
        assertEquals(List.of("Enrollment night 100%"), combined.items().stream().map(Event::titleEn).toList());
        var page = service.list(EventQuery.ALL, new PageRequest(1, 2));
        assertEquals(5, page.total());
        assertEquals(List.of("Staff training_day", "Back-to-school fair"), page.items().stream().map(Event::titleEn).toList());
        assertEquals(List.of("E01", "M02"), page.items().get(0).siteCodes());

        assertEquals(Set.of("site", "audience", "to"), fields(problem(() ->
                service.list(new EventQuery(T0, T0, "E 1", "parents", null), ALL))));
    }

    @Test
    public void updateReplacesFieldsAndSitesAndIsAudited() {
        long id = create("Graduation", T0.plus(DAY.multipliedBy(20)), HOUR.multipliedBy(3), "families", "H01", "H02");
        clock.set(T0.plus(HOUR));
        CurrentUser other = new CurrentUser("comms2", Set.of("comms"));
        service.update(id, new EventDraft("Graduation (moved)", "Graduación", "New time", "Nueva hora", T0.plus(DAY.multipliedBy(21)),
                T0.plus(DAY.multipliedBy(21)).plus(HOUR.multipliedBy(2)), "Stadium", List.of("h03"), "public"), other);

        Event e = service.find(id).orElseThrow();
        assertEquals("Graduation (moved)", e.titleEn());
        assertEquals("Nueva hora", e.descriptionEs());
        assertEquals(T0.plus(DAY.multipliedBy(21)), e.startsAt());
        assertEquals("Stadium", e.location());
        assertEquals(List.of("H03"), e.siteCodes());
        assertEquals("public", e.audience());
        assertEquals("comms1", e.createdBy());
        assertEquals("comms2", e.updatedBy());
        assertEquals(clock.instant(), e.updatedAt());
        assertEquals(1, siteRows());
        assertEquals(List.of("event.create", "event.update"), audit.actions());
        assertEquals("Graduation (moved) (2026-08-24T15:00:00.250Z, public, H03)", audit.entries.get(1).detail());
    }

    @Test
    public void cancelKeepsTheEventIsIdempotentAndBlocksUpdates() {
        long id = create("Enrollment night", T0.plus(DAY), HOUR.multipliedBy(2), "families");
        assertEquals(Set.of("reason"), fields(problem(() -> service.cancel(id, "  ", COMMS))));
        clock.set(T0.plus(HOUR));
        service.cancel(id, " Storm warning ", COMMS);
        Instant cancelledAt = clock.instant();

        clock.set(T0.plus(HOUR.multipliedBy(2)));
        Event again = service.cancel(id, "Something else", new CurrentUser("admin", Set.of("admin")));
        Event e = service.find(id).orElseThrow();
        assertEquals(again, e);
        assertEquals("cancelled", e.status());
        assertEquals("Storm warning", e.cancelledReason());
        assertEquals(cancelledAt, e.updatedAt());
        assertEquals("comms1", e.updatedBy());
        assertEquals(1, service.list(EventQuery.ALL, ALL).total());
        assertEquals(List.of("event.create", "event.cancel"), audit.actions());
        assertEquals("Enrollment night: Storm warning", audit.entries.get(1).detail());

        assertEquals(409, problem(() -> service.update(id, draft("Back on", T0.plus(DAY), HOUR, null), COMMS)).status());
        assertEquals("Enrollment night", service.find(id).orElseThrow().titleEn());
        assertEquals(2, audit.entries.size());
    }

    @Test
    public void unknownEventsAreNotFound() {
        assertEquals(404, problem(() -> service.update(99, draft("Ghost", T0, HOUR, null), COMMS)).status());
        assertEquals(404, problem(() -> service.cancel(99, "No reason", COMMS)).status());
        assertEquals(404, problem(() -> module.get(as(COMMS), "99")).status());
        assertEquals(404, problem(() -> module.get(as(COMMS), "fair")).status());
        assertTrue(audit.entries.isEmpty());
    }

    @Test
    public void publicListShowsUpcomingFamilyAndPublicEventsInOneLanguage() {
        long fair = create("Fair", T0.plus(DAY), HOUR.multipliedBy(4), "families", "E01");
        long board = create("Board meeting", T0.plus(DAY.multipliedBy(2)), HOUR, "public");
        create("Staff training", T0.plus(DAY), HOUR, "staff");
        create("Last week", T0.minus(DAY.multipliedBy(7)), HOUR, "public");
        long running = create("Open house", T0.minus(HOUR), HOUR.multipliedBy(2), "public");
        long cancelled = create("Picnic", T0.plus(DAY), HOUR, "families");
        service.cancel(cancelled, "Rain", COMMS);

        var spanish = module.upcoming("es-MX", "en");
        assertEquals(List.of(running, fair, board), spanish.stream().map(EventsModule.PublicEvent::id).toList());
        EventsModule.PublicEvent first = spanish.get(1);
        assertEquals(new EventsModule.PublicEvent(fair, "es", "Fair (es)", "Sobre Fair", T0.plus(DAY),
                T0.plus(DAY).plus(HOUR.multipliedBy(4)), null, List.of("E01"), "families"), first);
        assertEquals(List.of("Open house", "Fair", "Board meeting"),
                module.upcoming(null, null).stream().map(EventsModule.PublicEvent::title).toList());
        // no ?lang=: the browser's Accept-Language decides, regions included
        assertEquals("Fair (es)", module.upcoming(null, "es-US,es;q=0.9,en;q=0.5").get(1).title());
        assertEquals(Set.of("lang"), fields(problem(() -> module.upcoming("fr", "es"))));

        clock.set(T0.plus(DAY).plus(HOUR.multipliedBy(4)));
        assertEquals(List.of(board), module.upcoming("en", null).stream().map(EventsModule.PublicEvent::id).toList());
    }

    @Test
    public void aFailedAuditRollsTheWholeChangeBack() {
        audit.fail = true;
        assertEquals("audit store unavailable", assertThrows(IllegalStateException.class, () ->
                create("Orphan", T0, HOUR, null, "E01")).getMessage());
        assertEquals(0, service.list(EventQuery.ALL, ALL).total());
        assertEquals(0, siteRows());
    }

    @Test
    public void timesSurviveTheServerZoneAndItsDaylightSavingJump() {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            // 01:30 EDT, the first 01:30 of the night clocks go back: stored as local time it would read back as 01:30 EST, an hour late
            Instant start = Instant.parse("2026-11-01T05:30:00Z");
            long id = create("Night shift", start, HOUR, "staff");
            assertEquals(start, service.find(id).orElseThrow().startsAt());
        } finally {
            TimeZone.setDefault(original);
        }
    }

    /** What a signed-in request carries: the platform puts the CurrentUser in as the principal. */
    static javax.ws.rs.core.SecurityContext as(CurrentUser user) {
        return new javax.ws.rs.core.SecurityContext() {
            @Override public java.security.Principal getUserPrincipal() { return user; }
            @Override public boolean isUserInRole(String role) { return user.hasRole(role); }
            @Override public boolean isSecure() { return false; }
            @Override public String getAuthenticationScheme() { return "BASIC"; }
        };
    }

    @Test
    public void siteStaffSeeTheirSitesAndDistrictWideEventsOnly() {
        CurrentUser e01 = new CurrentUser("principal", Set.of("site-staff", "site:E01"));
        long district = create("District training", T0.plus(DAY), HOUR, "staff");
        long mine = create("E01 staff meeting", T0.plus(DAY), HOUR, "staff", "E01");
        long other = create("H01 staff meeting", T0.plus(DAY), HOUR, "staff", "H01");
        assertEquals("District training", module.get(as(e01), String.valueOf(district)).titleEn());
        assertEquals("E01 staff meeting", module.get(as(e01), String.valueOf(mine)).titleEn());
        assertEquals(404, problem(() -> module.get(as(e01), String.valueOf(other))).status());
        assertEquals("H01 staff meeting", module.get(as(COMMS), String.valueOf(other)).titleEn());

        assertEquals(List.of("District training", "E01 staff meeting"),
                module.list(as(e01), null, null, null, null, null, null, null).items().stream().map(Event::titleEn).sorted().toList());
        assertEquals(0, module.list(as(e01), null, null, null, null, "H01", null, null).total());
        assertEquals(403, problem(() -> module.list(as(e01), null, null, "H01", null, null, null, null)).status());
        assertEquals(3, module.list(as(COMMS), null, null, null, null, null, null, null).total());
        CurrentUser none = new CurrentUser("nobody", Set.of("site-staff"));
        assertEquals(Set.of("site"), fields(problem(() -> module.list(as(none), null, null, null, null, null, null, null))));
    }
}
