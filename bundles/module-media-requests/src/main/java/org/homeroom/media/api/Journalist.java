package org.homeroom.media.api;

import java.time.Instant;

/** A reporter at an outlet, with the language they work in, their beat, contacts and the office's notes. */
public record Journalist(long id, long outletId, String name, String language, String beat, String email, String phone,
        String notes, Instant createdAt, String createdBy) {

    /** {@code language} defaults to the outlet's. */
    public record Draft(String name, String language, String beat, String email, String phone, String notes) {
    }
}
