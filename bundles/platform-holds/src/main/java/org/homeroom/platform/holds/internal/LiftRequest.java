package org.homeroom.platform.holds.internal;

/** {@code POST /api/holds/{id}/lift}: {@code {"reason": "…"}} (optional). */
public record LiftRequest(String reason) {
}
