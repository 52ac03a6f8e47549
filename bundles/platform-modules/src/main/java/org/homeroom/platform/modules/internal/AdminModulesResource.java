package org.homeroom.platform.modules.internal;

import java.util.List;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleInfo;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.sites.ModuleSetting;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/admin/modules}: what the container has, and each module's district-wide default. */
@Component(service = AdminModulesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("admin/modules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminModulesResource {

    private final ModuleRegistry registry;
    private final ModuleSettingsService settings;

    @Activate
    public AdminModulesResource(@Reference ModuleRegistry registry, @Reference ModuleSettingsService settings) {
        this.registry = registry;
        this.settings = settings;
    }

    @GET
    public List<ModuleInfo> modules() {
        return registry.modules();
    }

    @GET
    @Path("{id}")
    public ModuleInfo module(@PathParam("id") String id) {
        return registry.modules().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No module '" + id + "' is installed."));
    }

    @GET
    @Path("{id}/defaults")
    public ModuleSetting defaults(@PathParam("id") String id) {
        return settings.effective(ModuleSettingsService.DISTRICT, running(id));
    }

    /** The district-wide default every site without its own choice follows: {@code {"enabled":…, "settings":{…}}}. */
    @PUT
    @Path("{id}/defaults")
    public ModuleSetting putDefaults(@Context SecurityContext security, @PathParam("id") String id, ModuleDefaultsChange change) {
        ModuleDescriptor module = running(id);
        if (change == null) {
            throw ProblemException.badRequest("Send {\"enabled\": true|false|null, \"settings\": {…}}.");
        }
        settings.put(ModuleSettingsService.DISTRICT, module.id(), change.enabled(), change.settings(),
                CurrentUser.of(security).orElseThrow());
        return settings.effective(ModuleSettingsService.DISTRICT, module);
    }

    private ModuleDescriptor running(String id) {
        return registry.activeDescriptors().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No module '" + id + "' is running in this container."));
    }
}
