package org.homeroom.media.api;

import java.time.Instant;
import java.time.LocalDate;

/** One story an outlet ran: link, date, tone (positive, neutral, negative), the campaign it counts for. */
public record Coverage(long id, long outletId, String outletName, Long requestId, String url, String headline, LocalDate publishedOn,
        String tone, String campaign, Instant createdAt, String createdBy) {

    public record Draft(Long outletId, Long requestId, String url, String headline, LocalDate publishedOn, String tone, String campaign) {
    }
}
