package org.homeroom.platform.records.internal;

import static org.homeroom.platform.records.internal.RecordsResources.user;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.Roles;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/search?q=&limit=}: records of every installed module this user may see, best first. */
@Component(service = SearchResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("search")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
public class SearchResource {

    private final JdbcSearch search;

    @Activate
    public SearchResource(@Reference JdbcSearch search) {
        this.search = search;
    }

    @GET
    public SearchResults search(@Context SecurityContext security, @QueryParam("q") String q, @QueryParam("limit") String limit) {
        return search.search(q, user(security), RecordsResources.limit(limit, 20, 100));
    }
}
