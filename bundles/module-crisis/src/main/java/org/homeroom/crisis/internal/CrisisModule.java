package org.homeroom.crisis.internal;

import java.util.List;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.CacheControl;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

import org.homeroom.crisis.api.CrisisService;
import org.homeroom.crisis.api.Disclosure;
import org.homeroom.crisis.api.Incident;
import org.homeroom.crisis.api.IncidentDraft;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.Language;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.RateLimited;
import org.homeroom.platform.api.Requests;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The crisis module: {@code /api/crisis}. Comms (and admin) open incidents and act on any; the people in an
 * incident's roles act on that incident; site staff read their sites' incidents and the district-wide ones.
 * {@code /banner} is public (CORS for any origin, as every public GET) for the websites to poll.
 */
@Component(service = HomeroomModule.class)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CrisisModule implements HomeroomModule {

    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(JdbcCrisisService.MODULE)
            .name("Crisis communication")
            .description("Incidents with the Standard Response Protocol action and a timestamped log, incident roles,"
                    + " communications holds and the public website banner, in English and Spanish.")
            .scope(Scope.DISTRICT)
            .build();
    /** Websites poll the banner; a short shared cache keeps that cheap and a new notice visible within half a minute. */
    static final int BANNER_MAX_AGE = 30;

    private final CrisisService crisis;

    @Activate
    public CrisisModule(@Reference CrisisService crisis) {
        this.crisis = crisis;
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@code ?status=&site=}: comms see all (or one site's); site staff their sites' and the district-wide ones. */
    @GET
    @Path("incidents")
    public List<Incident> list(@Context SecurityContext security, @QueryParam("status") String status, @QueryParam("site") String site) {
        CurrentUser user = Requests.user(security);
        String asked = QueryParams.text(site) == null ? null : site.trim().toUpperCase(java.util.Locale.ROOT);
        if (user.seesAllSites()) {
            return crisis.list(asked, status);
        }
        if (asked != null) {
            if (!user.canAccessSite(asked)) {
                throw ProblemException.forbidden("You are not a member of site " + asked + ".");
            }
            return crisis.list(asked, status);
        }
        return crisis.list(null, status).stream().filter(i -> visible(user, i)).toList();
    }

    @POST
    @Path("incidents")
    @RolesAllowed({Roles.COMMS})
    public Response open(@Context SecurityContext security, @Context UriInfo uri, IncidentDraft draft) {
        Incident created = crisis.open(draft, Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("incidents/{id}")
    public Incident get(@Context SecurityContext security, @PathParam("id") String id) {
        CurrentUser user = Requests.user(security);
        return crisis.find(Requests.id("incident", id)).filter(i -> visible(user, i) || inRole(user, i))
                .orElseThrow(() -> Requests.notFound("incident", id));
    }

    /** {@code {"action": "lockdown", "note": "..."}} */
    @POST
    @Path("incidents/{id}/action")
    public Incident action(@Context SecurityContext security, @PathParam("id") String id, ChangeRequest body) {
        return act(security, id, (incident, user) -> crisis.changeAction(incident, body == null ? null : body.action(), body == null ? null : body.note(), user));
    }

    /** {@code {"status": "contained"|"open"|"closed", "note": "..."}} */
    @POST
    @Path("incidents/{id}/status")
    public Incident status(@Context SecurityContext security, @PathParam("id") String id, ChangeRequest body) {
        return act(security, id, (incident, user) -> crisis.changeStatus(incident, body == null ? null : body.status(), body == null ? null : body.note(), user));
    }

    /** {@code {"entry": "what is known or what was said"}} */
    @POST
    @Path("incidents/{id}/log")
    public Incident log(@Context SecurityContext security, @PathParam("id") String id, LogRequest body) {
        return act(security, id, (incident, user) -> crisis.addLog(incident, body == null ? null : body.entry(), user));
    }

    /** {@code {"role": "lead"|"spokesperson"|"reunification", "user": "name"}} */
    @POST
    @Path("incidents/{id}/roles")
    public Incident role(@Context SecurityContext security, @PathParam("id") String id, RoleRequest body) {
        return act(security, id, (incident, user) -> crisis.assignRole(incident, body == null ? null : body.role(), body == null ? null : body.user(), user));
    }

    /** Starts a communications hold for the incident's sites (the district when none): {@code {"reason": "..."}} optional. */
    @POST
    @Path("incidents/{id}/hold")
    public Incident hold(@Context SecurityContext security, @PathParam("id") String id, ReasonRequest body) {
        return act(security, id, (incident, user) -> crisis.startHold(incident, body == null ? null : body.reason(), user));
    }

    /** Lifts the incident's hold: one logged action. */
    @POST
    @Path("incidents/{id}/hold/lift")
    public Incident lift(@Context SecurityContext security, @PathParam("id") String id, ReasonRequest body) {
        return act(security, id, (incident, user) -> crisis.liftHold(incident, body == null ? null : body.reason(), user));
    }

    /** {@code {"en": "...", "es": "..."}} publishes the website banner; {@code {}} clears it. */
    @POST
    @Path("incidents/{id}/banner")
    public Incident banner(@Context SecurityContext security, @PathParam("id") String id, BannerRequest body) {
        return act(security, id, (incident, user) -> crisis.banner(incident, body == null ? null : body.en(), body == null ? null : body.es(), user));
    }

    /** FERPA health-or-safety disclosures, comms only: {@code {"threat","recipient","information"}}. */
    @POST
    @Path("incidents/{id}/disclosures")
    @RolesAllowed({Roles.COMMS})
    public Response disclose(@Context SecurityContext security, @Context UriInfo uri, @PathParam("id") String id, DisclosureRequest body) {
        DisclosureRequest b = body == null ? new DisclosureRequest(null, null, null) : body;
        Disclosure d = crisis.recordDisclosure(Requests.id("incident", id), b.threat(), b.recipient(), b.information(), Requests.user(security));
        return Requests.created(uri, d.id(), d);
    }

    @GET
    @Path("incidents/{id}/disclosures")
    @RolesAllowed({Roles.COMMS})
    public List<Disclosure> disclosures(@PathParam("id") String id) {
        return crisis.disclosures(Requests.id("incident", id));
    }

    /**
     * Public: the active notices in one language ({@code ?lang=} or Accept-Language), {@code ?site=} for a school's
     * website (its notices and the district-wide ones); an empty list when none.
     */
    @GET
    @Path("banner")
    @PermitAll
    @RateLimited(bucket = "public-pages", perMinute = 600)
    public Response publicBanner(@QueryParam("lang") String lang, @QueryParam("site") String site,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Language language = Language.of(lang, acceptLanguage);
        String code = QueryParams.text(site) == null ? null : site.trim().toUpperCase(java.util.Locale.ROOT);
        List<BannerNotice> notices = crisis.banners().stream()
                .filter(i -> code == null || i.sites().isEmpty() || i.sites().contains(code))
                .map(i -> new BannerNotice(i.id(), language.code(), language.pick(i.bannerEn(), i.bannerEs()), i.sites(), i.drill(), i.updatedAt()))
                .toList();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(BANNER_MAX_AGE);
        cache.setPrivate(false);
        return Response.ok(new Banner(language.code(), notices)).cacheControl(cache).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE).build();
    }

    private Incident act(SecurityContext security, String rawId, Act work) {
        CurrentUser user = actor(security, rawId);
        return work.on(Requests.id("incident", rawId), user);
    }

    /** One change to one incident by one user. */
    @FunctionalInterface
    interface Act {
        Incident on(long incident, CurrentUser user);
    }

    /** Comms (admin) act on any incident; anyone else only on one where they hold a role (404 if they cannot even see it). */
    private CurrentUser actor(SecurityContext security, String rawId) {
        CurrentUser user = Requests.user(security);
        if (user.hasRole(Roles.COMMS)) {
            return user;
        }
        Incident incident = crisis.find(Requests.id("incident", rawId)).orElseThrow(() -> Requests.notFound("incident", rawId));
        if (inRole(user, incident)) {
            return user;
        }
        if (!visible(user, incident)) {
            throw Requests.notFound("incident", rawId);
        }
        throw ProblemException.forbidden("Only comms and the incident's lead, spokesperson or reunification staff act on incident " + rawId + ".");
    }

    static boolean visible(CurrentUser user, Incident i) {
        return user.seesAllSites() || i.sites().isEmpty() || i.sites().stream().anyMatch(user::canAccessSite);
    }

    static boolean inRole(CurrentUser user, Incident i) {
        return i.roles().values().stream().anyMatch(users -> users.contains(user.name()));
    }

    public record ChangeRequest(String action, String status, String note) {
    }

    public record LogRequest(String entry) {
    }

    public record RoleRequest(String role, String user) {
    }

    public record ReasonRequest(String reason) {
    }

    public record DisclosureRequest(String threat, String recipient, String information) {
    }

    public record BannerRequest(String en, String es) {
    }

    /** The public banner: {@code notices} empty when there is nothing to show. */
    public record Banner(String lang, List<BannerNotice> notices) {
    }

    public record BannerNotice(long incident, String lang, String text, List<String> sites, boolean drill, java.time.Instant updatedAt) {
    }
}
