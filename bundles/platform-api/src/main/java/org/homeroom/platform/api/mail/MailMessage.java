package org.homeroom.platform.api.mail;

import java.util.List;
import java.util.Map;

/**
 * One email. {@code text} is required (every message has a plain-text body, which screen readers and
 * text-only clients read); {@code html} is optional. {@code headers} carries extra headers such as
 * {@code List-Unsubscribe}. The sender is the platform's configured address.
 */
public record MailMessage(List<String> to, String subject, String text, String html, String replyTo,
        List<MailAttachment> attachments, Map<String, String> headers) {

    /** A plain-text message to one address. */
    public static MailMessage text(String to, String subject, String text) {
        return new MailMessage(List.of(to), subject, text, null, null, List.of(), Map.of());
    }

    /** This message with one more attachment. */
    public MailMessage attach(MailAttachment attachment) {
        List<MailAttachment> all = new java.util.ArrayList<>(attachments == null ? List.of() : attachments);
        all.add(attachment);
        return new MailMessage(to, subject, text, html, replyTo, List.copyOf(all), headers);
    }
}
