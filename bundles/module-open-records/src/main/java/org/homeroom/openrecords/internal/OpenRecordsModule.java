package org.homeroom.openrecords.internal;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

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
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.StreamingOutput;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.homeroom.openrecords.api.ArchiveItem;
import org.homeroom.openrecords.api.FeeWork;
import org.homeroom.openrecords.api.FileContent;
import org.homeroom.openrecords.api.Letter;
import org.homeroom.openrecords.api.LetterDraft;
import org.homeroom.openrecords.api.OpenRecordsFiles;
import org.homeroom.openrecords.api.OpenRecordsLetters;
import org.homeroom.openrecords.api.OpenRecordsReminders;
import org.homeroom.openrecords.api.RecordFile;
import org.homeroom.openrecords.api.ReminderRun;
import org.homeroom.openrecords.api.Intake;
import org.homeroom.openrecords.api.NoteDraft;
import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.OpenRecordsService;
import org.homeroom.openrecords.api.Payment;
import org.homeroom.openrecords.api.PublicStatus;
import org.homeroom.openrecords.api.Receipt;
import org.homeroom.openrecords.api.Report;
import org.homeroom.openrecords.api.RequestDetail;
import org.homeroom.openrecords.api.RequestQuery;
import org.homeroom.openrecords.api.Transition;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.HomeroomModule;
import org.homeroom.platform.api.ModuleDescriptor;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.RateLimited;
import org.homeroom.platform.api.QueryParams;
import org.homeroom.platform.api.SpreadsheetCells;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Scope;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /api/open-records}: the public portal (submit, status with the tracking number and token)
 * and the comms office's workflow. Public calls are limited per client address by the platform
 * ({@link RateLimited}: one budget for the whole portal, as before).
 */
@Component(service = HomeroomModule.class)
@RolesAllowed(Roles.COMMS)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OpenRecordsModule implements HomeroomModule {

    static final ModuleDescriptor DESCRIPTOR = ModuleDescriptor.builder(JdbcOpenRecords.MODULE)
            .name("Open records")
            .description("Oklahoma Open Records Act requests: public portal, staff workflow, business-day deadlines, fees.")
            .scope(Scope.DISTRICT)
            // site staff see who the requester is (name, contact, letters) only where the office turns this on
            .defaultSetting(StaffView.SEE_REQUESTER, false)
            .build();

    /** The portal's calls share one budget per client: 30 a minute (the limit the portal always had). */
    static final String PUBLIC_LIMIT = "open-records";
    static final int PUBLIC_PER_MINUTE = 30;

    private final OpenRecordsService records;
    private final OpenRecordsFiles files;
    private final OpenRecordsLetters letters;
    private final OpenRecordsReminders reminders;

    @Activate
    public OpenRecordsModule(@Reference OpenRecordsService records, @Reference OpenRecordsFiles files, @Reference OpenRecordsLetters letters,
            @Reference OpenRecordsReminders reminders) {
        this.records = records;
        this.files = files;
        this.letters = letters;
        this.reminders = reminders;
    }

    @Override
    public ModuleDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * The portal (anyone) and staff entry (comms, any channel). A transcript or job question gets
     * 200 with where to go and no request is created; a request gets 201 with its receipt.
     */
    @POST
    @Path("requests")
    @PermitAll
    @RateLimited(bucket = PUBLIC_LIMIT, perMinute = PUBLIC_PER_MINUTE)
    public Response submit(@Context SecurityContext security, Intake intake) {
        CurrentUser staff = CurrentUser.of(security).filter(u -> u.hasRole(Roles.COMMS)).orElse(null);
        var redirect = records.redirectFor(intake);
        if (redirect.isPresent()) {
            return Response.ok(Map.of("created", false, "redirect", redirect.get())).build();
        }
        if (staff == null && intake != null && !Boolean.TRUE.equals(intake.confirmedNotDuplicate())) {
            List<ArchiveItem> similar = records.similarReleases(intake.description(), 5);
            if (!similar.isEmpty()) {
                return Response.ok(Map.of("created", false, "suggestions", similar,
                        "messageEn", "These records were already released and may be what you need. To file your request anyway, send it again with \"confirmedNotDuplicate\": true.",
                        "messageEs", "Estos registros ya se publicaron y pueden ser lo que necesita. Para presentar su solicitud de todos modos, envíela de nuevo con \"confirmedNotDuplicate\": true.")).build();
            }
        }
        Receipt receipt = records.submit(intake, staff);
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/open-records/requests/" + receipt.trackingNumber() + "/status").entity(receipt).build();
    }

    /** For the requester: the token comes as {@code X-Tracking-Token} (or {@code ?token=} from an emailed link). */
    @GET
    @Path("requests/{tracking}/status")
    @PermitAll
    @RateLimited(bucket = PUBLIC_LIMIT, perMinute = PUBLIC_PER_MINUTE)
    public PublicStatus status(@PathParam("tracking") String tracking,
            @HeaderParam("X-Tracking-Token") String headerToken, @QueryParam("token") String queryToken) {
        return records.publicStatus(tracking, headerToken != null ? headerToken : queryToken)
                .orElseThrow(() -> ProblemException.notFound("No request matches this tracking number and token."));
    }

    /** The public archive of released records: {@code ?q=&limit=&offset=}. */
    @GET
    @Path("archive")
    @PermitAll
    @RateLimited(bucket = PUBLIC_LIMIT, perMinute = PUBLIC_PER_MINUTE)
    public Page<ArchiveItem> archive(@QueryParam("q") String text, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return records.archive(QueryParams.text(text), PageRequest.parse(offset, limit));
    }

    /** What the archive shows of a request: the staff-written summary and which released files (the office only). */
    @GET
    @Path("requests/{tracking}/publication")
    public org.homeroom.openrecords.api.Publication publication(@Context SecurityContext security, @PathParam("tracking") String tracking) {
        return records.publication(tracking, user(security));
    }

    /**
     * {@code {"summary": "…", "fileIds": [12, 13], "published": true}}: replaces what the archive shows of the
     * request, item by item. Nothing else of the request (requester, description, notes) is ever public.
     */
    @PUT
    @Path("requests/{tracking}/publication")
    public org.homeroom.openrecords.api.Publication publish(@Context SecurityContext security, @PathParam("tracking") String tracking,
            org.homeroom.openrecords.api.PublicationDraft draft) {
        return records.publish(tracking, draft, user(security));
    }

    @GET
    @Path("reports")
    public Report report() {
        return records.report();
    }

    /** Requests received between {@code from} and {@code to} (dates, default: this year so far) as CSV, without contact details. */
    @GET
    @Path("reports/requests.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate start = date("from", from, LocalDate.now().withDayOfYear(1));
        LocalDate end = date("to", to, LocalDate.now());
        if (end.isBefore(start)) {
            throw ProblemException.invalid(List.of(new FieldError("to", "must not be before from")));
        }
        List<List<String>> rows = records.export(start, end);
        StreamingOutput body = out -> {
            try (CSVPrinter csv = new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), CSVFormat.DEFAULT)) {
                for (List<String> row : rows) {
                    csv.printRecord(SpreadsheetCells.row(row)); // requesters write these: a cell is never a formula
                }
            }
        };
        return Response.ok(body, "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"open-records-" + start + "-to-" + end + ".csv\"").build();
    }

    private static LocalDate date(String name, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid(List.of(new FieldError(name, "must be a date such as 2026-11-24")));
        }
    }

    /**
     * Staff list: {@code ?status=&requesterType=&overdue=true&department=&assignee=&q=&limit=&offset=}, soonest target first.
     * Site staff get only the requests on which one of their sites still owes work, without who asked
     * (unless {@code siteStaffSeeRequester}), and their {@code q} matches tracking number and description only.
     */
    @GET
    @Path("requests")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Page<OpenRecordsRequest> list(@Context SecurityContext security, @QueryParam("status") String status, @QueryParam("requesterType") String type,
            @QueryParam("overdue") String overdue, @QueryParam("q") String text, @QueryParam("department") String department,
            @QueryParam("assignee") String assignee, @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return records.list(new RequestQuery(QueryParams.text(status), QueryParams.text(type), "true".equalsIgnoreCase(overdue),
                QueryParams.text(text), QueryParams.text(department), QueryParams.text(assignee)), PageRequest.parse(offset, limit), user(security));
    }

    /** {@code {"department": "legal", "note": "…"}}: the department now owes work on the request. */
    @POST
    @Path("requests/{tracking}/assignments")
    public Response assign(@Context SecurityContext security, @PathParam("tracking") String tracking, AssignmentDraft draft) {
        return Response.status(Response.Status.CREATED)
                .entity(records.assign(tracking, draft == null ? null : draft.department(), draft == null ? null : draft.note(), user(security)))
                .build();
    }

    /** Body of an assignment. */
    public record AssignmentDraft(String department, String note) {
    }

    /** The signed-in user takes the department's work ({@code ?takeOver=true} from a colleague who is away). */
    @POST
    @Path("requests/{tracking}/assignments/{department}/claim")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public RequestDetail claim(@Context SecurityContext security, @PathParam("tracking") String tracking,
            @PathParam("department") String department, @QueryParam("takeOver") String takeOver) {
        return records.claim(tracking, department, "true".equalsIgnoreCase(takeOver), user(security));
    }

    @POST
    @Path("requests/{tracking}/assignments/{department}/done")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public RequestDetail finish(@Context SecurityContext security, @PathParam("tracking") String tracking,
            @PathParam("department") String department) {
        return records.finish(tracking, department, user(security));
    }

    @GET
    @Path("requests/{tracking}")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public RequestDetail detail(@Context SecurityContext security, @PathParam("tracking") String tracking) {
        return records.detail(tracking, user(security));
    }

    @POST
    @Path("requests/{tracking}/transitions")
    public RequestDetail transition(@Context SecurityContext security, @PathParam("tracking") String tracking, Transition transition) {
        return records.transition(tracking, transition, user(security));
    }

    /** Site staff may add internal notes to requests assigned to them. */
    @POST
    @Path("requests/{tracking}/notes")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Response note(@Context SecurityContext security, @PathParam("tracking") String tracking, NoteDraft note) {
        return Response.status(Response.Status.CREATED).entity(records.note(tracking, note, user(security))).build();
    }

    /** {@code {"businessDays": 5, "reason": "…"}}: the requester sees the new target date and why. */
    @POST
    @Path("requests/{tracking}/extensions")
    public RequestDetail extend(@Context SecurityContext security, @PathParam("tracking") String tracking, Extension extension) {
        if (extension == null || extension.businessDays() == null) {
            throw ProblemException.invalid(List.of(new FieldError("businessDays", "is required")));
        }
        return records.extend(tracking, extension.businessDays(), extension.reason(), user(security));
    }

    /** Body of an extension. */
    public record Extension(Integer businessDays, String reason) {
    }

    @POST
    @Path("requests/{tracking}/fee-estimate")
    public RequestDetail estimate(@Context SecurityContext security, @PathParam("tracking") String tracking, FeeWork work) {
        return records.estimateFee(tracking, work, user(security));
    }

    @POST
    @Path("requests/{tracking}/payments")
    public Response pay(@Context SecurityContext security, @PathParam("tracking") String tracking, Payment payment) {
        return Response.status(Response.Status.CREATED).entity(records.recordPayment(tracking, payment, user(security))).build();
    }

    // ------------------------------------------------------------------ files

    /**
     * Upload: the body is the file itself, its {@code Content-Type} one of the accepted types;
     * {@code ?name=report.pdf&visibility=internal|requester|public}.
     */
    @POST
    @Path("requests/{tracking}/files")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Response upload(@Context SecurityContext security, @PathParam("tracking") String tracking, @QueryParam("name") String name,
            @QueryParam("visibility") String visibility, @HeaderParam("Content-Type") String contentType, InputStream body) {
        RecordFile file = files.upload(tracking, name, contentType, visibility, body, user(security));
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/open-records/requests/" + file.trackingNumber() + "/files/" + file.id()).entity(file).build();
    }

    @GET
    @Path("requests/{tracking}/files")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public List<RecordFile> files(@Context SecurityContext security, @PathParam("tracking") String tracking) {
        return files.list(tracking, user(security));
    }

    @GET
    @Path("requests/{tracking}/files/{id}")
    @Produces(MediaType.WILDCARD)
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Response download(@Context SecurityContext security, @PathParam("tracking") String tracking, @PathParam("id") long id) {
        return attachment(files.download(tracking, id, user(security)));
    }

    /** The requester's download of a released file, with the token as for the status. */
    @GET
    @Path("requests/{tracking}/released-files/{id}")
    @Produces(MediaType.WILDCARD)
    @PermitAll
    @RateLimited(bucket = PUBLIC_LIMIT, perMinute = PUBLIC_PER_MINUTE)
    public Response requesterDownload(@PathParam("tracking") String tracking, @PathParam("id") long id,
            @HeaderParam("X-Tracking-Token") String headerToken, @QueryParam("token") String queryToken) {
        return attachment(files.requesterDownload(tracking, headerToken != null ? headerToken : queryToken, id)
                .orElseThrow(() -> ProblemException.notFound("No released file matches this tracking number, token and file.")));
    }

    /** A file released to the public, linked from the archive. */
    @GET
    @Path("archive/files/{id}")
    @Produces(MediaType.WILDCARD)
    @PermitAll
    @RateLimited(bucket = PUBLIC_LIMIT, perMinute = PUBLIC_PER_MINUTE)
    public Response publicDownload(@PathParam("id") long id) {
        return attachment(files.publicDownload(id).orElseThrow(() -> ProblemException.notFound("There is no public file " + id + ".")));
    }

    private static Response attachment(FileContent content) {
        String name = content.file().fileName();
        String ascii = name.replaceAll("[^\\x20-\\x7E]", "_");
        String encoded = java.net.URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return Response.ok(content.content(), content.file().contentType())
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded)
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("Cache-Control", "private, no-store").build();
    }

    // ------------------------------------------------------------------ letters

    /** Renders, stores and emails a letter: {@code {"kind": "acknowledgement", "language": "es", "message": "…", "email": true}}. */
    @POST
    @Path("requests/{tracking}/letters")
    public Response sendLetter(@Context SecurityContext security, @PathParam("tracking") String tracking, LetterDraft draft) {
        Letter letter = letters.send(tracking, draft, user(security));
        return Response.status(Response.Status.CREATED)
                .header("Location", "/api/open-records/requests/" + letter.trackingNumber() + "/letters/" + letter.id() + "/pdf").entity(letter).build();
    }

    /** The letter as it would be sent (text), nothing stored or sent. */
    @POST
    @Path("requests/{tracking}/letters/preview")
    public Letter previewLetter(@Context SecurityContext security, @PathParam("tracking") String tracking, LetterDraft draft) {
        return letters.preview(tracking, draft, user(security));
    }

    /** The letter as it would be sent, as PDF. */
    @POST
    @Path("requests/{tracking}/letters/preview.pdf")
    @Produces("application/pdf")
    public Response previewLetterPdf(@Context SecurityContext security, @PathParam("tracking") String tracking, LetterDraft draft) {
        return Response.ok(letters.previewPdf(tracking, draft, user(security)), "application/pdf").build();
    }

    @GET
    @Path("requests/{tracking}/letters")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public List<Letter> letters(@Context SecurityContext security, @PathParam("tracking") String tracking) {
        return letters.list(tracking, user(security));
    }

    @GET
    @Path("requests/{tracking}/letters/{id}/pdf")
    @Produces("application/pdf")
    @RolesAllowed({Roles.COMMS, Roles.SITE_STAFF})
    public Response letterPdf(@Context SecurityContext security, @PathParam("tracking") String tracking, @PathParam("id") long id) {
        return Response.ok(letters.pdf(tracking, id, user(security)), "application/pdf")
                .header("Content-Disposition", "inline; filename=\"" + tracking.replaceAll("[^A-Za-z0-9-]", "") + "-letter-" + id + ".pdf\"").build();
    }

    /** Runs the due-soon / overdue reminder check now (it also runs on its own schedule). */
    @POST
    @Path("reminders")
    public ReminderRun remind(@Context SecurityContext security) {
        return reminders.remindNow(user(security).name());
    }

    private static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }
}
