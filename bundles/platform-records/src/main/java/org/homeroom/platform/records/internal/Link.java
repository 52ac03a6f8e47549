package org.homeroom.platform.records.internal;

import java.time.Instant;

/** A link as seen from one record: the record at the other end (as this user may be shown it). */
public record Link(long id, RecordView other, String direction, String note, String createdBy, Instant createdAt) {
}
