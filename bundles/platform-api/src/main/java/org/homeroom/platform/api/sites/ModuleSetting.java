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

    /** A whole-number setting, or {@code fallback} when it is absent or not a number. */
    public int integer(String key, int fallback) {
        return settings.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    /** A text setting, or {@code fallback} when it is absent, blank or not text. */
    public String text(String key, String fallback) {
        return settings.get(key) instanceof String s && !s.isBlank() ? s : fallback;
    }

    /** A yes/no setting, or {@code fallback} when it is absent or not a boolean. */
    public boolean flag(String key, boolean fallback) {
        return settings.get(key) instanceof Boolean b ? b : fallback;
    }
}
