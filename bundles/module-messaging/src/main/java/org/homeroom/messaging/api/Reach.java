package org.homeroom.messaging.api;

import java.util.List;

/**
 * Whom a message reached. {@code unit}: {@code family} (a student's family counts as reached when at least
 * one of the student's guardians got at least one delivery on any channel) or {@code person} (staff).
 * Every unit is in exactly one of: {@code reached}; {@code pending} (nothing sent yet, something still to
 * send); {@code notReached} (every delivery failed or was skipped); {@code noContact} (no usable contact
 * point at all). {@code failures}: failed and skipped deliveries by reason, most frequent first.
 */
public record Reach(long messageId, String unit, int total, int reached, int pending, int notReached, int noContact,
        List<SiteReach> bySite, List<Failure> failures) {

    /** The same counts for one site (null site: people without one, such as district staff). */
    public record SiteReach(String site, int total, int reached, int pending, int notReached, int noContact) {
    }

    public record Failure(String state, String reason, int deliveries) {
    }
}
