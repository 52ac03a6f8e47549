package org.homeroom.platform.api.casework;

/**
 * Filters for {@link CaseworkService#find}: {@code type} is required; every other field null for all.
 * {@code open} true for open cases only, false for closed only. {@code requester} matches the start of the
 * requester's name, their email, or their phone digits.
 */
public record CaseQuery(String type, String state, Boolean open, String site, String topic, String team, String assignee,
        String requester) {

    public static CaseQuery of(String type) {
        return new CaseQuery(type, null, null, null, null, null, null, null);
    }
}
