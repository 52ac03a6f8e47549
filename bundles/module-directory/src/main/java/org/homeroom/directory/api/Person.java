package org.homeroom.directory.api;

import java.time.Instant;

/**
 * A student, guardian or staff member. Students carry only what communication needs: name, site and
 * grade. {@code language} is the preferred language (en, es, …) for everything the family reads.
 */
public record Person(String sourcedId, String kind, String givenName, String familyName, String siteCode, String grade,
        String language, boolean active, Instant updatedAt) {
}
