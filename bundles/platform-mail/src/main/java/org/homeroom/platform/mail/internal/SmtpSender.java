package org.homeroom.platform.mail.internal;

import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLException;

import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.homeroom.platform.api.mail.MailAttachment;
import org.homeroom.platform.api.mail.MailMessage;

/** Builds the MIME message and hands it to the SMTP server (Angus Mail), always under {@link MailClassLoader}. */
final class SmtpSender {

    /**
     * Why an attempt failed, in words an administrator can act on. {@code permanent}: retrying cannot
     * help; {@code unreachable}: the server could not be reached at all, so other messages would fail the same way.
     */
    static final class SendFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean permanent;
        final boolean unreachable;

        SendFailure(String reason, boolean permanent, boolean unreachable, Throwable cause) {
            super(reason, cause);
            this.permanent = permanent;
            this.unreachable = unreachable;
        }
    }

    private SmtpSender() {
    }

    /** Sends the message; returns the Message-ID the server accepted. */
    static String send(MailSettings settings, StoredMail mail, Instant now) throws SendFailure {
        try {
            return MailClassLoader.call(() -> {
                Session session = Session.getInstance(properties(settings));
                MimeMessage message = build(session, settings, mail, now);
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
                    transport.sendMessage(message, message.getAllRecipients());
                }
                return message.getMessageID();
            });
        } catch (Exception e) {
            throw describe(e, settings);
        }
    }

    static Properties properties(MailSettings s) {
        Properties p = new Properties();
        p.put("mail.smtp.host", s.host());
        p.put("mail.smtp.port", String.valueOf(s.port()));
        p.put("mail.smtp.from", s.fromAddress()); // envelope sender: bounces go to the office
        p.put("mail.smtp.connectiontimeout", String.valueOf(s.connectTimeoutMillis()));
        p.put("mail.smtp.timeout", String.valueOf(s.timeoutMillis()));
        p.put("mail.smtp.writetimeout", String.valueOf(s.timeoutMillis())); // a stalled server must not hold the worker
        p.put("mail.smtp.auth", String.valueOf(s.username() != null));
        if (s.security().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true"); // never fall back to sending in clear
        } else if (s.security().equals("ssl")) {
            p.put("mail.smtp.ssl.enable", "true");
        }
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        return p;
    }

    static MimeMessage build(Session session, MailSettings settings, StoredMail mail, Instant now)
            throws MessagingException, UnsupportedEncodingException {
        MailMessage m = mail.message();
        String messageId = mail.messageId(settings.fromAddress());
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId); // stable across attempts; no local host name lookup
            }
        };
        message.setFrom(new InternetAddress(settings.fromAddress(), settings.fromName(), "UTF-8"));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", m.to()), true));
        if (m.replyTo() != null) {
            message.setReplyTo(InternetAddress.parse(m.replyTo(), true));
        }
        message.setSubject(m.subject(), "UTF-8");
        message.setSentDate(Date.from(now));
        for (Map.Entry<String, String> header : m.headers().entrySet()) {
            message.setHeader(header.getKey(), MimeUtility.fold(header.getKey().length() + 2, MimeUtility.encodeText(header.getValue(), "UTF-8", null)));
        }

        MimeMultipart alternative = null;
        if (m.html() != null) { // the plain text stays first: text-only clients and screen readers take it
            alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(m.text(), "UTF-8");
            alternative.addBodyPart(text);
            MimeBodyPart html = new MimeBodyPart();
            html.setText(m.html(), "UTF-8", "html");
            alternative.addBodyPart(html);
        }
        if (m.attachments().isEmpty()) {
            if (alternative == null) {
                message.setText(m.text(), "UTF-8");
            } else {
                message.setContent(alternative);
            }
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            if (alternative == null) {
                body.setText(m.text(), "UTF-8");
            } else {
                body.setContent(alternative);
            }
            mixed.addBodyPart(body);
            for (MailAttachment a : m.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
                part.setFileName(a.fileName()); // non-ASCII names are RFC 2231-encoded by Angus
                part.setDisposition(Part.ATTACHMENT);
                // byte for byte: left to itself Angus sends ASCII-only content as 7bit and rewrites its line ends to CRLF
                part.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }

    /** Turns what Angus throws into a reason a person can act on, and whether it is worth retrying. */
    static SendFailure describe(Exception e, MailSettings s) {
        String server = s.host() + ":" + s.port();
        if (e instanceof SendFailedException failed && failed.getInvalidAddresses() != null && failed.getInvalidAddresses().length > 0) {
            // 5xx to RCPT TO: the server will never take these addresses; the whole message was not sent
            List<String> refused = new ArrayList<>();
            for (Exception next = failed.getNextException(); next != null;
                    next = next instanceof MessagingException me ? me.getNextException() : null) {
                if (next instanceof SMTPAddressFailedException address) {
                    refused.add(address.getAddress() + " (" + oneLine(address.getMessage()) + ")");
                }
            }
            String who = refused.isEmpty() ? java.util.Arrays.toString(failed.getInvalidAddresses()) : String.join(", ", refused);
            return new SendFailure("the server " + server + " refused the address " + who, true, false, e);
        }
        Throwable t = e;
        for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) { // MessagingException's cause is its next exception
            if (t instanceof ConnectException) {
                return new SendFailure("connection refused by " + server, false, true, e);
            }
            if (t instanceof UnknownHostException) {
                return new SendFailure("unknown mail server host '" + s.host() + "'", false, true, e);
            }
            if (t instanceof SocketTimeoutException) {
                return new SendFailure(server + " did not answer in time (connect " + s.connectTimeoutMillis() / 1000 + " s, read "
                        + s.timeoutMillis() / 1000 + " s)", false, true, e);
            }
            if (t instanceof AuthenticationFailedException) {
                return new SendFailure("the server " + server + " refused the login of '" + s.username() + "': " + oneLine(t.getMessage()), false, false, e);
            }
            if (t instanceof SSLException) {
                return new SendFailure("TLS with " + server + " failed: " + oneLine(t.getMessage()), false, false, e);
            }
        }
        return new SendFailure("sending through " + server + " failed: " + oneLine(String.valueOf(e.getMessage())), false, false, e);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
