package org.homeroom.platform.rest.internal;

import java.io.IOException;

/** The request body went over the configured limit while it was being read. */
final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
    }
}
