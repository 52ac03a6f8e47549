package org.homeroom.events.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.homeroom.events.api.Event;
import org.homeroom.events.api.EventDraft;
import org.homeroom.events.api.EventQuery;
import org.homeroom.events.api.EventService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.Language;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.RateLimited;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Requests;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The district events module: {@code /api/events}. The communications office (and admin, who passes
 * every role check) writes; site staff may also read the full list; {@code /public} is for families
 * without signing in.
 */
@Component(service = HomeroomModule.class)
@RolesAllowed({Roles.COMMS})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EventsModule implements HomeroomModule {

    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(JdbcEventService.MODULE)
            .name("District events")
            .description("The district events calendar the communications office runs: fairs, public board meetings,"
                    + " enrollment nights, graduations; in English and Spanish.")
            .scope(Scope.DISTRICT)
            .build();

    private final EventService events;

    @Activate
    public EventsModule(@Reference EventService events) {
        this.events = events;
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@code ?from=&to=} (dates or instants; events overlapping the span), {@code &site=&audience=&q=&limit=&offset=} */
    @GET
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Page<Event> list(@Context SecurityContext security, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("site") String site, @QueryParam("audience") String audience, @QueryParam("q") String text,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        EventQuery query = new EventQuery(QueryParams.instant("from", from), QueryParams.instant("to", to), siteFor(Requests.user(security), site),
                QueryParams.text(audience), QueryParams.text(text));
        return events.list(query, PageRequest.parse(offset, limit));
    }

    @POST
    public Response create(@Context SecurityContext security, @Context UriInfo uri, EventDraft draft) {
        Event created = events.create(draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Event get(@Context SecurityContext security, @PathParam("id") String id) {
        CurrentUser user = Requests.user(security);
        // site staff: district-wide events and their own sites' events; another site's is 404 as for an unknown one
        return events.find(Requests.id("district event", id)).filter(e -> e.siteCodes().isEmpty() || e.siteCodes().stream().anyMatch(user::canAccessSite))
                .orElseThrow(() -> Requests.notFound("district event", id));
    }

    /**
     * The list's site filter: anyone who sees all sites filters as they like; site staff see their own
     * site's events and the district-wide ones (403 for another site's; with several sites, name one).
     */
    private static String siteFor(CurrentUser user, String site) {
        String asked = QueryParams.text(site) == null ? null : site.trim().toUpperCase(Locale.ROOT);
        if (user.seesAllSites()) {
            return asked;
        }
        if (asked != null) {
            if (!user.canAccessSite(asked)) {
                throw ProblemException.forbidden("You are not a member of site " + asked + ".");
            }
            return asked;
        }
        if (user.sites().size() != 1) {
            throw ProblemException.invalid(List.of(new FieldError("site", user.sites().isEmpty() ? "you are a member of no site"
                    : "name one of your sites: " + String.join(", ", user.sites()))));
        }
        return user.sites().iterator().next();
    }

    @PUT
    @Path("{id}")
    public Event update(@PathParam("id") String id, @Context SecurityContext security, EventDraft draft) {
        return events.update(Requests.id("district event", id), draft, Requests.user(security));
    }

    /** Cancels the event with {@code {"reason": "..."}}; it stays stored and listed as cancelled. */
    @POST
    @Path("{id}/cancel")
    public Event cancel(@PathParam("id") String id, @Context SecurityContext security, CancelRequest request) {
        return events.cancel(Requests.id("district event", id), request == null ? null : request.reason(), Requests.user(security));
    }

    /** Public, for families: scheduled events not over yet for families or the public, in their language ({@code ?lang=} or Accept-Language). */
    @GET
    @Path("public")
    @PermitAll
    @RateLimited(bucket = "public-pages", perMinute = 120)
    public List<PublicEvent> upcoming(@QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Language language = Language.of(lang, acceptLanguage);
        return events.upcomingForPublic().stream()
                .map(e -> new PublicEvent(e.id(), language.code(), language.pick(e.titleEn(), e.titleEs()),
                        language.pick(e.descriptionEn(), e.descriptionEs()), e.startsAt(), e.endsAt(), e.location(), e.siteCodes(),
                        e.audience()))
                .toList();
    }

    /** Body of {@code POST /{id}/cancel}. */
    public record CancelRequest(String reason) {
    }

    /** One event in one language; {@code siteCodes} empty means district-wide. */
    public record PublicEvent(long id, String lang, String title, String description, Instant startsAt, Instant endsAt,
            String location, List<String> siteCodes, String audience) {
    }
}
