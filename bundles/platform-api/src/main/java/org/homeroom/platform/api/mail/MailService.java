package org.homeroom.platform.api.mail;

import java.sql.Connection;
import java.util.Optional;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's outbox. A message is stored first and delivered by a background worker with retries
 * and backoff, so a slow or unreachable SMTP server never fails the request that sent it, and a crash
 * loses nothing that was queued. {@code origin} says who sent it and about what, e.g.
 * {@code open-records:ORR-2026-00042}.
 *
 * <p>Delivery is at least once: a crash between the SMTP server's acceptance and the outbox recording
 * it sends that one message again on restart.
 */
@ProviderType
public interface MailService {

    /**
     * Queues a message inside the caller's transaction ({@code Database#inTransaction}): it is sent only
     * if that transaction commits. Invalid messages (no recipient, a malformed address, no subject or
     * text) throw a 422 {@link org.homeroom.platform.api.ProblemException}.
     *
     * @return the message's id in the outbox
     */
    long queue(Connection transaction, MailMessage message, String origin);

    /** Queues a message in its own transaction. */
    long queue(MailMessage message, String origin);

    Optional<MailStatus> status(long id);

    /** The outbox, newest first; {@code state} and {@code origin} (a prefix) null for all. */
    Page<MailStatus> find(String state, String origin, PageRequest page);
}
