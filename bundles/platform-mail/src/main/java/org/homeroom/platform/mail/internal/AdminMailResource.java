package org.homeroom.platform.mail.internal;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.mail.MailStatus;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code /api/admin/mail}: the outbox, newest first, and putting a failed message back in the queue. */
@Component(service = AdminMailResource.class)
@JaxrsResource
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Path("admin/mail")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminMailResource {

    private final MailOutbox outbox;

    @Activate
    public AdminMailResource(@Reference MailOutbox outbox) {
        this.outbox = outbox;
    }

    /** {@code ?state=queued|sent|logged|failed&origin=<prefix>&offset=&limit=} */
    @GET
    public Page<MailStatus> list(@QueryParam("state") String state, @QueryParam("origin") String origin,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return outbox.find(QueryParams.text(state), QueryParams.text(origin), PageRequest.parse(offset, limit));
    }

    @GET
    @Path("{id}")
    public MailStatus get(@PathParam("id") String id) {
        long mailId = id(id);
        return outbox.status(mailId).orElseThrow(() -> ProblemException.notFound("There is no message " + mailId + " in the outbox."));
    }

    /** A failed message goes back to the queue with its attempts reset (409 if it is not failed). */
    @POST
    @Path("{id}/retry")
    public MailStatus retry(@Context SecurityContext security, @PathParam("id") String id) {
        CurrentUser user = CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
        return outbox.retry(id(id), user.name());
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("A message id is a number, not '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'.");
        }
    }
}
