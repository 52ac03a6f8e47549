package org.homeroom.openrecords.api;

/** A note on a request; {@code visibility}: internal (default), requester or public. */
public record NoteDraft(String text, String visibility) {
}
