package org.homeroom.platform.api.mail;

import java.time.Instant;
import java.util.List;

/**
 * Where a queued message is. {@code state}: queued (waiting for its next attempt), sent (the SMTP
 * server accepted it), logged (the log-only transport of demo mode wrote it to the log instead),
 * failed (gave up after the configured attempts; {@code lastError} says why).
 */
public record MailStatus(long id, String origin, List<String> to, String subject, String state, int attempts,
        Instant queuedAt, Instant nextAttemptAt, Instant sentAt, String lastError) {
}
