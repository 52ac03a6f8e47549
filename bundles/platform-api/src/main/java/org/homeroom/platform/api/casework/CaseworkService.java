package org.homeroom.platform.api.casework;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's casework. Every method that takes a {@link CurrentUser} scopes by site: a user who does not
 * see all sites ({@link CurrentUser#seesAllSites()}) sees and acts only on cases of their own sites; another
 * site's case is a 404, as if it did not exist. Role checks (who may use a module at all) stay in the module's
 * resource. Bad input is a 4xx {@link org.homeroom.platform.api.ProblemException} naming the field, with nothing
 * stored; every change is audited ({@code case.*} actions, entity {@code case}, id the case's ref) in its
 * transaction.
 */
@ProviderType
public interface CaseworkService {

    /**
     * Registers (or replaces) a case type; modules call it when they activate. Types live in memory: states and
     * transitions are code. Cases of a type not registered now can still be read, but not changed.
     */
    void register(CaseType type);

    Optional<CaseType> type(String typeId);

    /**
     * Opens a case: validates the draft (known type, channel, a requester with a name or a way to reach them,
     * an existing site, text, a requester deadline not in the past), computes the due times from the SLA on the
     * business calendar, stores it in the initial state and audits it. {@code actor} null means the public
     * (a web form), recorded as {@code public}.
     */
    CaseRecord open(CaseDraft draft, CurrentUser actor);

    /** As {@link #open(CaseDraft, CurrentUser)}, inside the caller's transaction (with the module's own rows). */
    CaseRecord open(java.sql.Connection transaction, CaseDraft draft, CurrentUser actor);

    /** One case the actor may see (404 otherwise, and for a case of another type). */
    CaseRecord get(String typeId, long id, CurrentUser actor);

    /** Cases the actor may see, newest first. */
    Page<CaseRecord> find(CaseQuery query, PageRequest page, CurrentUser actor);

    /** Moves a case to {@code state} (409 naming {@code state} when the type does not allow it); {@code note} optional, internal. */
    CaseRecord transition(String typeId, long id, String state, String note, CurrentUser actor);

    /** Changes site, team and/or assignee (422 for an unknown site; site staff may not move a case out of their sites). */
    CaseRecord reassign(String typeId, long id, Reassignment change, CurrentUser actor);

    /**
     * Adds a note; {@code toRequester} notes are also emailed to the requester (when they gave an email) and count
     * as the first response.
     */
    CaseNote note(String typeId, long id, String text, boolean toRequester, CurrentUser actor);

    /**
     * Answers the requester from {@code template} in their language, merge fields from the case plus
     * {@code fields}, queued in the platform mail outbox in the same transaction (422 naming {@code email} when
     * the requester gave none). Stored as a note to the requester; the first reply sets {@code firstResponseAt}.
     */
    CaseNote reply(String typeId, long id, ReplyTemplate template, Map<String, String> fields, CurrentUser actor);

    /** Notes, oldest first. */
    List<CaseNote> notes(String typeId, long id, CurrentUser actor);

    /** Stores a file after the type's {@link AttachmentRule} checks (422 naming {@code contentType} or {@code content}). */
    CaseAttachment attach(String typeId, long id, String fileName, String contentType, byte[] content, CurrentUser actor);

    List<CaseAttachment> attachments(String typeId, long id, CurrentUser actor);

    byte[] attachmentContent(String typeId, long id, long attachmentId, CurrentUser actor);

    /**
     * Converts a case into a record of {@code target} ({@code module:kind}) through the {@link CaseConverter}
     * registered for it (422 naming {@code target} when none is installed; 409 when the case was converted
     * already), links the two both ways with the platform's record links, sets {@link CaseRecord#convertedTo},
     * and audits it: all in one transaction.
     */
    CaseRecord convert(String typeId, long id, String target, Map<String, String> options, CurrentUser actor);

    /** Targets with a converter installed now, e.g. {@code open-records:request}. */
    List<String> conversionTargets();

    /** The district's business-hour clock as it stands now (holidays and closures included). */
    BusinessClock businessClock();

    /** Open cases of the type the actor may see that are past due at {@code now} (at most 500, most overdue first). */
    List<CaseRecord> pastDue(String typeId, Instant now, CurrentUser actor);
}
