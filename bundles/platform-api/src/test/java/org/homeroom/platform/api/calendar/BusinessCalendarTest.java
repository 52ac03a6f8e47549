package org.homeroom.platform.api.calendar;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import org.junit.Test;

public class BusinessCalendarTest {

    private static final BusinessCalendar PLAIN =
            new BusinessCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Set.of());

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    public void weekendsAreNotBusinessDays() {
        assertTrue(PLAIN.isBusinessDay(d("2026-08-07")));  // Friday
        assertFalse(PLAIN.isBusinessDay(d("2026-08-08"))); // Saturday
        assertFalse(PLAIN.isBusinessDay(d("2026-08-09"))); // Sunday
        assertEquals(d("2026-08-21"), PLAIN.addBusinessDays(d("2026-08-07"), 10));
    }

    @Test
    public void fridayPlusThreeIsWednesday() {
        assertEquals(d("2026-08-12"), PLAIN.addBusinessDays(d("2026-08-07"), 3));
    }

    @Test
    public void startOnWeekend() {
        assertEquals(d("2026-08-10"), PLAIN.addBusinessDays(d("2026-08-08"), 1)); // Saturday + 1 → Monday
        assertEquals(d("2026-08-10"), PLAIN.addBusinessDays(d("2026-08-09"), 1)); // Sunday + 1 → Monday
        assertEquals(d("2026-08-10"), PLAIN.addBusinessDays(d("2026-08-08"), 0)); // 0 → next business day
        assertEquals(d("2026-08-07"), PLAIN.addBusinessDays(d("2026-08-07"), 0)); // 0 on a business day → itself
        assertThrows(IllegalArgumentException.class, () -> PLAIN.addBusinessDays(d("2026-08-07"), -1));
    }

    @Test
    public void holidayInsideTheWindowIsSkipped() {
        BusinessCalendar cal = new BusinessCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
                Set.of(d("2026-09-07"))); // Labor Day, Monday
        assertFalse(cal.isBusinessDay(d("2026-09-07")));
        assertEquals(d("2026-09-09"), cal.addBusinessDays(d("2026-09-04"), 2)); // Fri + 2 → Wed
        assertEquals(d("2026-09-08"), cal.addBusinessDays(d("2026-09-07"), 0));
    }

    @Test
    public void yearBoundaryWithNewYearsDay() {
        BusinessCalendar cal = BusinessCalendar.withUsHolidays(2026, 2027, Set.of());
        // Wed Dec 30 → Thu Dec 31 (1), Fri Jan 1 holiday, weekend, Mon Jan 4 (2), Tue Jan 5 (3)
        assertEquals(d("2027-01-05"), cal.addBusinessDays(d("2026-12-30"), 3));
        assertEquals(3, cal.businessDaysBetween(d("2026-12-30"), d("2027-01-05")));
    }

    @Test
    public void usHolidays2026() {
        assertEquals(Set.of(d("2026-01-01"), d("2026-01-19"), d("2026-02-16"), d("2026-05-25"), d("2026-06-19"),
                d("2026-07-03"), // July 4 is a Saturday → observed Friday
                d("2026-09-07"), d("2026-11-11"), d("2026-11-26"), d("2026-11-27"), d("2026-12-25")),
                BusinessCalendar.usPublicHolidays(2026));
    }

    @Test
    public void observedHolidays2027() {
        Set<LocalDate> h = BusinessCalendar.usPublicHolidays(2027);
        assertTrue(h.contains(d("2027-06-18")));  // Juneteenth Saturday → Friday
        assertTrue(h.contains(d("2027-07-05")));  // July 4 Sunday → Monday
        assertTrue(h.contains(d("2027-12-24")));  // Christmas Saturday → Friday
        assertTrue(h.contains(d("2027-12-31")));  // New Year 2028 is a Saturday → Dec 31 2027
        assertFalse(h.contains(d("2027-12-25")));
        assertFalse(BusinessCalendar.usPublicHolidays(2028).contains(d("2027-12-31")));
        assertFalse(BusinessCalendar.usPublicHolidays(2028).contains(d("2028-01-01")));
        assertEquals(12, h.size()); // 11 holidays + the next year's New Year's Day observed on Dec 31
    }

    @Test
    public void extraDistrictClosures() {
        BusinessCalendar cal = BusinessCalendar.withUsHolidays(2026, 2026, Set.of(d("2026-12-24")));
        assertFalse(cal.isBusinessDay(d("2026-12-24")));
        assertFalse(cal.isBusinessDay(d("2026-12-25")));
        assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.withUsHolidays(2027, 2026, null));
    }

    @Test
    public void businessDaysBetweenBothDirections() {
        assertEquals(0, PLAIN.businessDaysBetween(d("2026-08-07"), d("2026-08-07")));
        assertEquals(3, PLAIN.businessDaysBetween(d("2026-08-07"), d("2026-08-12")));  // Fri → Wed
        assertEquals(-3, PLAIN.businessDaysBetween(d("2026-08-12"), d("2026-08-07")));
        assertEquals(0, PLAIN.businessDaysBetween(d("2026-08-07"), d("2026-08-09")));  // only weekend
        assertEquals(1, PLAIN.businessDaysBetween(d("2026-08-08"), d("2026-08-10")));  // Sat → Mon
        LocalDate start = d("2026-11-20");
        assertEquals(10, PLAIN.businessDaysBetween(start, PLAIN.addBusinessDays(start, 10)));
    }

    @Test
    public void parseConfiguration() {
        BusinessCalendar cal = BusinessCalendar.parse(" saturday, SUNDAY ,", "2026-12-24, 2026-12-31");
        assertEquals(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), cal.weekend());
        assertEquals(Set.of(d("2026-12-24"), d("2026-12-31")), cal.holidays());
        BusinessCalendar none = BusinessCalendar.parse("  ", null);
        assertTrue(none.isBusinessDay(d("2026-08-08")));
        assertEquals(Set.of(), none.holidays());
    }

    @Test
    public void parseErrorsNameTheBadEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BusinessCalendar.parse("SATURDAY,Funday", ""));
        assertTrue(e.getMessage(), e.getMessage().contains("'Funday'"));
        e = assertThrows(IllegalArgumentException.class,
                () -> BusinessCalendar.parse("SATURDAY,SUNDAY", "2026-12-24,2026-13-01"));
        assertTrue(e.getMessage(), e.getMessage().contains("'2026-13-01'"));
        e = assertThrows(IllegalArgumentException.class, () -> BusinessCalendar.parse("SUNDAY", "12/24/2026"));
        assertTrue(e.getMessage(), e.getMessage().contains("'12/24/2026'"));
    }

    @Test
    public void weekendOfEveryDayIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new BusinessCalendar(EnumSet.allOf(DayOfWeek.class), Set.of()));
    }

    @Test
    public void calendarIsImmutable() {
        Set<LocalDate> holidays = new java.util.HashSet<>(Set.of(d("2026-08-10")));
        BusinessCalendar cal = new BusinessCalendar(EnumSet.of(DayOfWeek.SUNDAY), holidays);
        holidays.clear();
        assertFalse(cal.isBusinessDay(d("2026-08-10")));
        assertThrows(UnsupportedOperationException.class, () -> cal.holidays().clear());
    }
}
