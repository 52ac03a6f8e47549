package org.homeroom.platform.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Parses query parameters as strings so a bad value gets a 422 that names it. */
public final class QueryParams {

    private QueryParams() {
    }

    public static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(List.of(new FieldError(name, "must be a whole number, got '" + abbreviate(value) + "'")));
        }
    }

    /** An ISO-8601 instant ({@code 2026-11-24T08:00:00Z}) or a date ({@code 2026-11-24}, midnight UTC). */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(List.of(new FieldError(name,
                    "must be an ISO-8601 date or instant such as 2026-11-24 or 2026-11-24T08:00:00Z, got '" + abbreviate(value) + "'")));
        }
    }

    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
