package org.homeroom.platform.modules.internal;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleInfo;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.ModuleRouter;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Scope;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The gate in front of every module: running? → (SITE) site exists and is open → a signed-in user is
 * a member of the site → module enabled there. Every refusal says why. The module's own
 * {@code @RolesAllowed}/{@code @PermitAll} are enforced next by the access filter, which CXF also runs
 * for the sub-resource method this router hands back.
 */
@Component(service = ModuleRouter.class)
public class PlatformModuleRouter implements ModuleRouter {

    private final ModuleRegistry registry;
    private final SiteService sites;
    private final ModuleSettingsService settings;

    @Activate
    public PlatformModuleRouter(@Reference ModuleRegistry registry, @Reference SiteService sites,
            @Reference ModuleSettingsService settings) {
        this.registry = registry;
        this.sites = sites;
        this.settings = settings;
    }

    @Override
    public Object route(String site, String moduleId, CurrentUser user) {
        if (site == null && ModuleDescriptor.RESERVED_IDS.contains(moduleId)) {
            // a platform resource that the whiteboard has not registered yet (the first second after start)
            throw new ProblemException(503, "Starting", "The platform is still starting; try again in a moment.");
        }
        HomeroomModule module = registry.active(moduleId).orElseThrow(() -> notRunning(moduleId));
        ModuleDescriptor descriptor = module.descriptor();
        if (descriptor.scope() == Scope.SITE) {
            if (site == null) {
                throw ProblemException.notFound("Module '" + moduleId + "' works per site: use /api/sites/{code}/" + moduleId + ".");
            }
            Site found = sites.find(site).orElseThrow(() -> ProblemException.notFound("There is no site with code " + site + "."));
            if (!found.code().equals(site)) {
                // modules key their rows by the canonical code, so only that spelling reaches them
                throw ProblemException.notFound("Site codes are upper case: use /api/sites/" + found.code() + "/" + moduleId + ".");
            }
            if (found.archived()) {
                throw ProblemException.notFound("Site " + found.code() + " is archived.");
            }
            if (user != null && !user.canAccessSite(found.code())) {
                throw ProblemException.forbidden("You are not a member of site " + found.code() + ".");
            }
            if (!settings.effective(found.code(), descriptor).enabled()) {
                throw ProblemException.notFound("Module '" + moduleId + "' is not enabled for site " + found.code() + ".");
            }
        } else if (site != null) {
            throw ProblemException.notFound("Module '" + moduleId + "' serves the whole district: use /api/" + moduleId + ".");
        }
        return module.resource();
    }

    private ProblemException notRunning(String moduleId) {
        return registry.modules().stream().filter(m -> m.id().equals(moduleId)).findFirst()
                .map(m -> ProblemException.notFound("Module '" + moduleId + "' is installed but " + describe(m.state()) + "."))
                .orElseGet(() -> ProblemException.notFound("No module '" + moduleId + "' is installed."));
    }

    private static String describe(String state) {
        return switch (state) {
            case ModuleInfo.STOPPED -> "stopped";
            case ModuleInfo.STARTING -> "still starting";
            default -> "not running (" + state + ")";
        };
    }
}
