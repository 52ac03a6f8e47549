package org.homeroom.platform.mail.internal;

import java.time.Instant;

import org.homeroom.platform.api.mail.MailMessage;

/** A queued message as the worker reads it back. */
record StoredMail(long id, String origin, MailMessage message, Instant queuedAt, int attempts) {

    /** The same Message-ID on every attempt, so a resend after a crash can be recognised as a duplicate by the receiver. */
    String messageId(String fromAddress) {
        String domain = fromAddress.substring(fromAddress.indexOf('@') + 1);
        return "<homeroom." + id + "." + queuedAt.toEpochMilli() + "@" + domain + ">";
    }
}
