package org.homeroom.inquiries.internal;

import java.time.Instant;

/** A contact logged by staff: the channel it came by plus the web form's fields and an optional caller's own deadline. */
public record StaffInquiry(String channel, String name, String email, String phone, String language, String message, String site,
        String topic, Instant requesterDeadline) {
}
