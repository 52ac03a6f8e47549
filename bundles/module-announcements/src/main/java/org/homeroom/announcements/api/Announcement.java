package org.homeroom.announcements.api;

import java.time.Instant;

/**
 * An announcement of one site, in English and Spanish. {@code status} is derived from the publish
 * window and withdrawal: scheduled, current, expired or withdrawn.
 */
public record Announcement(long id, String site, String titleEn, String titleEs, String bodyEn, String bodyEs,
        boolean spanishMachineTranslated, Instant publishFrom, Instant publishUntil, Instant withdrawnAt, String status,
        Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {
}
