package org.homeroom.openrecords.api;

/** Staff list filters; null means any. {@code overdue} true lists only requests past their target date. */
public record RequestQuery(String status, String requesterType, boolean overdue, String text) {
}
