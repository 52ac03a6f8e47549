package org.homeroom.platform.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a module tells the platform about itself. The platform enforces {@code readRoles} (GET, HEAD)
 * and {@code writeRoles} (everything else) on every request to the module, after authentication and,
 * for SITE modules, after the site guard; {@code publicRoutes} are the only requests allowed without a
 * user. Admin passes every role check.
 *
 * @param id              stable identifier, also the URL segment ({@code announcements})
 * @param requires        ids of modules this one needs
 * @param enabledByDefault whether a site has the module when neither the site nor the district chose
 * @param defaultSettings the module's own defaults; the district and each site may override keys
 */
public record ModuleDescriptor(String id, String name, String description, Scope scope, List<String> requires,
        Set<String> readRoles, Set<String> writeRoles, List<PublicRoute> publicRoutes, boolean enabledByDefault,
        Map<String, Object> defaultSettings) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    public ModuleDescriptor {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("module id must match " + ID + ": " + id);
        }
        if (scope == null) {
            throw new IllegalArgumentException("module " + id + " needs a scope");
        }
        requires = List.copyOf(requires);
        readRoles = Set.copyOf(readRoles);
        writeRoles = Set.copyOf(writeRoles);
        publicRoutes = List.copyOf(publicRoutes);
        defaultSettings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaultSettings));
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** Whether {@code user} may call {@code method} on this module (site membership is checked separately). */
    public boolean allows(CurrentUser user, String method) {
        Set<String> needed = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) ? readRoles : writeRoles;
        return user.isAdmin() || needed.stream().anyMatch(user::hasRole);
    }

    public boolean isPublic(String method, String path) {
        return publicRoutes.stream().anyMatch(r -> r.matches(method, path));
    }

    /** Readable construction for module authors; defaults: SITE scope, comms + site-staff read and write. */
    public static final class Builder {
        private final String id;
        private String name;
        private String description = "";
        private Scope scope = Scope.SITE;
        private final List<String> requires = new ArrayList<>();
        private Set<String> readRoles = Set.of(Roles.COMMS, Roles.SITE_STAFF);
        private Set<String> writeRoles = Set.of(Roles.COMMS, Roles.SITE_STAFF);
        private final List<PublicRoute> publicRoutes = new ArrayList<>();
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
        public Builder readRoles(String... roles) { this.readRoles = Set.of(roles); return this; }
        public Builder writeRoles(String... roles) { this.writeRoles = Set.of(roles); return this; }
        public Builder publicRoute(String method, String path) { this.publicRoutes.add(new PublicRoute(method, path)); return this; }
        public Builder enabledByDefault(boolean value) { this.enabledByDefault = value; return this; }
        public Builder defaultSetting(String key, Object value) { this.defaultSettings.put(key, value); return this; }

        public ModuleDescriptor build() {
            return new ModuleDescriptor(id, name, description, scope, requires, readRoles, writeRoles, publicRoutes,
                    enabledByDefault, defaultSettings);
        }
    }
}
