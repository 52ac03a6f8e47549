package org.homeroom.openrecords.api;

/** Not an open records request: where to go instead (no request was created). */
public record Redirect(String reason, String messageEn, String messageEs, String where) {
}
