package org.homeroom.platform.records.internal;

/** {@code {"name": "…", "nameEs": "…", "kind": "goal|guardrail|indicator"}}. */
public record GoalDraft(String name, String nameEs, String kind) {
}
