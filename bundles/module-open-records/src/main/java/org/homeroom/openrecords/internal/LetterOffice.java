package org.homeroom.openrecords.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;

import org.homeroom.openrecords.api.Entry;
import org.homeroom.openrecords.api.FeeEstimate;
import org.homeroom.openrecords.api.Letter;
import org.homeroom.openrecords.api.LetterDraft;
import org.homeroom.openrecords.api.OpenRecordsLetters;
import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.calendar.DistrictCalendar;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.documents.LetterPrinter;
import org.homeroom.platform.api.documents.PrintedLetter;
import org.homeroom.platform.api.mail.MailAttachment;
import org.homeroom.platform.api.mail.MailMessage;
import org.homeroom.platform.api.mail.MailService;
import org.homeroom.platform.api.mail.MailStatus;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/**
 * Letters from the templates in {@code /letters/<kind>.<language>.mustache} (first line
 * {@code Subject: …}), merged with the request, rendered as text and PDF, stored in ORR_LETTER and
 * queued in the platform outbox in the same transaction: a letter is on the request if and only if
 * its email is queued.
 */
@Component(service = OpenRecordsLetters.class, configurationPid = OpenRecordsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class LetterOffice implements OpenRecordsLetters {

    static final List<String> KINDS = List.of("acknowledgement", "clarification", "fee-estimate", "closing");
    private static final Map<String, DateTimeFormatter> DATES = Map.of(
            "en", DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US),
            "es", DateTimeFormatter.ofPattern("d 'de' MMMM 'de' yyyy", Locale.forLanguageTag("es")));
    private static final Map<String, String> CLOSURES_EN = Map.of(
            "fulfilled", "the records you asked for were released.",
            "partially-fulfilled", "some records were released and some were withheld, as the law requires.",
            "denied", "the records cannot be released under the law cited below.",
            "no-records", "the district has no records that match your request.",
            "withdrawn", "the request was withdrawn.");
    private static final Map<String, String> CLOSURES_ES = Map.of(
            "fulfilled", "se entregaron los registros que solicitó.",
            "partially-fulfilled", "se entregaron algunos registros y otros se retuvieron, como lo exige la ley.",
            "denied", "los registros no pueden entregarse conforme a la ley citada abajo.",
            "no-records", "el distrito no tiene registros que correspondan a su solicitud.",
            "withdrawn", "la solicitud fue retirada.");
    private static final Map<String, String> FEE_ITEMS_ES = Map.of(
            "copies", "Copias", "certified-copies", "Copias certificadas", "other-media", "Otros medios",
            "search", "Búsqueda", "programming", "Programación");

    private final Database database;
    private final AuditLog audit;
    private final MailService mail;
    private final LetterPrinter printer;
    private final RequestStore store;
    private final OpenRecordsConfig config;
    private final Mustache.Compiler compiler = Mustache.compiler().escapeHTML(false).defaultValue("");
    private final Map<String, Template> templates = new ConcurrentHashMap<>();

    /** Whether a site's staff may see who the requester is: letters name and address them (see {@link StaffView}). */
    private final java.util.function.Predicate<String> siteSeesRequester;

    @Activate
    public LetterOffice(@Reference Database database, @Reference AuditLog audit, @Reference MailService mail, @Reference LetterPrinter printer,
            @Reference org.homeroom.platform.api.sites.ModuleSettingsService settings, org.osgi.framework.BundleContext context,
            OpenRecordsConfig config, @Reference DistrictCalendar calendar) {
        this(database, audit, mail, printer, Clock.systemUTC(), config, calendar, StaffView.seesRequester(settings));
        // whichever component of the bundle starts first creates the tables (migrate is idempotent and locked)
        database.migrate(JdbcOpenRecords.MODULE, context.getBundle());
    }

    LetterOffice(Database database, AuditLog audit, MailService mail, LetterPrinter printer, Clock clock, OpenRecordsConfig config,
            DistrictCalendar calendar) {
        this(database, audit, mail, printer, clock, config, calendar, site -> false);
    }

    LetterOffice(Database database, AuditLog audit, MailService mail, LetterPrinter printer, Clock clock, OpenRecordsConfig config,
            DistrictCalendar calendar, java.util.function.Predicate<String> siteSeesRequester) {
        this.siteSeesRequester = siteSeesRequester;
        this.database = database;
        this.audit = audit;
        this.mail = mail;
        this.printer = printer;
        this.store = new RequestStore(clock, config, calendar);
        this.config = config;
    }

    private record Rendered(String kind, String language, String subject, String body) {
    }

    private record Checked(String kind, String language, String message, boolean email) {
    }

    private static Checked check(LetterDraft draft, String requesterLanguage) {
        String kind = draft == null || draft.kind() == null ? null : draft.kind().trim().toLowerCase(Locale.ROOT);
        String language = draft == null || draft.language() == null || draft.language().isBlank() ? requesterLanguage
                : draft.language().trim().toLowerCase(Locale.ROOT);
        String message = draft == null || draft.message() == null || draft.message().isBlank() ? null : draft.message().strip();
        new Validation().required("kind", kind).check(kind == null || KINDS.contains(kind), "kind", "must be one of " + String.join(", ", KINDS))
                .check(DATES.containsKey(language), "language", "must be en or es")
                .check(!"clarification".equals(kind) || message != null, "message", "a clarification letter needs the question to ask")
                .maxLength("message", message, 4000).throwIfInvalid();
        return new Checked(kind, language, message, draft.email() == null || draft.email());
    }

    @Override
    public Letter preview(String trackingNumber, LetterDraft draft, CurrentUser actor) {
        return database.read(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            Rendered letter = render(c, row, check(draft, row.request().language()));
            return new Letter(0, row.request().trackingNumber(), letter.kind(), letter.language(), letter.subject(), letter.body(),
                    null, null, null, store.clock().instant(), actor.name());
        });
    }

    @Override
    public byte[] previewPdf(String trackingNumber, LetterDraft draft, CurrentUser actor) {
        Letter letter = preview(trackingNumber, draft, actor);
        return pdf(letter.subject(), letter.language(), letter.body());
    }

    private byte[] pdf(String subject, String language, String body) {
        return printer.print(subject, new PrintedLetter(config.districtName() + " · " + config.officeName(), language, body));
    }

    @Override
    public Letter send(String trackingNumber, LetterDraft draft, CurrentUser actor) {
        return database.inTransaction(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            OpenRecordsRequest request = row.request();
            Checked checked = check(draft, request.language());
            if (checked.email() && request.email() == null) {
                throw ProblemException.invalid(List.of(new FieldError("email",
                        "the requester gave no email address; send with \"email\": false and mail the PDF")));
            }
            Rendered letter = render(c, row, checked);
            byte[] pdf = pdf(letter.subject(), letter.language(), letter.body());
            Long mailId = null;
            if (checked.email()) {
                MailMessage message = new MailMessage(List.of(request.email()), letter.subject(), letter.body(), null, config.officeEmail(),
                        List.of(new MailAttachment(request.trackingNumber() + "-" + letter.kind() + ".pdf", "application/pdf", pdf)), Map.of());
                mailId = mail.queue(c, message, JdbcOpenRecords.MODULE + ":" + request.trackingNumber());
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_LETTER (REQUEST_ID, KIND, LANGUAGE, SUBJECT, BODY, PDF, SENT_TO,"
                    + " MAIL_ID, CREATED_AT, CREATED_BY) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, request.id());
                ps.setString(2, letter.kind());
                ps.setString(3, letter.language());
                ps.setString(4, letter.subject());
                ps.setString(5, letter.body());
                ps.setBytes(6, pdf);
                ps.setString(7, checked.email() ? request.email() : null);
                ps.setObject(8, mailId, java.sql.Types.BIGINT);
                ps.setTimestamp(9, Timestamp.from(store.clock().instant()));
                ps.setString(10, actor.name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            String how = checked.email() ? "emailed to " + request.email() + " (message " + mailId + ")" : "prepared for post";
            store.entry(c, request.id(), actor.name(), "letter", "requester", null, null, null,
                    "Letter \"" + letter.subject() + "\" " + how + ".");
            audit.record(c, actor.name(), "open-records.letter", JdbcOpenRecords.ENTITY, request.trackingNumber(),
                    letter.kind() + " " + letter.language() + (mailId == null ? " post" : " mail " + mailId));
            // the outbox row is not committed yet: its state is "queued" (asking the outbox would wait on this transaction)
            return new Letter(id, request.trackingNumber(), letter.kind(), letter.language(), letter.subject(), letter.body(),
                    checked.email() ? request.email() : null, mailId, mailId == null ? null : "queued", store.clock().instant(), actor.name());
        });
    }

    @Override
    public List<Letter> list(String trackingNumber, CurrentUser viewer) {
        return database.read(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, viewer);
            return seesLetters(c, row, viewer) ? letters(c, row.request().id()) : List.<Letter>of();
        });
    }

    @Override
    public byte[] pdf(String trackingNumber, long letterId, CurrentUser viewer) {
        return database.read(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, viewer);
            boolean allowed = seesLetters(c, row, viewer);
            try (PreparedStatement ps = c.prepareStatement("SELECT PDF FROM ORR_LETTER WHERE ID = ? AND REQUEST_ID = ?")) {
                ps.setLong(1, letterId);
                ps.setLong(2, row.request().id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!allowed || !rs.next()) {
                        throw ProblemException.notFound("Request " + row.request().trackingNumber() + " has no letter " + letterId + ".");
                    }
                    return rs.getBytes(1);
                }
            }
        });
    }

    /** Letters name and address the requester: site staff see them only where the office lets them see the requester. */
    private boolean seesLetters(Connection c, RequestStore.Row row, CurrentUser viewer) throws SQLException {
        return StaffView.seesRequester(viewer, RequestStore.assignments(c, row.request().id()), siteSeesRequester);
    }

    private List<Letter> letters(Connection c, long requestId) throws SQLException {
        List<Letter> letters = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT L.ID, R.TRACKING_NUMBER, L.KIND, L.LANGUAGE, L.SUBJECT, L.BODY, L.SENT_TO, L.MAIL_ID,"
                + " L.CREATED_AT, L.CREATED_BY FROM ORR_LETTER L JOIN ORR_REQUEST R ON R.ID = L.REQUEST_ID WHERE L.REQUEST_ID = ?"
                + " ORDER BY L.ID")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long mailId = rs.getLong(8);
                    Long mailRef = rs.wasNull() ? null : mailId;
                    String state = mailRef == null ? null : mail.status(mailRef).map(MailStatus::state).orElse("queued");
                    letters.add(new Letter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                            rs.getString(7), mailRef, state, rs.getTimestamp(9).toInstant(), rs.getString(10)));
                }
            }
        }
        return letters;
    }

    private Rendered render(Connection c, RequestStore.Row row, Checked checked) throws SQLException {
        OpenRecordsRequest r = row.request();
        String language = checked.language();
        DateTimeFormatter dates = DATES.get(language);
        Map<String, Object> fields = new HashMap<>();
        fields.put("name", r.name());
        fields.put("trackingNumber", r.trackingNumber());
        fields.put("description", r.description());
        fields.put("today", dates.format(store.today()));
        fields.put("receivedOn", dates.format(r.receivedOn()));
        fields.put("targetDate", dates.format(r.targetDate()));
        fields.put("acknowledgeBy", dates.format(r.acknowledgeBy()));
        fields.put("districtName", config.districtName());
        fields.put("officeName", config.officeName());
        fields.put("officeEmail", config.officeEmail());
        fields.put("officePhone", config.officePhone());
        fields.put("statusUrl", config.statusUrl().isBlank() ? null : config.statusUrl().replace("{tracking}", r.trackingNumber()));
        fields.put("message", checked.message());
        if ("fee-estimate".equals(checked.kind())) {
            FeeEstimate fee = RequestStore.fromJson(row.feeJson());
            if (fee == null) {
                throw ProblemException.conflict("Request " + r.trackingNumber() + " has no fee estimate yet; estimate the fee first.");
            }
            fields.put("feeLines", fee.lines().stream().map(l -> Map.of("description",
                    "es".equals(language) ? FEE_ITEMS_ES.getOrDefault(l.item(), l.description()) + " (" + l.quantity().stripTrailingZeros().toPlainString()
                            + " × $" + l.unitPrice() + ")" : l.description(), "amount", l.amount().toPlainString())).toList());
            fields.put("feeNotes", "es".equals(language) ? List.of() : fee.notes());
            fields.put("feeTotal", fee.total().toPlainString());
            fields.put("paidTotal", r.paidTotal().setScale(2).toPlainString());
            fields.put("amountDue", fee.total().subtract(r.paidTotal()).max(BigDecimal.ZERO).setScale(2).toPlainString());
        }
        if ("closing".equals(checked.kind())) {
            if (r.closure() == null) {
                throw ProblemException.conflict("Request " + r.trackingNumber() + " is not closed; close it before sending the closing letter.");
            }
            fields.put("closureText", ("es".equals(language) ? CLOSURES_ES : CLOSURES_EN).get(r.closure()));
            List<Entry> entries = RequestStore.entries(c, r.id());
            fields.put("citations", entries.stream().filter(e -> e.citation() != null && "closed".equals(e.toStatus()))
                    .reduce((a, b) -> b).map(e -> List.of(e.citation())).orElse(List.of()));
            List<Map<String, String>> files = released(c, r.id());
            fields.put("files", files);
            fields.put("releasedFiles", !files.isEmpty());
        }
        String text = template(checked.kind(), language).execute(fields);
        int newline = text.indexOf('\n');
        String subject = text.substring(0, newline).replaceFirst("^Subject:\\s*", "").strip();
        return new Rendered(checked.kind(), language, subject, text.substring(newline + 1).strip() + "\n");
    }

    private static List<Map<String, String>> released(Connection c, long requestId) throws SQLException {
        List<Map<String, String>> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT FILE_NAME FROM ORR_FILE WHERE REQUEST_ID = ? AND VISIBILITY <> 'internal' ORDER BY ID")) {
            ps.setLong(1, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.add(Map.of("fileName", rs.getString(1)));
                }
            }
        }
        return files;
    }

    private Template template(String kind, String language) {
        return templates.computeIfAbsent(kind + "." + language, key -> {
            try (InputStream in = LetterOffice.class.getResourceAsStream("/letters/" + key + ".mustache");
                 Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return compiler.compile(reader);
            } catch (IOException | NullPointerException e) {
                throw new IllegalStateException("letter template " + key + " is missing from the bundle", e);
            }
        });
    }
}
