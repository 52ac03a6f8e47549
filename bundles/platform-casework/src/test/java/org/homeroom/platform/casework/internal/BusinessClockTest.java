package org.homeroom.platform.casework.internal;

import static org.junit.Assert.assertEquals;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

import org.homeroom.platform.api.calendar.BusinessCalendar;
import org.homeroom.platform.api.calendar.BusinessHours;
import org.homeroom.platform.api.casework.BusinessClock;
import org.junit.Test;

public class BusinessClockTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    /** 08:00–17:00, Saturday/Sunday off, Friday 2026-12-25 a holiday. */
    final BusinessClock clock = new BusinessClock(new BusinessCalendar(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
            Set.of(LocalDate.of(2026, 12, 25))), new BusinessHours(LocalTime.of(8, 0), LocalTime.of(17, 0)), CHICAGO);

    static Instant at(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, CHICAGO).toInstant();
    }

    @Test
    public void withinOneDay() {
        assertEquals(at(12, 7, 13, 30), clock.plusBusinessHours(at(12, 7, 9, 30), 4));
        assertEquals(at(12, 7, 17, 0), clock.plusBusinessHours(at(12, 7, 9, 0), 8));
    }

    @Test
    public void afterHoursStartsAtTheNextOpening() {
        assertEquals(at(12, 8, 10, 0), clock.plusBusinessHours(at(12, 7, 18, 45), 2));
        assertEquals(at(12, 8, 10, 0), clock.plusBusinessHours(at(12, 8, 6, 0), 2));
        assertEquals(at(12, 8, 8, 0), clock.plusBusinessHours(at(12, 7, 17, 0), 0));
    }

    @Test
    public void overTheWeekend() {
        // Friday 15:00 + 4 h: 2 h Friday, 2 h Monday
        assertEquals(at(12, 14, 10, 0), clock.plusBusinessHours(at(12, 11, 15, 0), 4));
        // Saturday → Monday
        assertEquals(at(12, 14, 9, 0), clock.plusBusinessHours(at(12, 12, 11, 0), 1));
    }

    @Test
    public void overAHolidayAndAWeekend() {
        // Thursday Dec 24 16:00 + 3 h: 1 h Thursday, Friday the 25th a holiday, weekend, 2 h Monday the 28th
        assertEquals(at(12, 28, 10, 0), clock.plusBusinessHours(at(12, 24, 16, 0), 3));
        // five business days (45 h) from Monday Dec 21 08:00: Mon–Thu (36 h) + Monday 28th (9 h)
        assertEquals(at(12, 28, 17, 0), clock.plusBusinessHours(at(12, 21, 8, 0), 45));
    }

    @Test
    public void betweenCountsOfficeTimeOnly() {
        assertEquals(Duration.ofHours(3), clock.between(at(12, 24, 16, 0), at(12, 28, 10, 0)));
        assertEquals(Duration.ZERO, clock.between(at(12, 12, 9, 0), at(12, 13, 18, 0)));
        assertEquals(Duration.ofMinutes(30), clock.between(at(12, 7, 16, 30), at(12, 7, 20, 0)));
    }

    @Test
    public void aDaylightSavingChangeCountsWallClockBusinessHours() {
        // Friday 2026-11-06 16:00 (CDT) + 2 h: 1 h Friday, 1 h Monday 11-09 (CST)
        assertEquals(ZonedDateTime.of(2026, 11, 9, 9, 0, 0, 0, CHICAGO).toInstant(),
                clock.plusBusinessHours(ZonedDateTime.of(2026, 11, 6, 16, 0, 0, 0, CHICAGO).toInstant(), 2));
    }
}
