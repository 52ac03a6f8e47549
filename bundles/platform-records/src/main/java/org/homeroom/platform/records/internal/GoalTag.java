package org.homeroom.platform.records.internal;

import java.time.Instant;

/** A record tagged with a goal, as this user may be shown it. */
public record GoalTag(long goalId, RecordView record, String taggedBy, Instant taggedAt) {
}
