package org.homeroom.platform.api.holds;

import java.util.List;

/** {@code {"sites": ["E01"], "reason": "…"}}; no sites (or none given) holds the whole district. */
public record HoldDraft(List<String> sites, String reason) {
}
