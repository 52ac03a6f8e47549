package org.homeroom.openrecords.api;

import java.util.List;

/** One reminder check: the requests reminded now (each at most once a day per kind) and the digest email. */
public record ReminderRun(int dueSoon, int overdue, List<String> trackingNumbers, Long mailId) {
}
