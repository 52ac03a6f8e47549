package org.homeroom.messaging.api;

import java.time.Instant;
import java.util.List;

/**
 * A message to write. {@code kind}: letter, call, text, memo, newsletter; {@code category}: emergency,
 * attendance, school-mission, general, promotional; {@code channels}: email, sms, voice; {@code audience}:
 * role families|staff, sites, grades, custom list; {@code site}: the one school a site's staff send for
 * (null: district-wide, comms only); {@code maxSegments}: the longest text allowed (default 2).
 */
public record MessageDraft(String kind, String category, List<String> channels, Audience audience, String site, Content content,
        Integer maxSegments, Instant scheduledAt) {

    public record Audience(String role, List<String> sites, List<String> grades, List<String> sourcedIds) {
    }
}
