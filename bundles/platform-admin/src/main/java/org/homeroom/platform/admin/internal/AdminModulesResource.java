package org.homeroom.platform.admin.internal;

import java.util.List;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.sites.ModuleSetting;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/admin}: the modules the container knows, operations on them (202 + an operation to
 * follow), and each module's district-wide default.
 */
@Component(service = AdminModulesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminModulesResource {

    private final ModuleManager manager;
    private final ModuleRegistry registry;
    private final ModuleSettingsService settings;

    @Activate
    public AdminModulesResource(@Reference ModuleManager manager, @Reference ModuleRegistry registry,
            @Reference ModuleSettingsService settings) {
        this.manager = manager;
        this.registry = registry;
        this.settings = settings;
    }

    @GET
    @Path("modules")
    public List<AdminModule> modules() {
        return manager.modules();
    }

    @GET
    @Path("modules/{id}")
    public AdminModule module(@PathParam("id") String id) {
        return manager.module(id).orElseThrow(() -> ProblemException.notFound("No module '" + id + "' is known to this container."));
    }

    @POST
    @Path("modules/{id}/install")
    public Response install(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("version") String version) {
        return accepted(manager.submit(id, "install", QueryParams.text(version), false, user(security)));
    }

    @POST
    @Path("modules/{id}/start")
    public Response start(@Context SecurityContext security, @PathParam("id") String id) {
        return accepted(manager.submit(id, "start", null, false, user(security)));
    }

    @POST
    @Path("modules/{id}/stop")
    public Response stop(@Context SecurityContext security, @PathParam("id") String id) {
        return accepted(manager.submit(id, "stop", null, false, user(security)));
    }

    /** Reloads the module's bundle, or moves to {@code ?version=} when another version is available. */
    @POST
    @Path("modules/{id}/update")
    public Response update(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("version") String version) {
        return accepted(manager.submit(id, "update", QueryParams.text(version), false, user(security)));
    }

    /** Removes the module's bundles; its tables and files stay. {@code ?withDependents=true} removes the modules that need it too. */
    @POST
    @Path("modules/{id}/uninstall")
    public Response uninstall(@Context SecurityContext security, @PathParam("id") String id,
            @QueryParam("withDependents") String withDependents) {
        return accepted(manager.submit(id, "uninstall", null, "true".equalsIgnoreCase(withDependents), user(security)));
    }

    @GET
    @Path("operations")
    public List<Operation> operations() {
        return manager.recentOperations();
    }

    @GET
    @Path("operations/{opId}")
    public Operation operation(@PathParam("opId") String opId) {
        return manager.operation(opId).orElseThrow(() -> ProblemException.notFound("No operation " + opId + " (operations are kept in memory, the audit trail keeps them for good)."));
    }

    @GET
    @Path("modules/{id}/defaults")
    public ModuleSetting defaults(@PathParam("id") String id) {
        return settings.effective(ModuleSettingsService.DISTRICT, running(id));
    }

    /** The district-wide default every site without its own choice follows: {@code {"enabled":…, "settings":{…}}}. */
    @PUT
    @Path("modules/{id}/defaults")
    public ModuleSetting putDefaults(@Context SecurityContext security, @PathParam("id") String id, ModuleDefaultsChange change) {
        ModuleDescriptor module = running(id);
        if (change == null) {
            throw ProblemException.badRequest("Send {\"enabled\": true|false|null, \"settings\": {…}}.");
        }
        module.checkSettings(change.settings());
        settings.put(ModuleSettingsService.DISTRICT, module.id(), change.enabled(), change.settings(), user(security));
        return settings.effective(ModuleSettingsService.DISTRICT, module);
    }

    private static Response accepted(Operation op) {
        return Response.status(Response.Status.ACCEPTED).header("Location", "/api/admin/operations/" + op.id()).entity(op).build();
    }

    private ModuleDescriptor running(String id) {
        return registry.activeDescriptors().stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No module '" + id + "' is running in this container."));
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
