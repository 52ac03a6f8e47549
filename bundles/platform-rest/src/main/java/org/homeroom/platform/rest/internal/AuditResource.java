package org.homeroom.platform.rest.internal;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.data.AuditEntry;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.AuditQuery;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Who changed what, when: {@code GET /api/audit?entity=&entityId=&actor=&since=&limit=&offset=}. */
@Component(service = AuditResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    private final AuditLog audit;

    @Activate
    public AuditResource(@Reference AuditLog audit) {
        this.audit = audit;
    }

    @GET
    public Page<AuditEntry> find(@QueryParam("entity") String entity, @QueryParam("entityId") String entityId,
            @QueryParam("actor") String actor, @QueryParam("since") String since, @QueryParam("site") String site,
            @QueryParam("module") String module, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        AuditQuery query = new AuditQuery(QueryParams.text(entity), QueryParams.text(entityId), QueryParams.text(actor),
                QueryParams.instant("since", since), QueryParams.text(site) == null ? null : site.trim().toUpperCase(java.util.Locale.ROOT),
                QueryParams.text(module) == null ? null : module.trim().toLowerCase(java.util.Locale.ROOT));
        return audit.find(query, PageRequest.parse(offset, limit));
    }
}
