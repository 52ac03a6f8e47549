package org.homeroom.platform.records.internal;

import java.time.Instant;

/** A goal, guardrail or indicator of the district's strategic plan, named in English and Spanish. */
public record Goal(long id, String kind, String name, String nameEs, Instant createdAt, Instant updatedAt) {
}
