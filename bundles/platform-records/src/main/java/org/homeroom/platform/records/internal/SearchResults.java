package org.homeroom.platform.records.internal;

import java.util.List;

/** {@code GET /api/search?q=}: the words searched for and the best hits, best first. */
public record SearchResults(String query, List<String> terms, List<SearchHit> results) {
}
