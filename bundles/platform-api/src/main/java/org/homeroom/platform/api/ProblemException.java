package org.homeroom.platform.api;

import java.util.List;

/** Thrown anywhere in a request; the platform answers with the matching problem+json. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ProblemException badRequest(String detail) { return new ProblemException(400, "Bad request", detail); }
    public static ProblemException unauthorized(String detail) { return new ProblemException(401, "Authentication required", detail); }
    public static ProblemException forbidden(String detail) { return new ProblemException(403, "Forbidden", detail); }
    public static ProblemException notFound(String detail) { return new ProblemException(404, "Not found", detail); }
    public static ProblemException conflict(String detail) { return new ProblemException(409, "Conflict", detail); }
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(422, "Validation failed", "The request has invalid fields: "
                + String.join(", ", errors.stream().map(FieldError::field).distinct().toList()) + ".", errors);
    }

    public int status() { return status; }
    public String title() { return title; }
    public List<FieldError> errors() { return errors; }
}
