package org.homeroom.platform.api.casework;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.homeroom.platform.api.calendar.BusinessCalendar;
import org.homeroom.platform.api.calendar.BusinessHours;

/**
 * Business-hour arithmetic on a snapshot of the district calendar: time counts only on business days within
 * business hours, in the district's zone. A case opened after hours or on a holiday starts counting when the
 * office next opens. Immutable and thread-safe.
 */
public final class BusinessClock {

    private final BusinessCalendar days;
    private final BusinessHours hours;
    private final ZoneId zone;

    public BusinessClock(BusinessCalendar days, BusinessHours hours, ZoneId zone) {
        this.days = days;
        this.hours = hours;
        this.zone = zone;
    }

    /** The instant {@code businessHours} of office time after {@code start}; 0 is the next moment the office is open. */
    public Instant plusBusinessHours(Instant start, int businessHours) {
        return plus(start, Duration.ofHours(businessHours));
    }

    /** The instant {@code amount} of office time after {@code start}. */
    public Instant plus(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        ZonedDateTime t = nextOpen(start.atZone(zone));
        Duration left = amount;
        while (true) {
            ZonedDateTime closes = t.toLocalDate().atTime(hours.closes()).atZone(zone);
            Duration today = Duration.between(t, closes);
            if (left.compareTo(today) <= 0) {
                return t.plus(left).toInstant();
            }
            left = left.minus(today);
            t = nextOpen(closes);
        }
    }

    /** Office time between two instants (zero when {@code to} is not after {@code from}). */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        ZonedDateTime t = nextOpen(from.atZone(zone));
        ZonedDateTime end = to.atZone(zone);
        while (t.isBefore(end)) {
            ZonedDateTime closes = t.toLocalDate().atTime(hours.closes()).atZone(zone);
            ZonedDateTime stop = closes.isBefore(end) ? closes : end;
            total = total.plus(Duration.between(t, stop));
            t = nextOpen(closes);
        }
        return total;
    }

    /** {@code t} itself when the office is open then, else the next opening time. */
    public ZonedDateTime nextOpen(ZonedDateTime t) {
        LocalDate date = t.toLocalDate();
        LocalTime time = t.toLocalTime();
        if (days.isBusinessDay(date) && hours.contains(time)) {
            return t;
        }
        if (!days.isBusinessDay(date) || !time.isBefore(hours.opens())) {
            date = days.addBusinessDays(date, 1);
        }
        return date.atTime(hours.opens()).atZone(zone);
    }
}
