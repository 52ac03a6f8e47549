package org.homeroom.openrecords.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Due-soon and overdue reminders: a digest to the office's address listing each open request that is
 * due soon or overdue and who owes work on it. Runs on a schedule; each request is reminded at most once
 * a day per kind, however often it runs.
 */
@ProviderType
public interface OpenRecordsReminders {

    ReminderRun remindNow(String actor);
}
