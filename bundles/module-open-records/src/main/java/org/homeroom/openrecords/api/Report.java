package org.homeroom.openrecords.api;

import java.util.List;
import java.util.Map;

/**
 * The office's numbers: open requests by status, how many are overdue, the median business days from
 * receipt to closing, and requests received and closed per month and requester type.
 */
public record Report(Map<String, Integer> openByStatus, int overdue, Double medianBusinessDaysToClose, List<MonthRow> byMonth) {

    /** One month and requester type. */
    public record MonthRow(String month, String requesterType, int received, int closed) {
    }
}
