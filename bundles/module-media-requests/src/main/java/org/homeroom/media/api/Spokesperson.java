package org.homeroom.media.api;

/** Someone who speaks for the district; the rota gives Spanish-language outlets one who speaks Spanish, the least recently assigned first. */
public record Spokesperson(long id, String name, String email, boolean speaksSpanish, boolean active, int assignedCount) {

    public record Draft(String name, String email, Boolean speaksSpanish) {
    }
}
