package org.homeroom.platform.modules.internal;

import javax.annotation.security.PermitAll;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ModuleRouter;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Entry to district-scoped modules, {@code /api/{module}/…}. Platform paths (health, sites, admin, …)
 * are literal and win over this template.
 */
@Component(service = DistrictModulesResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("/")
public class DistrictModulesResource {

    private final ModuleRouter router;

    @Activate
    public DistrictModulesResource(@Reference ModuleRouter router) {
        this.router = router;
    }

    @Path("{module}")
    @PermitAll
    public Object module(@Context SecurityContext security, @PathParam("module") String module) {
        return router.route(null, module, CurrentUser.of(security).orElse(null));
    }
}
