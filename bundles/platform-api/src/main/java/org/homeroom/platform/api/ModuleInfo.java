package org.homeroom.platform.api;

import java.util.List;

/** A module as the container sees it right now. {@code state}: active, stopped, starting, failed. */
public record ModuleInfo(String id, String name, String description, String version, Scope scope, String state,
        List<String> requires, String bundle) {

    public static final String ACTIVE = "active";
    public static final String STOPPED = "stopped";
    public static final String STARTING = "starting";
    public static final String FAILED = "failed";
}
