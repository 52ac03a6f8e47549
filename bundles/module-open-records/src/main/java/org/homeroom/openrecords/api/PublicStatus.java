package org.homeroom.openrecords.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What the requester sees with the tracking number and token: no internal notes or files, nobody
 * else's data. {@code files} are the files released to them, downloadable with the same token.
 */
public record PublicStatus(String trackingNumber, String status, String closure, LocalDate receivedOn, LocalDate targetDate,
        FeeEstimate fee, BigDecimal amountDue, List<Entry> messages, List<RecordFile> files) {
}
