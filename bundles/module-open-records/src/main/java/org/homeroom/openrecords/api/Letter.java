package org.homeroom.openrecords.api;

import java.time.Instant;

/**
 * A letter to the requester as it was rendered (its PDF is kept too). {@code kind}: acknowledgement,
 * clarification, fee-estimate, closing. {@code sentTo} and {@code mailId} (the platform outbox message
 * that carried it) are null when it was not emailed, e.g. for a requester who wrote by post;
 * {@code mailState} is the outbox's state (queued, sent, logged, failed) when it was.
 */
public record Letter(long id, String trackingNumber, String kind, String language, String subject, String body, String sentTo,
        Long mailId, String mailState, Instant createdAt, String createdBy) {
}
