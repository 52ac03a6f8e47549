package org.homeroom.openrecords.api;

/**
 * Staff list filters; null means any. {@code overdue} true lists only requests past their target
 * date; {@code department} and {@code assignee} match unfinished assignments.
 */
public record RequestQuery(String status, String requesterType, boolean overdue, String text, String department, String assignee) {
}
