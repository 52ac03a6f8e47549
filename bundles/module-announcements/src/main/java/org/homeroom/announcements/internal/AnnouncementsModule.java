package org.homeroom.announcements.internal;

import java.time.Instant;
import java.util.List;

import javax.annotation.security.PermitAll;
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

import org.homeroom.announcements.api.Announcement;
import org.homeroom.announcements.api.AnnouncementDraft;
import org.homeroom.announcements.api.AnnouncementService;
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
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The announcements module: {@code /api/sites/{code}/announcements}. By the time a method runs, the
 * platform has checked that the module is enabled at the site, the user belongs to the site, and the
 * user has a role the method allows (comms or site staff; admin always), unless it is {@code @PermitAll}.
 */
@Component(service = HomeroomModule.class)
@RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AnnouncementsModule implements HomeroomModule {

    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(JdbcAnnouncementService.MODULE)
            .name("Announcements")
            .description("Site announcements for families and staff, in English and Spanish, with a publish window.")
            .scope(Scope.SITE)
            .defaultSetting("defaultDays", 14)
            .build();

    private final AnnouncementService announcements;
    private final ModuleSettingsService settings;

    @Activate
    public AnnouncementsModule(@Reference AnnouncementService announcements, @Reference ModuleSettingsService settings) {
        this.announcements = announcements;
        this.settings = settings;
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** {@code ?status=scheduled|current|expired|withdrawn|all&q=&limit=&offset=} */
    @GET
    public Page<Announcement> list(@PathParam("code") String site, @QueryParam("status") String status,
            @QueryParam("q") String text, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return announcements.list(site, QueryParams.text(status), QueryParams.text(text), PageRequest.parse(offset, limit));
    }

    @POST
    public Response create(@PathParam("code") String site, @Context SecurityContext security, AnnouncementDraft draft) {
        Announcement created = announcements.create(site, draft, defaultDays(site), user(security));
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/sites/" + site + "/announcements/" + created.id()).entity(created).build();
    }

    @GET
    @Path("{id}")
    public Announcement get(@PathParam("code") String site, @PathParam("id") String id) {
        return announcements.find(site, id(id)).orElseThrow(() -> notFound(site, id));
    }

    @PUT
    @Path("{id}")
    public Announcement update(@PathParam("code") String site, @PathParam("id") String id, @Context SecurityContext security,
            AnnouncementDraft draft) {
        return announcements.update(site, id(id), draft, defaultDays(site), user(security));
    }

    /** Withdraws the announcement; it stays stored with its history. */
    @DELETE
    @Path("{id}")
    public Announcement withdraw(@PathParam("code") String site, @PathParam("id") String id, @Context SecurityContext security) {
        return announcements.withdraw(site, id(id), user(security));
    }

    /** Public, for families: what is current at the site, in one language ({@code ?lang=en|es}, default en). */
    @GET
    @Path("public")
    @PermitAll
    @RateLimited(bucket = "public-pages", perMinute = 120)
    public List<PublicAnnouncement> current(@PathParam("code") String site, @QueryParam("lang") String lang) {
        boolean spanish = lang != null && lang.toLowerCase().startsWith("es");
        if (lang != null && !spanish && !lang.toLowerCase().startsWith("en")) {
            throw ProblemException.invalid(List.of(new FieldError("lang", "must be en or es")));
        }
        return announcements.list(site, "current", null, new PageRequest(0, PageRequest.MAX_LIMIT)).items().stream()
                .map(a -> new PublicAnnouncement(a.id(), spanish ? "es" : "en", spanish ? a.titleEs() : a.titleEn(),
                        spanish ? a.bodyEs() : a.bodyEn(), spanish && a.spanishMachineTranslated(), a.publishFrom(), a.publishUntil()))
                .toList();
    }

    /** One announcement in one language; {@code machineTranslated} tells readers no person reviewed the text. */
    public record PublicAnnouncement(long id, String lang, String title, String body, boolean machineTranslated,
            Instant publishFrom, Instant publishUntil) {
    }

    private int defaultDays(String site) {
        Object days = settings.effective(site, DESCRIPTOR).settings().get("defaultDays");
        return days instanceof Number n ? n.intValue() : 14;
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("There is no announcement '" + id + "'.");
        }
    }

    private static ProblemException notFound(String site, String id) {
        return ProblemException.notFound("Site " + site + " has no announcement " + id + ".");
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
