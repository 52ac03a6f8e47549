package org.homeroom.platform.records.internal;

import static org.homeroom.platform.records.internal.RecordsResources.id;
import static org.homeroom.platform.records.internal.RecordsResources.user;

import java.util.List;

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

import org.homeroom.platform.api.Roles;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code /api/goals}: the strategic plan (goals, guardrails, indicators; the office edits it) and the records
 * any module's users tagged with each goal.
 */
@Component(service = GoalsResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("goals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
public class GoalsResource {

    private final JdbcGoals goals;

    @Activate
    public GoalsResource(@Reference JdbcGoals goals) {
        this.goals = goals;
    }

    /** {@code ?kind=goal|guardrail|indicator} */
    @GET
    public List<Goal> list(@QueryParam("kind") String kind) {
        return goals.list(kind);
    }

    @POST
    @RolesAllowed(Roles.COMMS)
    public Response create(@Context SecurityContext security, GoalDraft draft) {
        Goal goal = goals.create(draft, user(security));
        return Response.status(Response.Status.CREATED).header("Location", "/api/goals/" + goal.id()).entity(goal).build();
    }

    @GET
    @Path("{id}")
    public Goal get(@PathParam("id") String id) {
        return goals.get(id("goal", id));
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.COMMS)
    public Goal update(@Context SecurityContext security, @PathParam("id") String id, GoalDraft draft) {
        return goals.update(id("goal", id), draft, user(security));
    }

    /** What every installed module tagged with the goal, as far as this user may see it. */
    @GET
    @Path("{id}/records")
    public List<GoalTag> records(@Context SecurityContext security, @PathParam("id") String id) {
        return goals.records(id("goal", id), user(security));
    }

    /** {@code {"ref": "module:kind:id"}}: tags a record this user may see. */
    @POST
    @Path("{id}/records")
    public Response tag(@Context SecurityContext security, @PathParam("id") String id, TagDraft draft) {
        long goalId = id("goal", id);
        GoalTag tag = goals.tag(goalId, draft, user(security));
        return Response.status(Response.Status.CREATED).header("Location", "/api/goals/" + goalId + "/records").entity(tag).build();
    }

    /** {@code ?ref=module:kind:id} */
    @DELETE
    @Path("{id}/records")
    public Response untag(@Context SecurityContext security, @PathParam("id") String id, @QueryParam("ref") String ref) {
        goals.untag(id("goal", id), ref, user(security));
        return Response.noContent().build();
    }
}
