package org.homeroom.platform.rest.internal;

import org.homeroom.platform.api.ProblemException;

/** 429 with the seconds the client should wait, which the problem mapper sends as {@code Retry-After}. */
final class TooManyRequestsException extends ProblemException {

    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    TooManyRequestsException(long retryAfterSeconds) {
        super(429, "Too many requests", "Too many requests from your address; try again in " + retryAfterSeconds + " seconds.");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
