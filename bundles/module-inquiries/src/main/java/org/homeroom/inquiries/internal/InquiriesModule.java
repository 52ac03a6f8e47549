package org.homeroom.inquiries.internal;

import java.util.List;
import java.util.Map;

import javax.annotation.security.PermitAll;
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
import javax.ws.rs.core.UriInfo;

import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.RateLimited;
import org.homeroom.platform.api.Requests;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.homeroom.platform.api.casework.CaseNote;
import org.homeroom.platform.api.casework.CaseQuery;
import org.homeroom.platform.api.casework.CaseRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/inquiries}: the call centre. Comms (the office) and site staff; site staff see and act on their
 * sites' inquiries only (casework scopes every call). {@code POST /api/inquiries/public} is the web form.
 */
@Component(service = HomeroomModule.class)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InquiriesModule implements HomeroomModule {

    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(JdbcInquiries.MODULE)
            .name("Inquiries")
            .description("The call centre: contacts by phone, walk-in, email, web form and text, routed by topic with business-hour SLAs.")
            .scope(Scope.DISTRICT)
            .build();

    private final JdbcInquiries inquiries;

    @Activate
    public InquiriesModule(@Reference JdbcInquiries inquiries) {
        this.inquiries = inquiries;
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@code ?state=&open=true|false&topic=&site=&q=(phone, email or name)&limit=&offset=} */
    @GET
    public Page<CaseRecord> list(@Context SecurityContext security, @QueryParam("state") String state, @QueryParam("open") String open,
            @QueryParam("topic") String topic, @QueryParam("site") String site, @QueryParam("q") String q,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Boolean openOnly = open == null || open.isBlank() ? null : switch (open.trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw Requests.invalid("open", "must be true or false");
        };
        return inquiries.list(new CaseQuery(JdbcInquiries.TYPE, QueryParams.text(state), openOnly, QueryParams.text(site), QueryParams.text(topic),
                null, null, QueryParams.text(q)), PageRequest.parse(offset, limit), Requests.user(security));
    }

    @POST
    public Response log(@Context SecurityContext security, @Context UriInfo uri, StaffInquiry body) {
        Inquiry created = inquiries.logByStaff(body, Requests.user(security));
        return Requests.created(uri, created.inquiry().id(), created);
    }

    /** The web form: no sign-in, rate-limited; the answer and the emailed confirmation are in the caller's language. */
    @POST
    @Path("public")
    @PermitAll
    @RateLimited(bucket = "inquiries-public", perMinute = 10)
    public Response submit(WebInquiry form) {
        Inquiry created = inquiries.submitPublic(form);
        var lang = created.inquiry().requester().language();
        return Response.status(Response.Status.CREATED).entity(Map.of("id", created.inquiry().id(), "language", lang.code(),
                "message", lang.pick("Thank you. Your message is number " + created.inquiry().id() + "; we will answer soon.",
                        "Gracias. Su mensaje es el número " + created.inquiry().id() + "; le responderemos pronto."))).build();
    }

    @GET
    @Path("topics")
    public List<Topic> topics() {
        return inquiries.topics();
    }

    @PUT
    @Path("topics/{code}")
    @RolesAllowed(Roles.COMMS)
    public Topic saveTopic(@Context SecurityContext security, @PathParam("code") String code, TopicDraft body) {
        if (body == null) {
            throw ProblemException.badRequest("A topic needs a body.");
        }
        return inquiries.saveTopic(new TopicDraft(code, body.nameEn(), body.nameEs(), body.team(), body.site(), body.firstResponseHours(),
                body.resolveHours(), body.answerEn(), body.answerEs()), Requests.user(security));
    }

    @GET
    @Path("{id}")
    public Inquiry get(@Context SecurityContext security, @PathParam("id") String id) {
        return inquiries.get(Requests.id("inquiry", id), Requests.user(security));
    }

    /** {@code {"state": "closed", "note": "…"}} */
    @POST
    @Path("{id}/state")
    public CaseRecord transition(@Context SecurityContext security, @PathParam("id") String id, Map<String, String> body) {
        Map<String, String> b = body == null ? Map.of() : body;
        return inquiries.transition(Requests.id("inquiry", id), b.get("state"), b.get("note"), Requests.user(security));
    }

    /** Answers with the topic's knowledge-base answer, in the caller's language, by email. */
    @POST
    @Path("{id}/reply")
    public CaseNote reply(@Context SecurityContext security, @PathParam("id") String id) {
        return inquiries.replyWithTopicAnswer(Requests.id("inquiry", id), Requests.user(security));
    }

    /** {@code {"method": "student-id-and-birthdate"}}: the identity check done before discussing a student. */
    @POST
    @Path("{id}/identity-check")
    public Inquiry identityCheck(@Context SecurityContext security, @PathParam("id") String id, Map<String, String> body) {
        return inquiries.checkIdentity(Requests.id("inquiry", id), body == null ? null : body.get("method"), Requests.user(security));
    }
}
