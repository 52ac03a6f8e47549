package org.homeroom.events.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

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

import org.homeroom.events.api.Event;
import org.homeroom.events.api.EventDraft;
import org.homeroom.events.api.EventQuery;
import org.homeroom.events.api.EventService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.RateLimited;
import org.homeroom.platform.api.QueryParams;
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
        EventQuery query = new EventQuery(QueryParams.instant("from", from), QueryParams.instant("to", to), siteFor(user(security), site),
                QueryParams.text(audience), QueryParams.text(text));
        return events.list(query, PageRequest.parse(offset, limit));
    }

    @POST
    public Response create(@Context SecurityContext security, EventDraft draft) {
        Event created = events.create(draft, user(security));
        return Response.status(Response.Status.CREATED).header("Location", "/api/events/" + created.id()).entity(created).build();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Event get(@Context SecurityContext security, @PathParam("id") String id) {
        CurrentUser user = user(security);
        // site staff: district-wide events and their own sites' events; another site's is 404 as for an unknown one
        return events.find(id(id)).filter(e -> e.siteCodes().isEmpty() || e.siteCodes().stream().anyMatch(user::canAccessSite))
                .orElseThrow(() -> notFound(id));
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
        return events.update(id(id), draft, user(security));
    }

    /** Cancels the event with {@code {"reason": "..."}}; it stays stored and listed as cancelled. */
    @POST
    @Path("{id}/cancel")
    public Event cancel(@PathParam("id") String id, @Context SecurityContext security, CancelRequest request) {
        return events.cancel(id(id), request == null ? null : request.reason(), user(security));
    }

    /** Public, for families: scheduled events not over yet for families or the public, in one language ({@code ?lang=en|es}). */
    @GET
    @Path("public")
    @PermitAll
    @RateLimited(bucket = "public-pages", perMinute = 120)
    public List<PublicEvent> upcoming(@QueryParam("lang") String lang) {
        boolean spanish = spanish(lang);
        return events.upcomingForPublic().stream()
                .map(e -> new PublicEvent(e.id(), spanish ? "es" : "en", spanish ? e.titleEs() : e.titleEn(),
                        spanish ? e.descriptionEs() : e.descriptionEn(), e.startsAt(), e.endsAt(), e.location(), e.siteCodes(),
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

    /** Accepts en or es, also with a region (es-MX); default English. */
    private static boolean spanish(String lang) {
        String primary = QueryParams.text(lang) == null ? "en" : lang.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        if (!primary.equals("en") && !primary.equals("es")) {
            throw ProblemException.invalid(List.of(new FieldError("lang", "must be en or es")));
        }
        return primary.equals("es");
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw notFound(id);
        }
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("There is no district event " + id + ".");
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
