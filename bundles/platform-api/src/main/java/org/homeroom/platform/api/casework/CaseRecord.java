package org.homeroom.platform.api.casework;

import java.time.Instant;

import org.homeroom.platform.api.records.RecordRef;

/**
 * One case. {@code dueAt} is the office's due time on the business calendar (null: no SLA),
 * {@code firstResponseDueAt} the first-response target, {@code requesterDeadline} the requester's own.
 * {@code firstResponseAt} is set by the first reply or note to the requester; {@code closedAt} when the case
 * enters a closed state (cleared if it reopens). {@code convertedTo} is the record it became, if any.
 */
public record CaseRecord(long id, String type, String state, Channel channel, Requester requester, String topic, String site,
        String team, String assignee, String subject, String text, Instant openedAt, String openedBy,
        Instant firstResponseDueAt, Instant dueAt, Instant requesterDeadline, Instant firstResponseAt, Instant closedAt,
        Instant updatedAt, RecordRef convertedTo) {

    /** {@code module:kind:id}, e.g. {@code inquiries:inquiry:42}. */
    public RecordRef ref() {
        String[] mk = type.split(":", 2);
        return new RecordRef(mk[0], mk[1], String.valueOf(id));
    }

    public boolean closed() {
        return closedAt != null;
    }

    /** Open and past its due time at {@code now}. */
    public boolean pastDue(Instant now) {
        return closedAt == null && dueAt != null && dueAt.isBefore(now);
    }
}
