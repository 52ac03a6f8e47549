package org.homeroom.openrecords.api;

import java.time.LocalDate;

/** What the requester keeps: the tracking number and the secret token that shows its status. */
public record Receipt(String trackingNumber, String token, String status, LocalDate acknowledgeBy, LocalDate targetDate,
        String messageEn, String messageEs) {
}
