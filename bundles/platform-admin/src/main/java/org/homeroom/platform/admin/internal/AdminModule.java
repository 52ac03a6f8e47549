package org.homeroom.platform.admin.internal;

import java.util.List;

import org.homeroom.platform.api.Scope;

/**
 * A module as the admin console shows it: installed or only available, with its state, bundles,
 * dependencies both ways, the sites that have it enabled, and what the district wants of it.
 *
 * @param perSite  whether sites switch it on one by one (site modules, and district modules with per-site settings)
 * @param state    available, installing, active, stopped, failed, removing
 * @param source   "feature" (from a features repository) or "deploy" (a bundle dropped into deploy/)
 * @param desired  started, stopped, absent, or null when nobody chose yet
 */
public record AdminModule(String id, String name, String description, Scope scope, boolean perSite, String state, String version,
        List<String> versions, List<ModuleBundle> bundles, List<String> requires, List<String> requiredBy,
        List<String> enabledSites, String desired, String source, String operation) {

    /** One OSGi bundle of a module. */
    public record ModuleBundle(long id, String symbolicName, String version, String state) {
    }
}
