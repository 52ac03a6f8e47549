package org.homeroom.openrecords.api;

import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/** The open records workflow. Every change is audited and kept; nothing is ever deleted. */
@ProviderType
public interface OpenRecordsService {

    /** Where to send a question that is not an open records request (transcripts, jobs), if it is one. */
    Optional<Redirect> redirectFor(Intake intake);

    /** Records already released to the public that look like what this intake asks for (best first). */
    java.util.List<ArchiveItem> similarReleases(String description, int max);

    /** The public archive of released records, newest first; {@code text} null for all. */
    Page<ArchiveItem> archive(String text, PageRequest page);

    /** What the archive shows of the request, for the office. */
    Publication publication(String trackingNumber, CurrentUser viewer);

    /** Replaces what the archive shows of the request with staff's choice, item by item; audited. */
    Publication publish(String trackingNumber, PublicationDraft draft, CurrentUser actor);

    /** The office's numbers (see {@link Report}). */
    Report report();

    /** Every request received in [from, to], for a CSV export: header row first. */
    java.util.List<java.util.List<String>> export(java.time.LocalDate from, java.time.LocalDate to);

    /** Files a request; {@code staff} null for the public portal. */
    Receipt submit(Intake intake, CurrentUser staff);

    /**
     * The requests {@code viewer} may see: comms and admin every request; site staff only those with
     * unfinished work assigned to one of their sites, without the requester's contact details unless
     * the module setting {@code siteStaffSeeRequester} allows them.
     */
    Page<OpenRecordsRequest> list(RequestQuery query, PageRequest page, CurrentUser viewer);

    /**
     * The request with its history; 404 for a request the viewer may not see, as for an unknown one.
     * Site staff get their part only: their sites' assignments, entries and nothing else.
     */
    RequestDetail detail(String trackingNumber, CurrentUser viewer);

    RequestDetail transition(String trackingNumber, Transition transition, CurrentUser actor);

    RequestDetail note(String trackingNumber, NoteDraft note, CurrentUser actor);

    /** Asks a department (one of the configured codes, or a site's code) for work on the request. */
    RequestDetail assign(String trackingNumber, String department, String note, CurrentUser actor);

    /** The actor takes the department's work; someone else's claim only with {@code takeOver}. */
    RequestDetail claim(String trackingNumber, String department, boolean takeOver, CurrentUser actor);

    /** The department's part is finished. */
    RequestDetail finish(String trackingNumber, String department, CurrentUser actor);

    /** Moves the target date by business days, with a reason the requester sees. */
    RequestDetail extend(String trackingNumber, int businessDays, String reason, CurrentUser actor);

    RequestDetail estimateFee(String trackingNumber, FeeWork work, CurrentUser actor);

    RequestDetail recordPayment(String trackingNumber, Payment payment, CurrentUser actor);

    /** The requester's view; empty when the number or the token does not match (never says which). */
    Optional<PublicStatus> publicStatus(String trackingNumber, String token);
}
