package org.homeroom.platform.api.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import org.homeroom.platform.api.CurrentUser;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The district's time zone and business calendar, one for every module: the weekend, US public
 * holidays (if the district observes them), the holidays and closures the office stores, and business
 * hours. Read from the database on every call, so a closure entered on one node counts on the next
 * request on every node. Local dates are dates in {@link #zone()}.
 */
@ProviderType
public interface DistrictCalendar {

    /** The district's time zone (configuration {@code org.homeroom.calendar}, default America/Chicago). */
    ZoneId zone();

    /** Business days as they stand now: weekend, observed US public holidays, and every stored holiday and closure. */
    BusinessCalendar businessDays();

    BusinessHours hours();

    /** Stored holidays and closures with {@code from} ≤ date ≤ {@code to}, in date order. */
    List<CalendarDay> days(LocalDate from, LocalDate to);

    /** One stored holiday or closure. */
    java.util.Optional<CalendarDay> day(long id);

    /** Stores a holiday or closure (422 naming invalid fields, 409 when the date already has one) and audits it. */
    CalendarDay add(CalendarDayDraft draft, CurrentUser actor);

    /** Removes a stored day (404 if there is none) and audits it. */
    void remove(long id, CurrentUser actor);

    /** The local date of {@code instant} in the district. */
    default LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone());
    }

    /** True on a business day within business hours, in the district's zone. */
    default boolean isOpen(Instant instant) {
        ZonedDateTime local = instant.atZone(zone());
        return businessDays().isBusinessDay(local.toLocalDate()) && hours().contains(local.toLocalTime());
    }
}
