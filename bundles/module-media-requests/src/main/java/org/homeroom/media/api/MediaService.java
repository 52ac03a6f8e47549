package org.homeroom.media.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The media office's records. Every write is audited; bad input is a 422 naming the fields and stores nothing.
 * Site staff see only requests naming one of their sites.
 */
@ProviderType
public interface MediaService {

    Page<Outlet> outlets(String text, PageRequest page);

    Optional<Outlet> outlet(long id);

    Outlet addOutlet(Outlet.Draft draft, CurrentUser actor);

    List<Journalist> journalists(long outletId);

    Journalist addJournalist(long outletId, Journalist.Draft draft, CurrentUser actor);

    List<Topic> topics();

    List<Spokesperson> spokespeople();

    Spokesperson addSpokesperson(Spokesperson.Draft draft, CurrentUser actor);

    /** Newest first; site staff: only requests naming one of their sites. */
    Page<MediaRequest> requests(MediaQuery query, PageRequest page, CurrentUser viewer);

    /** Empty for an unknown request and for one a site staff member may not see. */
    Optional<MediaRequest> request(long id, CurrentUser viewer);

    /** Logs a request: the office due time from the topic's SLA, a spokesperson from the rota (Spanish for Spanish-language outlets). */
    MediaRequest log(MediaRequest.Draft draft, CurrentUser actor);

    /** Moves the request to {@code status} if its current status allows it (409 otherwise). */
    MediaRequest transition(long id, String status, String note, CurrentUser actor);

    /** Gives the request to another active spokesperson. */
    MediaRequest assign(long id, long spokespersonId, CurrentUser actor);

    /**
     * Runs the visit check (FERPA directory opt-outs, 34 CFR 99.37; parent consent to recording, 25 O.S. §2002)
     * and stores its result on the request, passed or refused.
     */
    MediaRequest checkVisit(long id, CurrentUser actor);

    /**
     * Records the principal's approval of a campus visit or filming, after checking again: refused (409, the
     * refusal stored on the request) while a named student has opted out or lacks consent to recording.
     * {@code principal}: the approving principal's name when comms records an approval given to them; a
     * principal signed in as site staff of the visit's site approves as themselves.
     */
    MediaRequest approveVisit(long id, String principal, CurrentUser actor);

    /**
     * Turns the request into an open records request in one step (requester type media: no search fee,
     * 51 O.S. §24A.5), links the two and marks this one converted. 409 when the open records module is not
     * installed or the request was converted already.
     */
    MediaRequest convertToOpenRecords(long id, String description, CurrentUser actor);

    List<Statement> statements(Long requestId);

    Optional<Statement> statement(long id);

    Statement draftStatement(Statement.Draft draft, CurrentUser actor);

    /** Approves a draft; its author may not approve it (409). */
    Statement approveStatement(long id, CurrentUser actor);

    Page<Coverage> coverage(LocalDate from, LocalDate to, String campaign, PageRequest page);

    Coverage logCoverage(Coverage.Draft draft, CurrentUser actor);
}
