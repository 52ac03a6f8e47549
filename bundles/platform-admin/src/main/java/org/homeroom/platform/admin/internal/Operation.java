package org.homeroom.platform.admin.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One install/start/stop/update/uninstall, as {@code GET /api/admin/operations/{id}} shows it.
 * {@code state}: queued, running, succeeded, failed. {@code steps} is the progress so far.
 */
public record Operation(String id, String moduleId, String action, String state, String message, List<String> steps,
        String requestedBy, Instant requestedAt, Instant finishedAt) {

    public Operation {
        steps = List.copyOf(steps);
    }

    Operation step(String step) {
        List<String> more = new ArrayList<>(steps);
        more.add(step);
        return new Operation(id, moduleId, action, "running", message, more, requestedBy, requestedAt, null);
    }

    Operation finish(boolean ok, String result) {
        List<String> more = new ArrayList<>(steps);
        more.add(ok ? "done" : "failed");
        return new Operation(id, moduleId, action, ok ? "succeeded" : "failed", result, more, requestedBy, requestedAt, Instant.now());
    }

    public boolean finished() {
        return "succeeded".equals(state) || "failed".equals(state);
    }
}
