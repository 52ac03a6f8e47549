package org.homeroom.openrecords.api;

/**
 * A letter to render: {@code kind} acknowledgement, clarification, fee-estimate or closing;
 * {@code language} en or es (default: the requester's); {@code message} free text merged into the
 * letter (the clarification question; optional elsewhere); {@code email} false to keep it for post
 * (default: emailed when the requester gave an address).
 */
public record LetterDraft(String kind, String language, String message, Boolean email) {
}
