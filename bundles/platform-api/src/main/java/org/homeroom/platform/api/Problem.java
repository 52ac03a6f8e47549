package org.homeroom.platform.api;

import java.util.List;

/** An RFC 9457 problem detail, served as {@code application/problem+json}. */
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
