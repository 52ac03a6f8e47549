package org.homeroom.directory.api;

import java.time.Instant;
import java.util.List;

/**
 * The result of one OneRoster sync: what changed, and every row that was skipped with why. Bad rows are
 * never half-applied; everything else is. {@code contactsKeptOut} counts contact points that came in the
 * file but were refused because the family asked the district to delete them.
 */
public record ImportReport(long id, Instant startedAt, Instant finishedAt, int created, int updated, int unchanged, int deactivated,
        int links, int contacts, int contactsKeptOut, List<RowError> errors) {

    /** A skipped row: file, line number (1 = header), the row's sourcedId when it had one, and what is wrong. */
    public record RowError(String file, long line, String sourcedId, String message) {
    }
}
