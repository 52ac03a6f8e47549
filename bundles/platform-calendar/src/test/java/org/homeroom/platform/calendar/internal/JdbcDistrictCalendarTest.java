package org.homeroom.platform.calendar.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.calendar.CalendarDay;
import org.homeroom.platform.api.calendar.CalendarDayDraft;
import org.homeroom.platform.api.calendar.DayKind;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Test;

public class JdbcDistrictCalendarTest {

    private static final CurrentUser ADMIN = new CurrentUser("admin", Set.of("admin"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T15:00:00Z"));
    private final RecordingAuditLog audit = new RecordingAuditLog();
    private final TestDatabase database = new TestDatabase();
    private final JdbcDistrictCalendar calendar = new JdbcDistrictCalendar(database, audit, clock, config("America/Chicago", true));

    static CalendarConfig config(String zone, boolean usHolidays) {
        return new CalendarConfig() {
            @Override public Class<? extends Annotation> annotationType() { return CalendarConfig.class; }
            @Override public String zone() { return zone; }
            @Override public String weekend() { return "saturday, sunday"; }
            @Override public String opens() { return "08:00"; }
            @Override public String closes() { return "16:30"; }
            @Override public boolean usPublicHolidays() { return usHolidays; }
        };
    }

    @Test
    public void storedClosuresAndUsHolidaysAreNotBusinessDaysAndCountInDeadlines() {
        LocalDate friday = LocalDate.of(2026, 12, 18);
        // Friday + 3 business days: Mon 21, Tue 22, Wed 23
        assertEquals(LocalDate.of(2026, 12, 23), calendar.businessDays().addBusinessDays(friday, 3));
        CalendarDay storm = calendar.add(new CalendarDayDraft(LocalDate.of(2026, 12, 22), "closure", "Ice storm", "Tormenta de hielo"), ADMIN);
        assertEquals(DayKind.CLOSURE, storm.kind());
        assertEquals("admin", storm.createdBy());
        assertEquals(LocalDate.of(2026, 12, 24), calendar.businessDays().addBusinessDays(friday, 3));
        // Christmas (observed Friday 25) and the weekend are not business days either
        assertFalse(calendar.businessDays().isBusinessDay(LocalDate.of(2026, 12, 25)));
        assertEquals(List.of(storm), calendar.days(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 31)));
        assertEquals(List.of(), calendar.days(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 31)));
        assertEquals(List.of(new RecordingAuditLog.Entry("admin", "calendar.day.add", "calendar-day", String.valueOf(storm.id()),
                "2026-12-22 closure: Ice storm")), audit.entries);

        calendar.remove(storm.id(), ADMIN);
        assertEquals(LocalDate.of(2026, 12, 23), calendar.businessDays().addBusinessDays(friday, 3));
        assertEquals(404, problem(() -> calendar.remove(storm.id(), ADMIN)).status());
        assertEquals("calendar.day.remove", audit.entries.get(1).action());
    }

    @Test
    public void aDateHasOneEntryAndEveryFieldIsChecked() {
        calendar.add(new CalendarDayDraft(LocalDate.of(2027, 3, 15), "holiday", "Spring break", "Vacaciones de primavera"), ADMIN);
        assertEquals(409, problem(() -> calendar.add(new CalendarDayDraft(LocalDate.of(2027, 3, 15), "closure", "x", "x"), ADMIN)).status());
        assertEquals(Set.of("date", "kind", "nameEn", "nameEs"),
                fields(problem(() -> calendar.add(new CalendarDayDraft(null, "vacation", " ", "Día\u0000"), ADMIN))));
        assertEquals(Set.of("body"), fields(problem(() -> calendar.add(null, ADMIN))));
        assertEquals(1, calendar.days(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31)).size());
    }

    @Test
    public void zoneHoursAndOpenAreTheDistricts() {
        assertEquals(ZoneId.of("America/Chicago"), calendar.zone());
        assertEquals(LocalTime.of(8, 0), calendar.hours().opens());
        assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), calendar.businessDays().weekend());
        // 2026-12-01 is a Tuesday: 14:00 UTC is 08:00 in Chicago (open), 13:59 UTC is 07:59 (not yet)
        assertTrue(calendar.isOpen(Instant.parse("2026-12-01T14:00:00Z")));
        assertFalse(calendar.isOpen(Instant.parse("2026-12-01T13:59:00Z")));
        assertFalse(calendar.isOpen(Instant.parse("2026-12-01T22:30:00Z")));
        // late Tuesday evening in Chicago is already Wednesday in UTC
        assertEquals(LocalDate.of(2026, 12, 1), calendar.dateOf(Instant.parse("2026-12-02T03:00:00Z")));
        JdbcDistrictCalendar noFederal = new JdbcDistrictCalendar(database, audit, clock, config("America/New_York", false));
        assertTrue(noFederal.businessDays().isBusinessDay(LocalDate.of(2026, 12, 25)));
        try {
            new JdbcDistrictCalendar(database, audit, clock, config("Mars/Olympus", true));
            throw new AssertionError("a bad zone must not start");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("org.homeroom.calendar"));
        }
    }

}
