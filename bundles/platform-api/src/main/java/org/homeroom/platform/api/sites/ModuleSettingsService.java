package org.homeroom.platform.api.sites;

import java.util.Map;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ModuleDescriptor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Per-site module enablement and settings, resolved site → district default → module default (keys of
 * {@code settings} merge in that order). Read from the database on every call, so a change takes
 * effect on the very next request on every node, with no restart.
 */
@ProviderType
public interface ModuleSettingsService {

    /** Pseudo site code of the district-wide default. */
    String DISTRICT = "*";

    ModuleSetting effective(String site, ModuleDescriptor module);

    /** Codes of the open (not archived) sites where the module is enabled now, in one query. */
    java.util.List<String> enabledSites(ModuleDescriptor module);

    /**
     * Stores the choice of {@code site} (or {@link #DISTRICT}) for a module. A null {@code enabled}
     * leaves enablement to the next level; null {@code settings} keeps the stored ones.
     */
    void put(String site, String moduleId, Boolean enabled, Map<String, Object> settings, CurrentUser actor);
}
