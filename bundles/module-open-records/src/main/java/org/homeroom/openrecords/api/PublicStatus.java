package org.homeroom.openrecords.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** What the requester sees with the tracking number and token: no internal notes, nobody else's data. */
public record PublicStatus(String trackingNumber, String status, String closure, LocalDate receivedOn, LocalDate targetDate,
        FeeEstimate fee, BigDecimal amountDue, List<Entry> messages) {
}
