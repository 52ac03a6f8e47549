package org.homeroom.platform.api.casework;

import java.time.Instant;

/**
 * A new case of {@code type} ({@code module:kind}). {@code site} (a site code) scopes it; null is a
 * district case that only district staff see. {@code sla} overrides the type's (a topic's SLA);
 * {@code requesterDeadline} is the requester's own deadline, kept apart from the office's due time and never in
 * the past. {@code topic}, {@code team} and {@code assignee} are the module's words, stored as given.
 */
public record CaseDraft(String type, Channel channel, Requester requester, String topic, String site, String team,
        String assignee, String subject, String text, SlaRule sla, Instant requesterDeadline) {
}
