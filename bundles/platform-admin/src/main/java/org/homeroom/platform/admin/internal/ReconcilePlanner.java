package org.homeroom.platform.admin.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What to do so the container matches the desired set. Pure: the same inputs always give the same
 * steps, so every node sharing a database plans the same and converges.
 */
final class ReconcilePlanner {

    /** A desired row; {@code state} is started, stopped or absent; {@code version} null = any. */
    record Desired(String moduleId, String state, String version) {
    }

    /** What this container has now. */
    record Actual(String moduleId, boolean installed, String version, boolean started) {
    }

    enum Kind { ADOPT_STARTED, ADOPT_STOPPED, INSTALL, START, STOP, UPDATE, UNINSTALL }

    record Step(Kind kind, String moduleId, String version) {
    }

    private ReconcilePlanner() {
    }

    /**
     * @param available module ids some features repository offers, with their versions
     * @return steps in a stable order (by module id); modules installed by hand with no desired row are adopted
     */
    static List<Step> plan(Map<String, Desired> desired, Map<String, Actual> actual, Map<String, List<String>> available) {
        List<Step> steps = new ArrayList<>();
        for (Actual a : new TreeMap<>(actual).values()) {
            if (a.installed() && !desired.containsKey(a.moduleId())) {
                steps.add(new Step(a.started() ? Kind.ADOPT_STARTED : Kind.ADOPT_STOPPED, a.moduleId(), a.version()));
            }
        }
        for (Desired d : new TreeMap<>(desired).values()) {
            Actual a = actual.getOrDefault(d.moduleId(), new Actual(d.moduleId(), false, null, false));
            List<String> versions = available.getOrDefault(d.moduleId(), List.of());
            boolean wantedVersionAvailable = d.version() == null || versions.contains(d.version());
            switch (d.state()) {
                case "absent" -> {
                    if (a.installed()) {
                        steps.add(new Step(Kind.UNINSTALL, d.moduleId(), a.version()));
                    }
                }
                case "started", "stopped" -> {
                    if (!a.installed()) {
                        if (!versions.isEmpty() && wantedVersionAvailable) {
                            steps.add(new Step(Kind.INSTALL, d.moduleId(), d.version()));
                            if ("stopped".equals(d.state())) {
                                steps.add(new Step(Kind.STOP, d.moduleId(), d.version()));
                            }
                        }
                        continue;
                    }
                    if (d.version() != null && !d.version().equals(a.version()) && wantedVersionAvailable) {
                        steps.add(new Step(Kind.UPDATE, d.moduleId(), d.version()));
                    }
                    if ("started".equals(d.state()) && !a.started()) {
                        steps.add(new Step(Kind.START, d.moduleId(), a.version()));
                    } else if ("stopped".equals(d.state()) && a.started()) {
                        steps.add(new Step(Kind.STOP, d.moduleId(), a.version()));
                    }
                }
                default -> throw new IllegalArgumentException("unknown desired state " + d.state() + " of " + d.moduleId());
            }
        }
        return steps;
    }
}
