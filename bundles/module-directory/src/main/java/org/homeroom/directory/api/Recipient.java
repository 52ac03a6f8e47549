package org.homeroom.directory.api;

/**
 * One contact point of one person in an audience. {@code studentName} (families) is the student through
 * whom the guardian is reached, for merge fields; {@code allowed}: consent for the query's category.
 */
public record Recipient(String sourcedId, String givenName, String familyName, String language, String siteCode, String studentName,
        String channel, String value, boolean allowed) {
}
