package org.homeroom.platform.mail.internal;

import java.time.Duration;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link MailConfig}, checked: a wrong value falls back to a safe one with a warning rather than taking mail down. */
record MailSettings(String transport, String host, int port, String security, String username, String password,
        String fromAddress, String fromName, int connectTimeoutMillis, int timeoutMillis, int maxAttempts,
        int retrySeconds, int pollSeconds) {

    static final String LOG = "log";
    static final String SMTP = "smtp";
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(MailSettings.class);

    static MailSettings of(MailConfig c) {
        String transport = lower(c.transport());
        if (!transport.equals(SMTP) && !transport.equals(LOG)) {
            // a typo must not make modules lose their mail service; "logged" in the outbox shows it
            LOGGER.warn("Mail transport '{}' is neither smtp nor log: using log, nothing is sent", c.transport());
            transport = LOG;
        }
        String security = lower(c.security());
        if (!security.equals("none") && !security.equals("starttls") && !security.equals("ssl")) {
            LOGGER.warn("Mail security '{}' is not none, starttls or ssl: using starttls", c.security());
            security = "starttls";
        }
        if (!MessageCheck.plausible(c.fromAddress().trim())) {
            // every message would then fail with this reason in LAST_ERROR; say it once, up front
            LOGGER.warn("Mail fromAddress '{}' is not an email address: the server will refuse every message", c.fromAddress());
        }
        return new MailSettings(transport, c.host().trim(), c.port(), security, blankToNull(c.username()), blankToNull(c.password()),
                c.fromAddress().trim(), c.fromName().trim(), Math.max(1000, c.connectTimeoutMillis()), Math.max(1000, c.timeoutMillis()),
                Math.max(1, c.maxAttempts()), Math.max(1, c.retrySeconds()), Math.max(1, c.pollSeconds()));
    }

    boolean logOnly() {
        return LOG.equals(transport);
    }

    /** Wait after the {@code attempts}-th failed attempt: retrySeconds, doubling, at most an hour. */
    Duration backoff(int attempts) {
        long seconds = (long) retrySeconds << Math.min(Math.max(attempts - 1, 0), 20);
        return seconds >= MAX_BACKOFF.toSeconds() ? MAX_BACKOFF : Duration.ofSeconds(seconds);
    }

    /**
     * How long a claimed message is hidden from other workers while it is being sent. Longer than any
     * send can take (connect + every read/write timing out), so a second node never sends it meanwhile;
     * if this node dies mid-send the message becomes due again after it (the at-least-once window).
     */
    Duration claimLease() {
        return Duration.ofMillis(Math.max(Duration.ofMinutes(10).toMillis(), 10L * (connectTimeoutMillis + timeoutMillis)));
    }

    @Override
    public String toString() { // never the password
        return "transport=" + transport + (logOnly() ? "" : ", " + security + "://" + host + ":" + port
                + (username == null ? "" : " as " + username)) + ", from=" + fromAddress;
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
