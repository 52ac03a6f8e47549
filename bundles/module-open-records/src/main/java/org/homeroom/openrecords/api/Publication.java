package org.homeroom.openrecords.api;

import java.time.Instant;
import java.util.List;

/**
 * What of a request the public archive shows, for staff. {@code state}: none (nothing was ever
 * published), published, withdrawn, or review (made from public notes by the upgrade that introduced
 * per-item publication: nothing of it is public until staff write a summary and publish it).
 * {@code files} are the request's released files, each saying whether it is in the archive.
 */
public record Publication(String trackingNumber, String state, String summary, List<PublishableFile> files, Instant publishedAt,
        Instant updatedAt, String updatedBy) {
    public Publication {
        files = List.copyOf(files);
    }

    /** A file released to the requester (or the public) and whether the archive shows it. */
    public record PublishableFile(long id, String fileName, String visibility, boolean published) {
    }
}
