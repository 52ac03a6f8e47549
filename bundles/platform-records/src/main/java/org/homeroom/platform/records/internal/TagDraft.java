package org.homeroom.platform.records.internal;

/** {@code POST /api/goals/{id}/records}: {@code {"ref": "module:kind:id"}}. */
public record TagDraft(String ref) {
}
