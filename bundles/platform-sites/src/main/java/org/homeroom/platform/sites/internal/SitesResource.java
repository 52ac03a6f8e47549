package org.homeroom.platform.sites.internal;

import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ModuleRegistry;
import org.homeroom.platform.api.ModuleRouter;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.homeroom.platform.api.sites.ModuleSetting;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteDraft;
import org.homeroom.platform.api.sites.SiteQuery;
import org.homeroom.platform.api.sites.SiteService;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/sites}: sites, their module settings, and the entry to site-scoped modules
 * ({@code /api/sites/{code}/{module}/…}, handed to the {@link ModuleRouter}).
 */
@Component(service = SitesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SitesResource {

    private final SiteService sites;
    private final ModuleSettingsService settings;
    private final ModuleRegistry modules;
    private final ModuleRouter router;

    @Activate
    public SitesResource(@Reference SiteService sites, @Reference ModuleSettingsService settings,
            @Reference ModuleRegistry modules, @Reference ModuleRouter router) {
        this.sites = sites;
        this.settings = settings;
        this.modules = modules;
        this.router = router;
    }

    /** Sites the user may see; site staff see only their own. {@code ?q=&kind=&includeArchived=&limit=&offset=} */
    @GET
    public Page<Site> list(@Context SecurityContext security, @QueryParam("q") String text, @QueryParam("kind") String kind,
            @QueryParam("includeArchived") String includeArchived, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        CurrentUser user = user(security);
        SiteQuery query = new SiteQuery(QueryParams.text(text), QueryParams.text(kind), "true".equalsIgnoreCase(includeArchived),
                user.seesAllSites() ? null : user.sites());
        return sites.list(query, PageRequest.parse(offset, limit));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response create(@Context SecurityContext security, SiteDraft draft) {
        Site site = sites.create(draft, user(security));
        return Response.status(Response.Status.CREATED).header("Location", "/api/sites/" + site.code()).entity(site).build();
    }

    @GET
    @Path("{code}")
    public Site get(@Context SecurityContext security, @PathParam("code") String code) {
        return visibleSite(user(security), code);
    }

    @PUT
    @Path("{code}")
    @RolesAllowed({Roles.ADMIN, Roles.COMMS})
    public Site update(@Context SecurityContext security, @PathParam("code") String code, SiteDraft draft) {
        return sites.update(existing(code).code(), draft, user(security));
    }

    /** Archives the site: it leaves lists and module routes, and all its data stays. */
    @DELETE
    @Path("{code}")
    @RolesAllowed(Roles.ADMIN)
    public Site archive(@Context SecurityContext security, @PathParam("code") String code) {
        return sites.archive(existing(code).code(), user(security));
    }

    /** The site-scoped modules running now, each with its effective setting at this site. */
    @GET
    @Path("{code}/modules")
    public List<ModuleSetting> moduleSettings(@Context SecurityContext security, @PathParam("code") String code) {
        Site site = visibleSite(user(security), code);
        return modules.activeDescriptors().stream().filter(ModuleDescriptor::enabledPerSite)
                .sorted(Comparator.comparing(ModuleDescriptor::id))
                .map(d -> settings.effective(site.code(), d)).collect(Collectors.toList());
    }

    @GET
    @Path("{code}/modules/{moduleId}")
    public ModuleSetting moduleSetting(@Context SecurityContext security, @PathParam("code") String code,
            @PathParam("moduleId") String moduleId) {
        Site site = visibleSite(user(security), code);
        return settings.effective(site.code(), siteModule(moduleId));
    }

    /** {@code {"enabled": true|false, "settings": {…}}}; takes effect on the next request. */
    @PUT
    @Path("{code}/modules/{moduleId}")
    @RolesAllowed({Roles.ADMIN, Roles.COMMS})
    public ModuleSetting putModuleSetting(@Context SecurityContext security, @PathParam("code") String code,
            @PathParam("moduleId") String moduleId, ModuleSettingChange change) {
        Site site = existing(code);
        ModuleDescriptor module = siteModule(moduleId);
        if (change == null || change.enabled() == null) {
            throw ProblemException.invalid(List.of(new FieldError("enabled", "is required (true or false)")));
        }
        module.checkSettings(change.settings());
        settings.put(site.code(), module.id(), change.enabled(), change.settings(), user(security));
        return settings.effective(site.code(), module);
    }


    /** Entry to a site-scoped module; the router applies the site guard and the module's rules. */
    @Path("{code}/{module}")
    @PermitAll
    public Object module(@Context SecurityContext security, @PathParam("code") String code, @PathParam("module") String module) {
        return router.route(code, module, CurrentUser.of(security).orElse(null));
    }

    private ModuleDescriptor siteModule(String moduleId) {
        ModuleDescriptor module = modules.activeDescriptors().stream().filter(d -> d.id().equals(moduleId)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No module '" + moduleId + "' is running in this container."));
        if (!module.enabledPerSite()) {
            throw ProblemException.invalid(List.of(new FieldError("moduleId",
                    "module '" + moduleId + "' serves the whole district; it cannot be enabled per site")));
        }
        return module;
    }

    private Site existing(String code) {
        return sites.find(code).orElseThrow(() -> ProblemException.notFound("There is no site with code " + code + "."));
    }

    private Site visibleSite(CurrentUser user, String code) {
        Site site = existing(code);
        if (!user.canAccessSite(site.code())) {
            throw ProblemException.forbidden("You are not a member of site " + site.code() + ".");
        }
        return site;
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
