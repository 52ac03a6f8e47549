package org.homeroom.messaging.api;

/**
 * The provider did not accept a text or call. {@code retryable}: a rate limit, an outage, a timeout (try
 * again later, after {@code retryAfterSeconds} when the provider said); otherwise permanent (an invalid or
 * unreachable number), and the delivery fails with {@code getMessage()} as its reason.
 */
public class ProviderException extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean retryable;
    private final Integer retryAfterSeconds;

    public ProviderException(String message, boolean retryable, Integer retryAfterSeconds) {
        super(message);
        this.retryable = retryable;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public boolean retryable() {
        return retryable;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
