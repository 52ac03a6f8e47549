package org.homeroom.platform.records.internal;

/** {@code POST /api/links}: {@code {"from": "module:kind:id", "to": "module:kind:id", "note": "…"}}. */
public record LinkDraft(String from, String to, String note) {
}
