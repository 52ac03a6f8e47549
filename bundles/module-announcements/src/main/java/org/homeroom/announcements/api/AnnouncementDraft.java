package org.homeroom.announcements.api;

import java.time.Instant;

/**
 * What staff send. {@code publishFrom} defaults to now and {@code publishUntil} to the site's
 * {@code defaultDays} setting after it; {@code spanishMachineTranslated} marks Spanish text that no
 * person has reviewed yet (language-access policy).
 */
public record AnnouncementDraft(String titleEn, String titleEs, String bodyEn, String bodyEs, Boolean spanishMachineTranslated,
        Instant publishFrom, Instant publishUntil) {
}
