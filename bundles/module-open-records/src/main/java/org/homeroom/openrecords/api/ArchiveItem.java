package org.homeroom.openrecords.api;

import java.time.Instant;
import java.util.List;

/**
 * A request's entry in the public archive: only what staff chose for the public, item by item — the
 * summary a staff member wrote for the archive (null when only files were published) and the released
 * files they picked. Never the requester's name, contact details or own description, never a note.
 */
public record ArchiveItem(String trackingNumber, String summary, List<ArchiveFile> files, Instant publishedAt) {
    public ArchiveItem {
        files = List.copyOf(files);
    }

    /** A file published in the archive, downloadable at {@code /api/open-records/archive/files/{id}}. */
    public record ArchiveFile(long id, String fileName, String contentType, long sizeBytes, String sha256) {
    }
}
