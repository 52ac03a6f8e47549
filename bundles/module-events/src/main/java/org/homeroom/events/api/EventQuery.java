package org.homeroom.events.api;

import java.time.Instant;

/**
 * Filters of the event list; null means "any".
 *
 * @param from     events still running at or after this instant ({@code endsAt > from})
 * @param to       events starting before this instant ({@code startsAt < to})
 * @param site     events for this site, including district-wide ones
 * @param audience families, staff or public
 * @param text     words in either title or the location
 */
public record EventQuery(Instant from, Instant to, String site, String audience, String text) {

    public static final EventQuery ALL = new EventQuery(null, null, null, null, null);
}
