package org.homeroom.events.api;

import java.time.Instant;
import java.util.List;

/**
 * A district event, in English and Spanish. {@code siteCodes} lists the sites it is for; empty means
 * district-wide. {@code audience} is families, staff or public; {@code status} is scheduled or cancelled
 * (a cancelled event is kept, with {@code cancelledReason}).
 */
public record Event(long id, String titleEn, String titleEs, String descriptionEn, String descriptionEs, Instant startsAt,
        Instant endsAt, String location, List<String> siteCodes, String audience, String status, String cancelledReason,
        Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    public static final String SCHEDULED = "scheduled";
    public static final String CANCELLED = "cancelled";

    public Event {
        siteCodes = siteCodes == null ? List.of() : List.copyOf(siteCodes);
    }
}
