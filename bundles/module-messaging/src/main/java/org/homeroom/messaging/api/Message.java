package org.homeroom.messaging.api;

import java.time.Instant;
import java.util.Map;

/**
 * A message and where it is. {@code status}: draft, approved, scheduled, sending, sent, cancelled.
 * {@code deliveries}: count per delivery state (planned, sending, sent, failed, skipped) — read while the
 * worker goes on, so during a send a delivery that changes state as it is counted may be counted in both
 * states for that moment; exact once the message is sent. {@code reached}: people reached on at least one
 * channel (families: see {@link Reach}).
 */
public record Message(long id, MessageDraft draft, String status, String createdBy, String approvedBy, Instant createdAt,
        Instant plannedAt, Instant finishedAt, Map<String, Integer> deliveries, int reached) {
}
