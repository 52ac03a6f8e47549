package org.homeroom.directory.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

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

import org.homeroom.directory.api.ConsentRecord;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.directory.api.ImportReport;
import org.homeroom.directory.api.PeopleQuery;
import org.homeroom.directory.api.Person;
import org.homeroom.directory.api.PersonDetail;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/directory}: OneRoster imports (comms), people with their contacts and consent (comms: all;
 * site staff: their sites' people), consent changes, deletions at a family's request, FERPA opt-outs.
 */
@Component(service = HomeroomModule.class)
@RolesAllowed(Roles.COMMS)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DirectoryModule implements HomeroomModule {

    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(JdbcDirectory.MODULE)
            .name("Directory")
            .description("Families and staff from the student information system (OneRoster), contact points, consent, FERPA opt-outs.")
            .scope(Scope.DISTRICT)
            .build();
    /** The OneRoster files an import reads; anything else in the ZIP is ignored. */
    private static final Set<String> FILES = Set.of("manifest.csv", "orgs.csv", "users.csv", "enrollments.csv", "demographics.csv",
            "homeroom_languages.csv");
    private static final long MAX_UNZIPPED_BYTES = 200L * 1024 * 1024;

    private final DirectoryService directory;

    @Activate
    public DirectoryModule(@Reference DirectoryService directory) {
        this.directory = directory;
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** The body is a ZIP of the OneRoster 1.1 CSV files (as SIS exports deliver them). Answers the import report. */
    @POST
    @Path("imports")
    @Consumes({"application/zip", "application/x-zip-compressed", MediaType.APPLICATION_OCTET_STREAM})
    public Response importZip(@Context SecurityContext security, InputStream body) throws IOException {
        java.nio.file.Path folder = Files.createTempDirectory("homeroom-oneroster");
        try {
            unzip(body, folder);
            ImportReport report = directory.importOneRoster(folder, user(security));
            String location = "/api/directory/imports/" + report.id();
            if (ImportReport.REFUSED.equals(report.state())) {
                throw new ProblemException(422, "Import refused", "Import " + report.id() + " was refused and changed nothing. " + report.reason()
                        + " Its report: " + location + ".", report.refusals().stream()
                        .map(r -> new FieldError(r.file(), r.message())).toList()); // each message names its line
            }
            // held: accepted, nothing applied until a person confirms it (202); applied: 201
            return Response.status(ImportReport.HELD.equals(report.state()) ? Response.Status.ACCEPTED : Response.Status.CREATED)
                    .header("Location", location).entity(report).build();
        } finally {
            try (Stream<java.nio.file.Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Only the known file names, flat, within a size budget: a hostile ZIP cannot write elsewhere or fill the disk. */
    static void unzip(InputStream body, java.nio.file.Path folder) throws IOException {
        long total = 0;
        int found = 0;
        try (ZipInputStream zip = new ZipInputStream(body)) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (entry.isDirectory() || !FILES.contains(name)) {
                    continue;
                }
                if (Files.exists(folder.resolve(name))) {
                    throw ProblemException.invalid(List.of(new FieldError(name, "is in the ZIP twice (in two folders?): send one OneRoster set")));
                }
                try (OutputStream out = Files.newOutputStream(folder.resolve(name))) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n; (n = zip.read(buffer)) > 0;) {
                        total += n;
                        if (total > MAX_UNZIPPED_BYTES) {
                            throw new ProblemException(413, "Import too large", "The unzipped files exceed " + MAX_UNZIPPED_BYTES / 1024 / 1024 + " MB.");
                        }
                        out.write(buffer, 0, n);
                    }
                }
                found++;
            }
        } catch (ZipException e) {
            throw ProblemException.invalid(List.of(new FieldError("body", "is not a readable ZIP file: " + e.getMessage())));
        }
        if (found == 0) {
            throw ProblemException.invalid(List.of(new FieldError("body", "must be a ZIP with the OneRoster files orgs.csv and users.csv")));
        }
    }

    @GET
    @Path("imports/{id}")
    public ImportReport report(@PathParam("id") long id) {
        return directory.importReport(id);
    }

    /** {@code ?state=applied|held|refused|confirmed&limit=&offset=}: the import reports, newest first. */
    @GET
    @Path("imports")
    public Page<ImportReport> imports(@QueryParam("state") String state, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return directory.imports(QueryParams.text(state), PageRequest.parse(offset, limit));
    }

    /** Applies a held import, after a person has read its counts per school. */
    @POST
    @Path("imports/{id}/confirm")
    @Consumes(MediaType.WILDCARD)
    public ImportReport confirm(@Context SecurityContext security, @PathParam("id") long id) {
        return directory.confirmImport(id, user(security));
    }

    /** {@code ?q=&kind=student|guardian|staff&site=&active=&limit=&offset=}; q is part of a name, phone digits or an email. */
    @GET
    @Path("people")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Page<Person> people(@Context SecurityContext security, @QueryParam("q") String text, @QueryParam("kind") String kind,
            @QueryParam("site") String site, @QueryParam("active") String active, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        Boolean activeOnly = active == null || active.isBlank() ? Boolean.TRUE : "all".equalsIgnoreCase(active) ? null : Boolean.valueOf(active);
        return directory.people(new PeopleQuery(QueryParams.text(text), QueryParams.text(kind), QueryParams.text(site), activeOnly),
                PageRequest.parse(offset, limit), user(security));
    }

    @GET
    @Path("people/{sourcedId}")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public PersonDetail person(@Context SecurityContext security, @PathParam("sourcedId") String sourcedId) {
        return directory.person(sourcedId, user(security));
    }

    /** Body of a FERPA opt-out. */
    public record OptOut(String scope, String renewBy) {
    }

    @PUT
    @Path("people/{sourcedId}/ferpa-opt-out")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public PersonDetail optOut(@Context SecurityContext security, @PathParam("sourcedId") String sourcedId, OptOut body) {
        LocalDate renewBy;
        try {
            renewBy = body == null || body.renewBy() == null ? null : LocalDate.parse(body.renewBy());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(List.of(new FieldError("renewBy", "must be a date such as 2027-08-01")));
        }
        return directory.optOut(sourcedId, body == null ? null : body.scope(), renewBy, user(security));
    }

    /** Body of a consent change: {@code {"value": "+14055550123", "categories": ["general"], "state": "revoked", "basis": "phone call", "note": "…"}}. */
    public record ConsentChange(String value, List<String> categories, String state, String basis, String note) {
    }

    @POST
    @Path("consents")
    public List<ConsentRecord> consent(@Context SecurityContext security, ConsentChange change) {
        if (change == null) {
            throw ProblemException.invalid(List.of(new FieldError("body", "a consent change is required")));
        }
        return directory.changeConsent(change.value(), change.categories(), change.state(), change.basis(), change.note(), user(security).name());
    }

    @GET
    @Path("consents")
    public List<ConsentRecord> consentHistory(@QueryParam("value") String value) {
        return directory.consentHistory(value);
    }

    /** Body of a deletion request. */
    public record Suppression(String value, String reason) {
    }

    /** The family asked the district to delete a number or address: it stops at once and never comes back from an import. */
    @POST
    @Path("suppressions")
    public Response suppress(@Context SecurityContext security, Suppression body) {
        directory.suppress(body == null ? null : body.value(), body == null ? null : body.reason(), user(security));
        return Response.noContent().build();
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
