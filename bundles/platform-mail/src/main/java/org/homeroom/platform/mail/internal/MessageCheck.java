package org.homeroom.platform.mail.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.mail.MailAttachment;
import org.homeroom.platform.api.mail.MailMessage;

/**
 * Checks a message before it is queued, so nothing that reaches the worker can be refused for its form
 * or smuggle headers: CR/LF in the subject, a header or an address would let the caller write headers
 * of their own (header injection, e.g. a Bcc to anyone).
 */
final class MessageCheck {

    static final int MAX_RECIPIENTS = 50;
    static final int MAX_SUBJECT = 300;
    static final int MAX_BODY = 1_000_000;
    static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024;
    static final int MAX_HEADERS = 20;
    static final int MAX_ORIGIN = 200;
    static final String OCTET_STREAM = "application/octet-stream";

    /** A plain dot-atom address: no display name, quotes, comments, commas or spaces (what the outbox stores comma-separated). */
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");
    /** RFC 5322 field name: printable ASCII without ':' and space. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]{1,76}");
    private static final Pattern CONTENT_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+( *;[ -~]*)?");
    /** Headers the platform writes itself. */
    private static final Set<String> RESERVED = Set.of("from", "sender", "to", "cc", "bcc", "subject", "reply-to", "date", "message-id",
            "mime-version", "return-path", "received");

    private MessageCheck() {
    }

    /** The message as it will be stored (addresses trimmed, file names made safe, content types defaulted), or a 422 naming every bad field. */
    static MailMessage checked(MailMessage m, String origin) {
        Validation v = new Validation();
        v.required("origin", origin).maxLength("origin", origin, MAX_ORIGIN)
                .check(origin == null || !CONTROL.matcher(origin).find(), "origin", "must be one line without control characters");
        if (m == null) {
            v.check(false, "message", "is required").throwIfInvalid();
        }
        List<String> to = new ArrayList<>();
        if (m.to() == null || m.to().isEmpty()) {
            v.check(false, "to", "needs at least one address");
        } else if (m.to().size() > MAX_RECIPIENTS) {
            v.check(false, "to", "must have at most " + MAX_RECIPIENTS + " addresses (send several messages)");
        } else {
            for (int i = 0; i < m.to().size(); i++) {
                String address = m.to().get(i) == null ? null : m.to().get(i).trim();
                v.check(plausible(address), "to[" + i + "]", "must be an email address such as name@example.org");
                to.add(address);
            }
        }
        v.required("subject", m.subject()).maxLength("subject", m.subject(), MAX_SUBJECT)
                .check(m.subject() == null || !CONTROL.matcher(m.subject()).find(), "subject", "must be one line (no line breaks or control characters)");
        v.required("text", m.text()).maxLength("text", m.text(), MAX_BODY).maxLength("html", m.html(), MAX_BODY);
        String replyTo = m.replyTo() == null || m.replyTo().isBlank() ? null : m.replyTo().trim();
        v.check(replyTo == null || plausible(replyTo), "replyTo", "must be an email address such as name@example.org");

        List<MailAttachment> attachments = new ArrayList<>();
        long total = 0;
        List<MailAttachment> given = m.attachments() == null ? List.of() : m.attachments();
        for (int i = 0; i < given.size(); i++) {
            MailAttachment a = given.get(i);
            String field = "attachments[" + i + "]";
            if (a == null || a.content() == null) {
                v.check(false, field + ".content", "is required");
                continue;
            }
            String type = a.contentType() == null || a.contentType().isBlank() ? OCTET_STREAM : a.contentType().trim();
            v.check(type.length() <= 200 && CONTENT_TYPE.matcher(type).matches(), field + ".contentType", "must be a media type such as application/pdf");
            total += a.content().length;
            attachments.add(new MailAttachment(safeFileName(a.fileName()), type, a.content()));
        }
        v.check(total <= MAX_ATTACHMENT_BYTES, "attachments", "must be at most 10 MiB together");

        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> givenHeaders = m.headers() == null ? Map.of() : m.headers();
        v.check(givenHeaders.size() <= MAX_HEADERS, "headers", "must be at most " + MAX_HEADERS);
        givenHeaders.forEach((name, value) -> {
            String field = "headers[" + name + "]";
            boolean nameOk = name != null && HEADER_NAME.matcher(name).matches();
            v.check(nameOk, field, "must be a header name of printable ASCII letters without ':' or spaces");
            v.check(!nameOk || !RESERVED.contains(name.toLowerCase(Locale.ROOT)) && !name.toLowerCase(Locale.ROOT).startsWith("content-"),
                    field, "is set by the platform and cannot be given");
            v.check(value != null && !value.isBlank() && value.length() <= 998 && !CONTROL.matcher(value).find(),
                    field, "must be one line of at most 998 characters");
            headers.put(name, value == null ? null : value.trim());
        });
        v.throwIfInvalid();
        return new MailMessage(List.copyOf(to), m.subject().trim(), m.text(), m.html() == null || m.html().isBlank() ? null : m.html(),
                replyTo, List.copyOf(attachments), headers);
    }

    static boolean plausible(String address) {
        return address != null && address.length() <= 254 && ADDRESS.matcher(address).matches();
    }

    /** The last path segment, without control and shell/Windows-special characters, at most 200 characters with its extension kept. */
    static String safeFileName(String name) {
        String base = name == null ? "" : name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        base = CONTROL.matcher(base).replaceAll("").replaceAll("[\"*:<>?|\\t]", "_").strip();
        while (base.startsWith(".")) { // no hidden files, no ".."
            base = base.substring(1);
        }
        if (base.isBlank()) {
            return "attachment";
        }
        if (base.length() > 200) {
            int dot = base.lastIndexOf('.');
            String extension = dot > 0 && base.length() - dot <= 10 ? base.substring(dot) : "";
            base = base.substring(0, 200 - extension.length()) + extension;
        }
        return base;
    }
}
