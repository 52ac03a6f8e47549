package org.homeroom.media.api;

import java.time.Instant;

/** A news outlet. {@code language} (en, es) is the language it publishes in; Spanish-language outlets get a Spanish-speaking spokesperson. */
public record Outlet(long id, String name, String language, String kind, String website, String notes, Instant createdAt,
        String createdBy) {

    /** What staff send to add an outlet; {@code kind}: print, tv, radio, online, wire, student. */
    public record Draft(String name, String language, String kind, String website, String notes) {
    }
}
