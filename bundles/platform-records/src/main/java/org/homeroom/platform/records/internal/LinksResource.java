package org.homeroom.platform.records.internal;

import static org.homeroom.platform.records.internal.RecordsResources.id;
import static org.homeroom.platform.records.internal.RecordsResources.user;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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

import org.homeroom.platform.api.Roles;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/links}: links between records of any two modules, shown only to users who may see both ends. */
@Component(service = LinksResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
public class LinksResource {

    private final JdbcLinks links;

    @Activate
    public LinksResource(@Reference JdbcLinks links) {
        this.links = links;
    }

    /** {@code ?ref=module:kind:id}: the record and its links this user may see. */
    @GET
    public LinksOf links(@Context SecurityContext security, @QueryParam("ref") String ref) {
        return links.linksOf(ref, user(security));
    }

    @POST
    public Response create(@Context SecurityContext security, LinkDraft draft) {
        Link link = links.create(draft, user(security));
        return Response.status(Response.Status.CREATED).header("Location", "/api/links/" + link.id()).entity(link).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@Context SecurityContext security, @PathParam("id") String id) {
        links.delete(id("link", id), user(security));
        return Response.noContent().build();
    }
}
