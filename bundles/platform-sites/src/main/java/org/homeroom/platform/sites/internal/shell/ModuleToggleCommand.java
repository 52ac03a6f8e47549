package org.homeroom.platform.sites.internal.shell;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.homeroom.platform.api.sites.SiteService;

/** Shared by module-enable and module-disable. */
abstract class ModuleToggleCommand implements Action {

    @Reference
    SiteService sites;
    @Reference
    ModuleRegistry modules;
    @Reference
    ModuleSettingsService settings;

    @Argument(index = 0, name = "site", required = true, description = "Site code, or * for the district default")
    String site;

    @Argument(index = 1, name = "module", required = true, description = "Module id")
    String module;

    abstract boolean enable();

    @Override
    public Object execute() {
        String code = ModuleSettingsService.DISTRICT.equals(site) ? site
                : sites.find(site).orElseThrow(() -> new IllegalArgumentException("No site " + site)).code();
        ModuleDescriptor descriptor = modules.activeDescriptors().stream().filter(d -> d.id().equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No running module " + module));
        if (!descriptor.enabledPerSite()) {
            throw new IllegalArgumentException("Module " + module + " serves the whole district; it has no per-site switch");
        }
        settings.put(code, module, enable(), null, new CurrentUser("shell", java.util.Set.of(Roles.ADMIN)));
        return module + " is now " + (enable() ? "enabled" : "disabled") + " for " + code;
    }
}
