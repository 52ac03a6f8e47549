package org.homeroom.platform.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a module tells the platform about itself. Who may call what is said where the code is, with
 * the standard {@code @RolesAllowed} and {@code @PermitAll} on the module's resource class and methods
 * (the platform enforces them, admin passes every role check, and a method without either needs a
 * signed-in user); for SITE modules the platform also requires membership of the site.
 *
 * @param id              stable identifier, also the URL segment ({@code announcements})
 * @param requires        ids of modules this one needs
 * @param enabledByDefault whether a site has the module when neither the site nor the district chose
 * @param defaultSettings the module's own defaults; the district and each site may override keys
 */
public record ModuleDescriptor(String id, String name, String description, Scope scope, List<String> requires,
        boolean enabledByDefault,
        Map<String, Object> defaultSettings) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");
    /** First path segments the platform itself serves under /api; no module may take one. */
    public static final java.util.Set<String> RESERVED_IDS = java.util.Set.of("admin", "audit", "docs", "health", "me", "sites");

    public ModuleDescriptor {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("module id must match " + ID + ": " + id);
        }
        if (RESERVED_IDS.contains(id)) {
            throw new IllegalArgumentException("module id " + id + " is a platform path; choose another");
        }
        if (scope == null) {
            throw new IllegalArgumentException("module " + id + " needs a scope");
        }
        requires = List.copyOf(requires);
        defaultSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultSettings));
    }

    /**
     * A module's settings are the keys of its defaults, each with the default's type (number, true/false
     * or text), so a typo or a wrong type is a 422 that names the key instead of a value the module ignores.
     */
    public void checkSettings(Map<String, Object> values) {
        if (values == null) {
            return;
        }
        List<FieldError> errors = new java.util.ArrayList<>();
        values.forEach((key, value) -> {
            Object example = defaultSettings.get(key);
            String field = "settings." + key;
            if (!defaultSettings.containsKey(key)) {
                errors.add(new FieldError(field, defaultSettings.isEmpty() ? "this module has no settings"
                        : "is not a setting of this module; it has " + String.join(", ", defaultSettings.keySet())));
            } else if (value != null && example != null) {
                if (example instanceof Number && !(value instanceof Number)) {
                    errors.add(new FieldError(field, "must be a number"));
                } else if (example instanceof Boolean && !(value instanceof Boolean)) {
                    errors.add(new FieldError(field, "must be true or false"));
                } else if (example instanceof String && !(value instanceof String)) {
                    errors.add(new FieldError(field, "must be text"));
                } else if (example instanceof Integer && value instanceof Number n && (n.doubleValue() != Math.rint(n.doubleValue())
                        || n.doubleValue() < 0 || n.doubleValue() > 100_000)) {
                    errors.add(new FieldError(field, "must be a whole number from 0 to 100000"));
                }
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    /**
     * Whether sites switch the module on one by one (the sites × modules matrix): every SITE module, and a
     * DISTRICT module that has per-site settings (messaging: site staff use it only where it is enabled).
     */
    public boolean enabledPerSite() {
        return scope == Scope.SITE || !defaultSettings.isEmpty();
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Readable construction for module authors; defaults: SITE scope, disabled until a site or the district enables it. */
    public static final class Builder {
        private final String id;
        private String name;
        private String description = "";
        private Scope scope = Scope.SITE;
        private final List<String> requires = new ArrayList<>();
        private boolean enabledByDefault;
        private final Map<String, Object> defaultSettings = new LinkedHashMap<>();

        private Builder(String id) {
            this.id = id;
            this.name = id;
        }

        public Builder name(String value) { this.name = value; return this; }
        public Builder description(String value) { this.description = value; return this; }
        public Builder scope(Scope value) { this.scope = value; return this; }
        public Builder requires(String moduleId) { this.requires.add(moduleId); return this; }
        public Builder enabledByDefault(boolean value) { this.enabledByDefault = value; return this; }
        public Builder defaultSetting(String key, Object value) { this.defaultSettings.put(key, value); return this; }

        public ModuleDescriptor build() {
            return new ModuleDescriptor(id, name, description, scope, requires, enabledByDefault, defaultSettings);
        }
    }
}
