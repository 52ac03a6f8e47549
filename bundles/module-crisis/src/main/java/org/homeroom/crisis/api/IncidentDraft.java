package org.homeroom.crisis.api;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/crisis/incidents}: {@code {"type","sites","severity","drill"}} and optionally the first
 * SRP {@code action}, a {@code summary}, {@code roles} ({@code {"lead":["ann"]}}) and {@code hold} (start a
 * communications hold for the sites, or the district when none).
 */
public record IncidentDraft(String type, List<String> sites, String severity, Boolean drill, String action, String summary,
        Map<String, List<String>> roles, Boolean hold) {
}
