package org.homeroom.messaging.internal;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The hours non-emergency calls and texts may go out, in the district's time zone (default 08:00–21:00).
 * Emergency messages ignore them; everything else waits for the next allowed moment.
 */
record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    QuietHours {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("quiet hours must allow a daytime window: start " + start + " is not before end " + end);
        }
    }

    boolean allows(Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return !local.isBefore(start) && local.isBefore(end);
    }

    /** {@code at} itself when allowed, else the next start of the window (today or tomorrow, local time, DST-aware). */
    Instant nextAllowed(Instant at) {
        if (allows(at)) {
            return at;
        }
        ZonedDateTime local = at.atZone(zone);
        ZonedDateTime today = local.toLocalDate().atTime(start).atZone(zone);
        return (local.toLocalTime().isBefore(start) ? today : today.plusDays(1).with(start)).toInstant();
    }
}
