package org.homeroom.openrecords.api;

import java.time.Instant;

/**
 * One step of a request: a status change, a note, a fee estimate or a payment.
 * {@code visibility}: internal (staff only), requester (the requester sees it with the token), public.
 */
public record Entry(long id, Instant at, String actor, String kind, String visibility, String fromStatus, String toStatus,
        String citation, String text) {
}
