package org.homeroom.openrecords.api;

import java.time.Instant;

/**
 * One step of a request: a status change, a note, a fee estimate or a payment.
 * {@code visibility}: internal (staff only), requester (the requester sees it with the token), public
 * (older entries only: the requester sees them; the archive shows only what staff publish, see
 * {@link Publication}). {@code department}: the site or department whose part it belongs to (a site
 * staff member's note, file, claim), null for the office's own entries.
 */
public record Entry(long id, Instant at, String actor, String kind, String visibility, String fromStatus, String toStatus,
        String citation, String text, String department) {
}
