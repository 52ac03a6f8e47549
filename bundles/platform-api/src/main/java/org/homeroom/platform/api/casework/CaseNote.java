package org.homeroom.platform.api.casework;

import java.time.Instant;

/**
 * A note on a case: internal (staff only) or to the requester ({@code toRequester}); a reply sent from a template
 * is a note to the requester with {@code mailId} the outbox message and {@code template} the template's key.
 */
public record CaseNote(long id, long caseId, boolean toRequester, String text, String author, Instant at, String template,
        Long mailId) {
}
