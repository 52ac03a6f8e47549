package org.homeroom.media.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
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
import javax.ws.rs.core.UriInfo;

import org.homeroom.media.api.Coverage;
import org.homeroom.media.api.Journalist;
import org.homeroom.media.api.MediaQuery;
import org.homeroom.media.api.MediaRequest;
import org.homeroom.media.api.MediaService;
import org.homeroom.media.api.Outlet;
import org.homeroom.media.api.Spokesperson;
import org.homeroom.media.api.Statement;
import org.homeroom.media.api.Topic;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Requests;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The media-requests module: {@code /api/media-requests}. The communications office does everything; site
 * staff read the requests naming their sites, and a principal records their approval of a visit to their
 * school.
 */
@Component(service = HomeroomModule.class)
@RolesAllowed({Roles.COMMS})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MediaRequestsModule implements HomeroomModule {

    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(JdbcMediaService.MODULE)
            .name("Media requests")
            .description("Reporters' requests with their deadlines apart from the office's SLA, outlets and journalists, a Spanish-speaking"
                    + " spokesperson rota, campus visits checked against FERPA opt-outs and recording consent, EN/ES statements, coverage.")
            .scope(Scope.DISTRICT)
            .build();

    private final MediaService media;

    @Activate
    public MediaRequestsModule(@Reference MediaService media) {
        this.media = media;
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@code ?status=&topic=&outlet=&site=&q=&offset=&limit=}; site staff get their sites' requests only. */
    @GET
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Page<MediaRequest> list(@Context SecurityContext security, @QueryParam("status") String status, @QueryParam("topic") String topic,
            @QueryParam("outlet") String outlet, @QueryParam("site") String site, @QueryParam("q") String text,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Integer outletId = QueryParams.integer("outlet", outlet);
        return media.requests(new MediaQuery(status, topic, outletId == null ? null : outletId.longValue(), site, QueryParams.text(text)),
                PageRequest.parse(offset, limit), Requests.user(security));
    }

    @POST
    public Response log(@Context SecurityContext security, @Context UriInfo uri, MediaRequest.Draft draft) {
        MediaRequest created = media.log(draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public MediaRequest get(@Context SecurityContext security, @PathParam("id") String id) {
        return media.request(Requests.id("media request", id), Requests.user(security)).orElseThrow(() -> Requests.notFound("media request", id));
    }

    /** {@code {"status": "in-progress", "note": "..."}} */
    @POST
    @Path("{id}/transition")
    public MediaRequest transition(@Context SecurityContext security, @PathParam("id") String id, TransitionBody body) {
        return media.transition(Requests.id("media request", id), body == null ? null : body.status(), body == null ? null : body.note(),
                Requests.user(security));
    }

    /** {@code {"spokespersonId": 3}} */
    @POST
    @Path("{id}/assign")
    public MediaRequest assign(@Context SecurityContext security, @PathParam("id") String id, AssignBody body) {
        if (body == null || body.spokespersonId() == null) {
            throw ProblemException.invalid(List.of(new FieldError("spokespersonId", "is required")));
        }
        return media.assign(Requests.id("media request", id), body.spokespersonId(), Requests.user(security));
    }

    /** Runs the FERPA and recording-consent check now and stores its result on the request. */
    @POST
    @Path("{id}/visit/check")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public MediaRequest checkVisit(@Context SecurityContext security, @PathParam("id") String id) {
        return media.checkVisit(Requests.id("media request", id), Requests.user(security));
    }

    /** The principal's approval: {@code {"principal": "Dr. Ana Ruiz"}} from comms, or an empty body from the principal signed in. */
    @POST
    @Path("{id}/visit/approve")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public MediaRequest approveVisit(@Context SecurityContext security, @PathParam("id") String id, ApproveBody body) {
        return media.approveVisit(Requests.id("media request", id), body == null ? null : body.principal(), Requests.user(security));
    }

    /** {@code {"to": "open-records", "description": "..."}}: files the open records request (no search fee for media) and links the two. */
    @POST
    @Path("{id}/convert")
    public MediaRequest convert(@Context SecurityContext security, @PathParam("id") String id, ConvertBody body) {
        long requestId = Requests.id("media request", id);
        if (body == null || !"open-records".equals(body.to())) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must be open-records (the only module a media request converts to)")));
        }
        return media.convertToOpenRecords(requestId, body.description(), Requests.user(security));
    }

    @GET
    @Path("topics")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public List<Topic> topics() {
        return media.topics();
    }

    @GET
    @Path("outlets")
    public Page<Outlet> outlets(@QueryParam("q") String text, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return media.outlets(QueryParams.text(text), PageRequest.parse(offset, limit));
    }

    @POST
    @Path("outlets")
    public Response addOutlet(@Context SecurityContext security, @Context UriInfo uri, Outlet.Draft draft) {
        Outlet created = media.addOutlet(draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("outlets/{id}")
    public OutletDetail outlet(@PathParam("id") String id) {
        long outletId = Requests.id("outlet", id);
        Outlet outlet = media.outlet(outletId).orElseThrow(() -> Requests.notFound("outlet", id));
        return new OutletDetail(outlet, media.journalists(outletId));
    }

    @POST
    @Path("outlets/{id}/journalists")
    public Response addJournalist(@Context SecurityContext security, @Context UriInfo uri, @PathParam("id") String id, Journalist.Draft draft) {
        Journalist created = media.addJournalist(Requests.id("outlet", id), draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("spokespeople")
    public List<Spokesperson> spokespeople() {
        return media.spokespeople();
    }

    @POST
    @Path("spokespeople")
    public Response addSpokesperson(@Context SecurityContext security, @Context UriInfo uri, Spokesperson.Draft draft) {
        Spokesperson created = media.addSpokesperson(draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("statements")
    public List<Statement> statements(@QueryParam("request") String request) {
        Integer requestId = QueryParams.integer("request", request);
        return media.statements(requestId == null ? null : requestId.longValue());
    }

    @POST
    @Path("statements")
    public Response draftStatement(@Context SecurityContext security, @Context UriInfo uri, Statement.Draft draft) {
        Statement created = media.draftStatement(draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("statements/{id}")
    public Statement statement(@PathParam("id") String id) {
        return media.statement(Requests.id("statement", id)).orElseThrow(() -> Requests.notFound("statement", id));
    }

    @POST
    @Path("statements/{id}/approve")
    public Statement approveStatement(@Context SecurityContext security, @PathParam("id") String id) {
        return media.approveStatement(Requests.id("statement", id), Requests.user(security));
    }

    /** {@code ?from=&to=} (dates), {@code &campaign=}: the coverage log for campaign reports. */
    @GET
    @Path("coverage")
    public Page<Coverage> coverage(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("campaign") String campaign,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return media.coverage(date("from", from), date("to", to), QueryParams.text(campaign), PageRequest.parse(offset, limit));
    }

    @POST
    @Path("coverage")
    public Response logCoverage(@Context SecurityContext security, @Context UriInfo uri, Coverage.Draft draft) {
        Coverage created = media.logCoverage(draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    private static LocalDate date(String name, String value) {
        if (QueryParams.text(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(List.of(new FieldError(name, "must be a date such as 2026-09-01")));
        }
    }

    public record TransitionBody(String status, String note) {
    }

    public record AssignBody(Long spokespersonId) {
    }

    public record ApproveBody(String principal) {
    }

    public record ConvertBody(String to, String description) {
    }

    public record OutletDetail(Outlet outlet, List<Journalist> journalists) {
    }
}
