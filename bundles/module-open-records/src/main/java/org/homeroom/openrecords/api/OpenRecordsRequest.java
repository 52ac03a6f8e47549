package org.homeroom.openrecords.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A request as staff see it. {@code status}: received, acknowledged, in-progress, clarification-needed,
 * awaiting-payment, closed; {@code closure} (when closed): fulfilled, partially-fulfilled, denied,
 * no-records, withdrawn. {@code due}: on-time, due-soon, overdue (business days against the target
 * date), or closed.
 */
public record OpenRecordsRequest(long id, String trackingNumber, String channel, String name, String email, String phone,
        String organisation, String requesterType, String language, String description, String preferredFormat,
        boolean commercialPurpose, String status, String closure, LocalDate receivedOn, LocalDate acknowledgeBy,
        LocalDate targetDate, String due, Instant acknowledgedAt, Instant closedAt, BigDecimal feeTotal,
        BigDecimal paidTotal, Instant createdAt, String createdBy) {
}
