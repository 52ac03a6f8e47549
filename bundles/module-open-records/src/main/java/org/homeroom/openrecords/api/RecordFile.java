package org.homeroom.openrecords.api;

import java.time.Instant;

/** A file of a request (a responsive record, a scan): {@code visibility} internal, requester or public. */
public record RecordFile(long id, String trackingNumber, String fileName, String contentType, long sizeBytes, String sha256,
        String visibility, Instant uploadedAt, String uploadedBy) {
}
