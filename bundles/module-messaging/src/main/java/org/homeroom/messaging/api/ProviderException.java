package org.homeroom.messaging.api;

/**
 * The provider did not accept a text or call. {@code retryable}: a rate limit, an outage, a timeout (try
 * again later, after {@code retryAfterSeconds} when the provider said); otherwise permanent (an invalid or
 * unreachable number), and the delivery fails with {@code getMessage()} as its reason. {@code throttled}: the
 * provider refused because the account is sending faster than it allows (HTTP 429): not the delivery's
 * fault, so it costs no attempt; the sender slows down instead.
 */
public class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean retryable;
    private final Integer retryAfterSeconds;
    private final boolean throttled;

    public ProviderException(String message, boolean retryable, Integer retryAfterSeconds) {
        this(message, retryable, retryAfterSeconds, false);
    }

    private ProviderException(String message, boolean retryable, Integer retryAfterSeconds, boolean throttled) {
        super(message);
        this.retryable = retryable;
        this.retryAfterSeconds = retryAfterSeconds;
        this.throttled = throttled;
    }

    /** The provider's rate limit: try again after {@code retryAfterSeconds} (null: the sender's own pause). */
    public static ProviderException throttled(String message, Integer retryAfterSeconds) {
        return new ProviderException(message, true, retryAfterSeconds, true);
    }

    public boolean throttled() {
        return throttled;
    }

    public boolean retryable() {
        return retryable;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
