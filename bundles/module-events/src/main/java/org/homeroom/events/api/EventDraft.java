package org.homeroom.events.api;

import java.time.Instant;
import java.util.List;

/**
 * What the communications office sends to create or replace an event. {@code audience} defaults to
 * families; {@code siteCodes} null or empty means district-wide.
 */
public record EventDraft(String titleEn, String titleEs, String descriptionEn, String descriptionEs, Instant startsAt,
        Instant endsAt, String location, List<String> siteCodes, String audience) {
}
