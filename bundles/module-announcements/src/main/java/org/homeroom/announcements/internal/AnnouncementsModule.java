package org.homeroom.announcements.internal;

import java.time.Instant;
import java.util.List;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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

import org.homeroom.announcements.api.Announcement;
import org.homeroom.announcements.api.AnnouncementDraft;
import org.homeroom.announcements.api.AnnouncementService;
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
    public Response create(@PathParam("code") String site, @Context SecurityContext security, @Context UriInfo uri, AnnouncementDraft draft) {
        Announcement created = announcements.create(site, draft, defaultDays(site), Requests.user(security));
        return Requests.created(uri, created.id(), created);
    }

    @GET
    @Path("{id}")
    public Announcement get(@PathParam("code") String site, @PathParam("id") String id) {
        long key = Requests.id("announcement", id);
        return announcements.find(site, key).orElseThrow(() -> Requests.notFound("announcement", id));
    }

    @PUT
    @Path("{id}")
    public Announcement update(@PathParam("code") String site, @PathParam("id") String id, @Context SecurityContext security,
            AnnouncementDraft draft) {
        return announcements.update(site, Requests.id("announcement", id), draft, defaultDays(site), Requests.user(security));
    }

    /** Withdraws the announcement; it stays stored with its history. */
    @DELETE
    @Path("{id}")
    public Announcement withdraw(@PathParam("code") String site, @PathParam("id") String id, @Context SecurityContext security) {
        return announcements.withdraw(site, Requests.id("announcement", id), Requests.user(security));
    }

    /** Public, for families: what is current at the site, in their language ({@code ?lang=} or Accept-Language; en default). */
    @GET
    @Path("public")
    @PermitAll
    @RateLimited(bucket = "public-pages", perMinute = 120)
    public List<PublicAnnouncement> current(@PathParam("code") String site, @QueryParam("lang") String lang,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Language language = Language.of(lang, acceptLanguage);
        return announcements.list(site, "current", null, new PageRequest(0, PageRequest.MAX_LIMIT)).items().stream()
                .map(a -> new PublicAnnouncement(a.id(), language.code(), language.pick(a.titleEn(), a.titleEs()),
                        language.pick(a.bodyEn(), a.bodyEs()), language == Language.ES && a.spanishMachineTranslated(),
                        a.publishFrom(), a.publishUntil()))
                .toList();
    }

    /** One announcement in one language; {@code machineTranslated} tells readers no person reviewed the text. */
    public record PublicAnnouncement(long id, String lang, String title, String body, boolean machineTranslated,
            Instant publishFrom, Instant publishUntil) {
    }

    private int defaultDays(String site) {
        return settings.effective(site, DESCRIPTOR).integer("defaultDays", 14);
    }
}
