package org.homeroom.media.api;

import java.time.Instant;

/**
 * A statement, news release or media advisory, in English and Spanish. It is a draft until someone other than
 * its author approves it; only then may it be given out.
 */
public record Statement(long id, String kind, Long requestId, String titleEn, String titleEs, String bodyEn, String bodyEs,
        String status, String approvedBy, Instant approvedAt, Instant createdAt, String createdBy) {

    /** {@code kind}: statement, release, advisory. */
    public record Draft(String kind, Long requestId, String titleEn, String titleEs, String bodyEn, String bodyEs) {
    }
}
