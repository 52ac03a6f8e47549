package org.homeroom.platform.api;

/** One reason a field of the request was refused. */
public record FieldError(String field, String message) {
}
