package org.homeroom.platform.holds.internal;

import java.util.List;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.holds.Hold;
import org.homeroom.platform.api.holds.HoldDraft;
import org.homeroom.platform.api.holds.HoldService;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/holds}: the communications office holds and lifts; all staff can see what is held (site staff:
 * the district's holds and their own sites').
 */
@Component(service = HoldsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("holds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
public class HoldsResource {

    private final HoldService holds;

    @Activate
    public HoldsResource(@Reference HoldService holds) {
        this.holds = holds;
    }

    /** {@code ?active=true} for the active ones only. */
    @GET
    public List<Hold> list(@Context SecurityContext security, @QueryParam("active") String active) {
        CurrentUser user = user(security);
        return holds.list("true".equalsIgnoreCase(active)).stream().filter(h -> visible(h, user)).toList();
    }

    @GET
    @Path("{id}")
    public Hold get(@Context SecurityContext security, @PathParam("id") String id) {
        Hold hold = holds.get(id(id));
        if (!visible(hold, user(security))) {
            throw ProblemException.notFound("There is no hold " + id + ".");
        }
        return hold;
    }

    @POST
    @RolesAllowed(Roles.COMMS)
    public Response set(@Context SecurityContext security, HoldDraft draft) {
        Hold hold = holds.set(draft, user(security));
        return Response.status(Response.Status.CREATED).header("Location", "/api/holds/" + hold.id()).entity(hold).build();
    }

    @POST
    @Path("{id}/lift")
    @RolesAllowed(Roles.COMMS)
    public Hold lift(@Context SecurityContext security, @PathParam("id") String id, LiftRequest request) {
        return holds.lift(id(id), request == null ? null : request.reason(), user(security));
    }

    private static boolean visible(Hold hold, CurrentUser user) {
        return user.seesAllSites() || hold.districtWide() || hold.sites().stream().anyMatch(user::canAccessSite);
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("There is no hold " + text + ".");
        }
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
