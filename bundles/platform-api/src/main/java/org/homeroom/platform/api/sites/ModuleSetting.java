package org.homeroom.platform.api.sites;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A module's effective setting at one site. {@code source} tells where {@code enabled} came from:
 * "site", "district" or "module" (the module's default).
 */
public record ModuleSetting(String site, String moduleId, boolean enabled, String source, Map<String, Object> settings) {

    public ModuleSetting {
        // JSON settings may hold null values, which Map.copyOf refuses
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
