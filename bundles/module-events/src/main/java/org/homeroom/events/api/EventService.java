package org.homeroom.events.api;

import java.util.List;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

@ProviderType
public interface EventService {

    /** Scheduled and cancelled events matching the query, soonest first. */
    Page<Event> list(EventQuery query, PageRequest page);

    Optional<Event> find(long id);

    /**
     * Scheduled events not over yet whose audience is families or the public, soonest first (at most
     * {@link PageRequest#MAX_LIMIT}): what may be shown without signing in.
     */
    List<Event> upcomingForPublic();

    Event create(EventDraft draft, CurrentUser actor);

    /** Replaces every field of a scheduled event; a cancelled one is a 409. */
    Event update(long id, EventDraft draft, CurrentUser actor);

    /** Cancels the event; it is kept with the reason. Cancelling a cancelled event changes nothing. */
    Event cancel(long id, String reason, CurrentUser actor);
}
