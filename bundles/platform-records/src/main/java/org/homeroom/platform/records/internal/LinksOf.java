package org.homeroom.platform.records.internal;

import java.util.List;

/** {@code GET /api/links?ref=}: the record asked about and its links this user may see. */
public record LinksOf(RecordView record, List<Link> links) {
}
