package org.homeroom.openrecords.internal;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.openrecords.api.ArchiveItem;
import org.homeroom.openrecords.api.Assignment;
import org.homeroom.openrecords.api.Entry;
import org.homeroom.openrecords.api.FeeEstimate;
import org.homeroom.openrecords.api.FeeWork;
import org.homeroom.openrecords.api.Intake;
import org.homeroom.openrecords.api.NoteDraft;
import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.OpenRecordsService;
import org.homeroom.openrecords.api.Payment;
import org.homeroom.openrecords.api.PublicStatus;
import org.homeroom.openrecords.api.Receipt;
import org.homeroom.openrecords.api.Redirect;
import org.homeroom.openrecords.api.RequestDetail;
import org.homeroom.openrecords.api.Report;
import org.homeroom.openrecords.api.RequestQuery;
import org.homeroom.openrecords.api.RequesterType;
import org.homeroom.openrecords.api.Transition;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.calendar.BusinessCalendar;
import org.homeroom.platform.api.calendar.DistrictCalendar;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.sites.ModuleSettingsService;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/** Open records requests in ORR_REQUEST / ORR_ENTRY: every step an entry, every change audited. */
@Component(service = OpenRecordsService.class, configurationPid = OpenRecordsConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OpenRecordsConfig.class)
public class JdbcOpenRecords implements OpenRecordsService {

    static final String MODULE = "open-records";
    static final String ENTITY = "open-records-request";
    private static final Set<String> CHANNELS = Set.of("portal", "phone", "email", "mail", "in-person");
    private static final Set<String> FORMATS = Set.of("electronic", "paper", "inspection");
    /** A note is for staff or for the requester; the public archive has its own, staff-written text ({@link Archive}). */
    private static final Set<String> VISIBILITIES = Set.of("internal", "requester");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]{2,}");
    private static final Pattern PHONE = Pattern.compile("[0-9+()\\-. x]{7,40}");
    private static final Pattern CONTROL = Pattern.compile(".*[\\p{Cntrl}&&[^\\t\\n\\r]].*", Pattern.DOTALL);

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final RequestStore store;
    private final FeeEngine fees;
    private final int acknowledgeDays;
    private final int targetDays;
    private final List<String> departments;

    private final SiteService sites;
    /** Whether a site's staff may see who the requester is (module setting {@value StaffView#SEE_REQUESTER}). */
    private final java.util.function.Predicate<String> siteSeesRequester;
    private final Archive archive;
    /** Optional: the platform's one search, fed in the request's own transaction (OpenRecordsSearch). */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile org.homeroom.platform.api.search.SearchIndex search;

    @Activate
    public JdbcOpenRecords(@Reference Database database, @Reference AuditLog audit, @Reference SiteService sites,
            @Reference ModuleSettingsService settings, BundleContext context, OpenRecordsConfig config, @Reference DistrictCalendar calendar) {
        this(database, audit, sites, Clock.systemUTC(), config, calendar, StaffView.seesRequester(settings));
        database.migrate(MODULE, context.getBundle());
    }

    JdbcOpenRecords(Database database, AuditLog audit, SiteService sites, Clock clock, OpenRecordsConfig config, DistrictCalendar calendar) {
        this(database, audit, sites, clock, config, calendar, site -> false);
    }

    JdbcOpenRecords(Database database, AuditLog audit, SiteService sites, Clock clock, OpenRecordsConfig config, DistrictCalendar calendar,
            java.util.function.Predicate<String> siteSeesRequester) {
        this.siteSeesRequester = siteSeesRequester;
        this.database = database;
        this.sites = sites;
        this.audit = audit;
        this.clock = clock;
        this.store = new RequestStore(clock, config, calendar);
        this.archive = new Archive(database, audit, store);
        FeeSchedule schedule = new FeeSchedule(new BigDecimal(config.copyPerPage()), new BigDecimal(config.certifiedPerPage()),
                new BigDecimal(config.searchPerHour()), new BigDecimal(config.programmingPerHour()));
        // 51 O.S. §24A.5 caps copies; a schedule above the caps is refused rather than charged
        if (schedule.copyPerPage().compareTo(new BigDecimal("0.25")) > 0 || schedule.certifiedPerPage().compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("copy fees above the 51 O.S. §24A.5 maximum ($0.25/page, $1.00/page certified)");
        }
        this.fees = new FeeEngine(schedule);
        this.acknowledgeDays = config.acknowledgeBusinessDays();
        this.targetDays = config.targetBusinessDays();
        this.departments = java.util.Arrays.stream(config.departments().split(",")).map(String::trim).filter(d -> !d.isEmpty()).toList();
    }

    private LocalDate today() {
        return store.today();
    }

    // ------------------------------------------------------------------ intake

    @Override
    public Optional<Redirect> redirectFor(Intake intake) {
        return intake == null || Boolean.TRUE.equals(intake.confirmedNotTranscriptOrJob()) ? Optional.empty() : Redirects.of(intake.description());
    }

    @Override
    public Receipt submit(Intake intake, CurrentUser staff) {
        Intake valid = validate(intake, staff != null);
        String token = Tokens.newToken();
        LocalDate received = today();
        LocalDate acknowledgeBy = store.calendar().addBusinessDays(received, acknowledgeDays);
        LocalDate target = store.calendar().addBusinessDays(received, targetDays);
        String actor = staff == null ? "public" : staff.name();
        String tracking = database.inTransaction(c -> {
            String number = Tokens.trackingNumber(received.getYear(), nextNumber(c, received.getYear()));
            Timestamp now = Timestamp.from(clock.instant());
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_REQUEST (TRACKING_NUMBER, TOKEN_HASH, CHANNEL, REQUESTER_NAME,"
                    + " REQUESTER_EMAIL, REQUESTER_PHONE, ORGANISATION, REQUESTER_TYPE, LANGUAGE, DESCRIPTION, PREFERRED_FORMAT, COMMERCIAL,"
                    + " STATUS, RECEIVED_ON, ACKNOWLEDGE_BY, TARGET_DATE, PAID_TOTAL, CREATED_AT, CREATED_BY, UPDATED_AT)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, number);
                ps.setString(2, Tokens.hash(token));
                ps.setString(3, valid.channel());
                ps.setString(4, valid.name());
                ps.setString(5, valid.email());
                ps.setString(6, valid.phone());
                ps.setString(7, valid.organisation());
                ps.setString(8, valid.requesterType());
                ps.setString(9, valid.language());
                ps.setString(10, valid.description());
                ps.setString(11, valid.preferredFormat());
                ps.setBoolean(12, valid.commercialPurpose());
                ps.setString(13, Workflow.RECEIVED);
                ps.setDate(14, Date.valueOf(received));
                ps.setDate(15, Date.valueOf(acknowledgeBy));
                ps.setDate(16, Date.valueOf(target));
                ps.setTimestamp(17, now);
                ps.setString(18, actor);
                ps.setTimestamp(19, now);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            store.entry(c, id, actor, "status", "requester", null, Workflow.RECEIVED, null, "Request received through " + valid.channel() + ".");
            audit.record(c, actor, "open-records.submit", ENTITY, number, valid.requesterType() + " via " + valid.channel());
            OpenRecordsSearch.index(search, c, number, valid.description(), valid.name(), valid.organisation());
            return number;
        });
        return new Receipt(tracking, token, Workflow.RECEIVED, acknowledgeBy, target,
                "Your request " + tracking + " was received. Keep this number and the token to check its status. We will acknowledge it by "
                        + acknowledgeBy + ".",
                "Recibimos su solicitud " + tracking + ". Guarde este número y el código para consultar su estado. La confirmaremos a más tardar el "
                        + acknowledgeBy + ".");
    }

    private Intake validate(Intake intake, boolean staff) {
        Validation v = new Validation();
        if (intake == null) {
            v.check(false, "body", "a request object is required").throwIfInvalid();
        }
        String channel = intake.channel() == null || intake.channel().isBlank() ? "portal" : intake.channel().trim().toLowerCase(Locale.ROOT);
        String language = intake.language() == null || intake.language().isBlank() ? "en" : intake.language().trim().toLowerCase(Locale.ROOT);
        String format = intake.preferredFormat() == null || intake.preferredFormat().isBlank() ? "electronic"
                : intake.preferredFormat().trim().toLowerCase(Locale.ROOT);
        Optional<RequesterType> type = RequesterType.parse(intake.requesterType() == null ? "public" : intake.requesterType());
        v.required("name", intake.name()).maxLength("name", intake.name(), 200)
                .maxLength("organisation", intake.organisation(), 200)
                .matches("email", blankToNull(intake.email()), EMAIL, "must be an email address")
                .matches("phone", blankToNull(intake.phone()), PHONE, "must be a phone number")
                .check(blankToNull(intake.email()) != null || blankToNull(intake.phone()) != null || !"portal".equals(channel),
                        "email", "an email address or a phone number is needed to send the response")
                .required("description", intake.description()).maxLength("description", intake.description(), 8000)
                .check(type.isPresent(), "requesterType", "must be one of parent, vendor, business, media, elected-official,"
                        + " government-agency, employee, other-district, public")
                .check(Set.of("en", "es").contains(language), "language", "must be en or es")
                .check(FORMATS.contains(format), "preferredFormat", "must be electronic, paper or inspection")
                .check(CHANNELS.contains(channel), "channel", "must be portal, phone, email, mail or in-person")
                .check(staff || "portal".equals(channel), "channel", "only staff record requests that came by phone, email, mail or in person");
        for (String[] f : new String[][] {{"name", intake.name()}, {"organisation", intake.organisation()}, {"description", intake.description()}}) {
            v.check(f[1] == null || !CONTROL.matcher(f[1]).matches(), f[0], "must not contain control characters");
        }
        v.throwIfInvalid();
        return new Intake(intake.name().strip(), blankToNull(intake.email()), blankToNull(intake.phone()), blankToNull(intake.organisation()),
                type.orElseThrow().code(), language, intake.description().strip(), format, Boolean.TRUE.equals(intake.commercialPurpose()),
                channel, intake.confirmedNotTranscriptOrJob(), intake.confirmedNotDuplicate());
    }

    /** The year's next number under the counter row's lock, so two requests never share one. */
    private static int nextNumber(Connection c, int year) throws SQLException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (PreparedStatement up = c.prepareStatement("UPDATE ORR_COUNTER SET LAST_NUMBER = LAST_NUMBER + 1 WHERE COUNTER_YEAR = ?")) {
                up.setInt(1, year);
                if (up.executeUpdate() == 1) {
                    try (PreparedStatement q = c.prepareStatement("SELECT LAST_NUMBER FROM ORR_COUNTER WHERE COUNTER_YEAR = ?")) {
                        q.setInt(1, year);
                        try (ResultSet rs = q.executeQuery()) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO ORR_COUNTER (COUNTER_YEAR, LAST_NUMBER) VALUES (?, 1)")) {
                ins.setInt(1, year);
                ins.executeUpdate();
                return 1;
            } catch (SQLException e) {
                if (!e.getSQLState().startsWith("23")) {
                    throw e; // someone else opened the year first: count on from their row
                }
            }
        }
        throw new SQLException("could not number the request", "40001");
    }

    // ------------------------------------------------------------------ staff

    @Override
    public Page<OpenRecordsRequest> list(RequestQuery query, PageRequest page, CurrentUser viewer) {
        // read in target-date order and stop at the page (see V4); filters are checked row by row on the way
        StringBuilder where = new StringBuilder("FROM ORR_REQUEST R --DERBY-PROPERTIES index=ORR_REQUEST_TARGET\n WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        boolean siteStaff = StaffView.restricted(viewer);
        if (siteStaff) {
            // site staff: only requests on which one of their sites still owes work (see RequestStore.visibleTo)
            if (viewer.sites().isEmpty()) {
                where.append(" AND 1 = 0");
            } else {
                where.append(" AND EXISTS (SELECT 1 FROM ORR_ASSIGNMENT V WHERE V.REQUEST_ID = R.ID AND V.STATE <> 'done' AND V.DEPARTMENT IN (");
                where.append(String.join(", ", java.util.Collections.nCopies(viewer.sites().size(), "?"))).append("))");
                args.addAll(viewer.sites());
            }
        }
        if (query.status() != null) {
            if (!Workflow.STATUSES.contains(query.status())) {
                throw ProblemException.invalid(List.of(new FieldError("status", "must be one of " + String.join(", ", Workflow.STATUSES))));
            }
            where.append(" AND R.STATUS = ?");
            args.add(query.status());
        }
        if (query.requesterType() != null) {
            where.append(" AND R.REQUESTER_TYPE = ?");
            args.add(RequesterType.parse(query.requesterType()).orElseThrow(() -> ProblemException.invalid(
                    List.of(new FieldError("requesterType", "is not a requester type")))).code());
        }
        if (query.overdue()) {
            where.append(" AND R.STATUS <> 'closed' AND R.TARGET_DATE < ?");
            args.add(Date.valueOf(today()));
        }
        if (query.department() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM ORR_ASSIGNMENT A WHERE A.REQUEST_ID = R.ID AND A.DEPARTMENT = ? AND A.STATE <> 'done')");
            args.add(department(query.department()));
        }
        if (query.assignee() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM ORR_ASSIGNMENT A WHERE A.REQUEST_ID = R.ID AND A.ASSIGNEE = ? AND A.STATE = 'claimed')");
            args.add(query.assignee());
        }
        if (query.text() != null && siteStaff) {
            // site staff search what they see: never by the requester's name or by other parts' notes
            String like = PagedQuery.containsPattern(query.text());
            where.append(" AND (LOWER(R.DESCRIPTION) LIKE ? ESCAPE '\\' OR LOWER(R.TRACKING_NUMBER) LIKE ? ESCAPE '\\')");
            args.add(like);
            args.add(like);
        } else if (query.text() != null) {
            String like = PagedQuery.containsPattern(query.text());
            where.append(" AND (LOWER(R.DESCRIPTION) LIKE ? ESCAPE '\\' OR LOWER(R.TRACKING_NUMBER) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(R.REQUESTER_NAME) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM ORR_ENTRY E WHERE E.REQUEST_ID = R.ID"
                    + " AND LOWER(E.TEXT) LIKE ? ESCAPE '\\'))");
            args.add(like);
            args.add(like);
            args.add(like);
            args.add(like);
        }
        Page<OpenRecordsRequest> found = database.page(new PagedQuery(RequestStore.COLUMNS, where.toString(), "R.TARGET_DATE, R.ID", args),
                page, store::map);
        if (!siteStaff) {
            return found;
        }
        boolean anySiteSees = viewer.sites().stream().anyMatch(siteSeesRequester);
        return found.map(r -> StaffView.request(r, viewer, anySiteSees
                && database.read(c -> StaffView.seesRequester(viewer, RequestStore.assignments(c, r.id()), siteSeesRequester))));
    }

    @Override
    public RequestDetail detail(String trackingNumber, CurrentUser viewer) {
        return database.read(c -> view(c, store.requireVisible(c, trackingNumber, viewer), viewer));
    }

    /** The request's detail as {@code viewer} may see it (site staff: their part). */
    private RequestDetail view(Connection c, RequestStore.Row row, CurrentUser viewer) throws SQLException {
        return StaffView.detail(store.detail(c, row), viewer, siteSeesRequester);
    }

    @Override
    public RequestDetail transition(String trackingNumber, Transition t, CurrentUser actor) {
        if (t == null) {
            throw ProblemException.invalid(List.of(new FieldError("to", "is required")));
        }
        String to = t.to() == null ? null : t.to().trim().toLowerCase(Locale.ROOT);
        String closure = t.closure() == null || t.closure().isBlank() ? null : t.closure().trim().toLowerCase(Locale.ROOT);
        String citation = t.citation() == null || t.citation().isBlank() ? null : t.citation().strip();
        new Validation().maxLength("citation", citation, 200).maxLength("note", t.note(), 8000).throwIfInvalid();
        return database.inTransaction(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            boolean feeOutstanding = row.request().feeTotal() != null && row.request().paidTotal().compareTo(row.request().feeTotal()) < 0;
            Workflow.check(row.request().status(), to, closure, citation, feeOutstanding);
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_REQUEST SET STATUS = ?, CLOSURE = ?, CLOSED_AT = ?,"
                    + " ACKNOWLEDGED_AT = COALESCE(ACKNOWLEDGED_AT, ?), UPDATED_AT = ? WHERE ID = ?")) {
                ps.setString(1, to);
                ps.setString(2, Workflow.CLOSED.equals(to) ? closure : null);
                ps.setTimestamp(3, Workflow.CLOSED.equals(to) ? now : null);
                ps.setTimestamp(4, Workflow.RECEIVED.equals(row.request().status()) ? now : null);
                ps.setTimestamp(5, now);
                ps.setLong(6, row.request().id());
                ps.executeUpdate();
            }
            String text = t.note() == null || t.note().isBlank() ? describe(to, closure) : t.note().strip();
            store.entry(c, row.request().id(), actor.name(), "status", Boolean.TRUE.equals(t.internal()) ? "internal" : "requester",
                    row.request().status(), to, citation, text);
            audit.record(c, actor.name(), "open-records." + to, ENTITY, trackingNumber,
                    row.request().status() + " -> " + to + (closure == null ? "" : " (" + closure + ")") + (citation == null ? "" : " " + citation));
            return store.detail(c, store.require(c, trackingNumber));
        });
    }

    private static String describe(String to, String closure) {
        return switch (to) {
            case Workflow.ACKNOWLEDGED -> "Your request was acknowledged and is being reviewed.";
            case Workflow.IN_PROGRESS -> "Staff are gathering the records.";
            case Workflow.CLARIFICATION -> "We need more detail to find the records; we will contact you.";
            case Workflow.AWAITING_PAYMENT -> "The records are ready once the fee is paid.";
            default -> "The request was closed: " + closure + ".";
        };
    }

    @Override
    public RequestDetail note(String trackingNumber, NoteDraft note, CurrentUser actor) {
        String visibility = note == null || note.visibility() == null ? "internal" : note.visibility().trim().toLowerCase(Locale.ROOT);
        new Validation().required("text", note == null ? null : note.text()).maxLength("text", note == null ? null : note.text(), 8000)
                .check(!"public".equals(visibility), "visibility", "a note is never published: write the archive's summary with"
                        + " PUT /api/open-records/requests/{tracking}/publication, or use internal or requester")
                .check("public".equals(visibility) || VISIBILITIES.contains(visibility), "visibility", "must be internal or requester")
                .throwIfInvalid();
        if (!actor.hasRole(Roles.COMMS) && !"internal".equals(visibility)) {
            throw ProblemException.forbidden("Only the communications office writes to the requester or the public; site staff add internal notes.");
        }
        return database.inTransaction(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, actor);
            String part = StaffView.partOf(actor, store.assignments(c, row.request().id()));
            store.entry(c, row.request().id(), part, actor.name(), "note", visibility, null, null, null, note.text().strip());
            audit.record(c, actor.name(), "open-records.note", ENTITY, trackingNumber, visibility + (part == null ? "" : " " + part));
            return view(c, store.require(c, trackingNumber), actor);
        });
    }

    @Override
    public RequestDetail extend(String trackingNumber, int businessDays, String reason, CurrentUser actor) {
        new Validation().check(businessDays >= 1 && businessDays <= 60, "businessDays", "must be between 1 and 60")
                .required("reason", reason).maxLength("reason", reason, 2000).throwIfInvalid();
        return database.inTransaction(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            if (Workflow.CLOSED.equals(row.request().status())) {
                throw ProblemException.conflict("Request " + trackingNumber + " is closed; reopen it first.");
            }
            LocalDate target = store.calendar().addBusinessDays(row.request().targetDate(), businessDays);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_REQUEST SET TARGET_DATE = ?, UPDATED_AT = ? WHERE ID = ?")) {
                ps.setDate(1, Date.valueOf(target));
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setLong(3, row.request().id());
                ps.executeUpdate();
            }
            store.entry(c, row.request().id(), actor.name(), "extension", "requester", null, null, null,
                    "The target date moved to " + target + ": " + reason.strip());
            audit.record(c, actor.name(), "open-records.extend", ENTITY, trackingNumber, row.request().targetDate() + " -> " + target);
            return store.detail(c, store.require(c, trackingNumber));
        });
    }

    @Override
    public RequestDetail estimateFee(String trackingNumber, FeeWork work, CurrentUser actor) {
        if (work == null) {
            throw ProblemException.invalid(List.of(new FieldError("body", "the expected work is required")));
        }
        return database.inTransaction(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            FeeEstimate estimate;
            try {
                estimate = fees.estimate(new FeeInput(RequesterType.parse(row.request().requesterType()).orElseThrow(),
                        row.request().commercialPurpose(), Boolean.TRUE.equals(work.excessiveDisruption()), Boolean.TRUE.equals(work.publicInterest()),
                        work.copyPages() == null ? 0 : work.copyPages(), work.certifiedPages() == null ? 0 : work.certifiedPages(),
                        work.searchHours(), work.programmingHours(), work.otherMediaCost(), work.otherMediaDescription()));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(List.of(new FieldError("fee", e.getMessage())));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_REQUEST SET FEE_TOTAL = ?, FEE_ESTIMATE = ?, UPDATED_AT = ? WHERE ID = ?")) {
                ps.setBigDecimal(1, estimate.total());
                ps.setString(2, RequestStore.toJson(estimate));
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setLong(4, row.request().id());
                ps.executeUpdate();
            }
            store.entry(c, row.request().id(), actor.name(), "fee", "requester", null, null, null,
                    "Fee estimate: $" + estimate.total() + ". " + String.join(" ", estimate.notes()));
            audit.record(c, actor.name(), "open-records.fee", ENTITY, trackingNumber, estimate.total().toPlainString());
            return store.detail(c, store.require(c, trackingNumber));
        });
    }

    @Override
    public RequestDetail recordPayment(String trackingNumber, Payment payment, CurrentUser actor) {
        new Validation().required("amount", payment == null ? null : payment.amount())
                .check(payment == null || payment.amount() == null || payment.amount().signum() > 0, "amount", "must be more than 0")
                .check(payment == null || payment.amount() == null || payment.amount().scale() <= 2, "amount", "must be in dollars and cents")
                .required("method", payment == null ? null : payment.method())
                .maxLength("method", payment == null ? null : payment.method(), 40)
                .maxLength("reference", payment == null ? null : payment.reference(), 100).throwIfInvalid();
        return database.inTransaction(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            if (row.request().feeTotal() == null) {
                throw ProblemException.conflict("Request " + trackingNumber + " has no fee estimate to pay.");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_REQUEST SET PAID_TOTAL = PAID_TOTAL + ?, UPDATED_AT = ? WHERE ID = ?")) {
                ps.setBigDecimal(1, payment.amount());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setLong(3, row.request().id());
                ps.executeUpdate();
            }
            store.entry(c, row.request().id(), actor.name(), "payment", "requester", null, null, null,
                    "Payment received: $" + payment.amount().setScale(2) + " by " + payment.method().strip() + ".");
            audit.record(c, actor.name(), "open-records.payment", ENTITY, trackingNumber,
                    payment.amount().toPlainString() + " " + payment.method() + (payment.reference() == null ? "" : " " + payment.reference()));
            return store.detail(c, store.require(c, trackingNumber));
        });
    }

    // ------------------------------------------------------------------ departments

    /** A configured department (lower case) or the code of an open site (upper case), which school staff work for. */
    private String department(String code) {
        String normalised = code == null ? null : code.trim().toLowerCase(Locale.ROOT);
        if (normalised != null && departments.contains(normalised)) {
            return normalised;
        }
        String site = code == null ? null : code.trim().toUpperCase(Locale.ROOT);
        if (site != null && !site.isEmpty() && site.length() <= 40 && sites != null
                && sites.find(site).filter(s -> !s.archived()).isPresent()) {
            return site;
        }
        throw ProblemException.invalid(List.of(new FieldError("department", "must be one of " + String.join(", ", departments)
                + ", or the code of an open site")));
    }

    /** Site staff work only on what was asked of their own sites. */
    private static void requireWorksFor(CurrentUser actor, String department) {
        if (!actor.hasRole(Roles.COMMS) && !actor.sites().contains(department)) {
            throw ProblemException.forbidden("You can only claim or finish work assigned to your own site.");
        }
    }

    @Override
    public RequestDetail assign(String trackingNumber, String department, String note, CurrentUser actor) {
        String code = department(department);
        new Validation().maxLength("note", note, 2000).throwIfInvalid();
        return database.inTransaction(c -> {
            RequestStore.Row row = store.require(c, trackingNumber);
            if (Workflow.CLOSED.equals(row.request().status())) {
                throw ProblemException.conflict("Request " + row.request().trackingNumber() + " is closed; reopen it first.");
            }
            if (store.assignments(c, row.request().id()).stream().anyMatch(a -> a.department().equals(code) && !"done".equals(a.state()))) {
                throw ProblemException.conflict("The " + code + " department already has open work on " + row.request().trackingNumber() + ".");
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM ORR_ASSIGNMENT WHERE REQUEST_ID = ? AND DEPARTMENT = ? AND STATE = 'done'")) {
                // asking a department again after it finished: the history stays in the entries
                del.setLong(1, row.request().id());
                del.setString(2, code);
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ORR_ASSIGNMENT (REQUEST_ID, DEPARTMENT, STATE, NOTE, ASSIGNED_AT, ASSIGNED_BY)"
                    + " VALUES (?, ?, 'open', ?, ?, ?)")) {
                ps.setLong(1, row.request().id());
                ps.setString(2, code);
                ps.setString(3, note == null || note.isBlank() ? null : note.strip());
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.setString(5, actor.name());
                ps.executeUpdate();
            }
            store.entry(c, row.request().id(), code, actor.name(), "assignment", "internal", null, null, null, "Assigned to " + code
                    + (note == null || note.isBlank() ? "." : ": " + note.strip()));
            audit.record(c, actor.name(), "open-records.assign", ENTITY, row.request().trackingNumber(), code);
            return store.detail(c, store.require(c, trackingNumber));
        });
    }

    @Override
    public RequestDetail claim(String trackingNumber, String department, boolean takeOver, CurrentUser actor) {
        String code = department(department);
        requireWorksFor(actor, code);
        return database.inTransaction(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, actor);
            Assignment current = openAssignment(c, row, code);
            if ("claimed".equals(current.state()) && !current.assignee().equals(actor.name()) && !takeOver) {
                throw ProblemException.conflict(current.assignee() + " has claimed the " + code + " work; take it over with takeOver=true.");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_ASSIGNMENT SET STATE = 'claimed', ASSIGNEE = ?, CLAIMED_AT = ?"
                    + " WHERE REQUEST_ID = ? AND DEPARTMENT = ?")) {
                ps.setString(1, actor.name());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setLong(3, row.request().id());
                ps.setString(4, code);
                ps.executeUpdate();
            }
            String text = "claimed".equals(current.state()) && !current.assignee().equals(actor.name())
                    ? actor.name() + " took over the " + code + " work from " + current.assignee() + "."
                    : actor.name() + " claimed the " + code + " work.";
            store.entry(c, row.request().id(), code, actor.name(), "assignment", "internal", null, null, null, text);
            audit.record(c, actor.name(), "open-records.claim", ENTITY, row.request().trackingNumber(), text);
            return view(c, store.require(c, trackingNumber), actor);
        });
    }

    @Override
    public RequestDetail finish(String trackingNumber, String department, CurrentUser actor) {
        String code = department(department);
        requireWorksFor(actor, code);
        return database.inTransaction(c -> {
            RequestStore.Row row = store.requireVisible(c, trackingNumber, actor);
            openAssignment(c, row, code);
            try (PreparedStatement ps = c.prepareStatement("UPDATE ORR_ASSIGNMENT SET STATE = 'done', DONE_AT = ?,"
                    + " ASSIGNEE = COALESCE(ASSIGNEE, ?) WHERE REQUEST_ID = ? AND DEPARTMENT = ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setString(2, actor.name());
                ps.setLong(3, row.request().id());
                ps.setString(4, code);
                ps.executeUpdate();
            }
            store.entry(c, row.request().id(), code, actor.name(), "assignment", "internal", null, null, null, "The " + code + " work is done.");
            audit.record(c, actor.name(), "open-records.assignment-done", ENTITY, row.request().trackingNumber(), code);
            // their answer is their own part as it is now; after it they see nothing of the request
            return view(c, store.require(c, trackingNumber), actor);
        });
    }

    private Assignment openAssignment(Connection c, RequestStore.Row row, String code) throws SQLException {
        return store.assignments(c, row.request().id()).stream().filter(a -> a.department().equals(code) && !"done".equals(a.state()))
                .findFirst().orElseThrow(() -> ProblemException.conflict("The " + code + " department has no open work on "
                        + row.request().trackingNumber() + "."));
    }

    // ------------------------------------------------------------------ archive and reports

    /** Words that say nothing about which records are wanted. */
    private static final Set<String> STOP_WORDS = Set.of("about", "after", "all", "also", "and", "any", "are", "copies", "copy", "district",
            "documents", "each", "for", "from", "have", "including", "into", "like", "please", "records", "regarding", "related", "request",
            "requesting", "school", "schools", "send", "need", "want", "give", "provide", "that", "the", "their", "there", "these", "this", "those", "with", "would", "para", "sobre",
            "todos", "todas", "copias", "registros", "solicito");

    static List<String> keywords(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 4 && !STOP_WORDS.contains(w) && !words.contains(w) && words.size() < 8) {
                words.add(w);
            }
        }
        return words;
    }

    @Override
    public List<ArchiveItem> similarReleases(String description, int max) {
        return archive.similar(description == null ? List.of() : keywords(description), max);
    }

    @Override
    public Page<ArchiveItem> archive(String text, PageRequest page) {
        return archive.list(text, page);
    }

    @Override
    public org.homeroom.openrecords.api.Publication publication(String trackingNumber, CurrentUser viewer) {
        return archive.publication(trackingNumber);
    }

    @Override
    public org.homeroom.openrecords.api.Publication publish(String trackingNumber, org.homeroom.openrecords.api.PublicationDraft draft,
            CurrentUser actor) {
        return archive.publish(trackingNumber, draft, actor);
    }

    @Override
    public Report report() {
        BusinessCalendar calendar = store.calendar();
        return database.read(c -> {
            Map<String, Integer> open = new java.util.LinkedHashMap<>();
            Workflow.STATUSES.stream().filter(s -> !Workflow.CLOSED.equals(s)).forEach(s -> open.put(s, 0));
            int overdue = 0;
            List<Integer> daysToClose = new ArrayList<>();
            Map<String, int[]> months = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT STATUS, RECEIVED_ON, TARGET_DATE, CLOSED_AT, REQUESTER_TYPE FROM ORR_REQUEST");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(1);
                    LocalDate received = rs.getDate(2).toLocalDate();
                    Timestamp closedAt = rs.getTimestamp(4);
                    String type = rs.getString(5);
                    months.computeIfAbsent(received.toString().substring(0, 7) + " " + type, k -> new int[2])[0]++;
                    if (Workflow.CLOSED.equals(status) && closedAt != null) {
                        LocalDate closed = closedAt.toInstant().atZone(store.zone()).toLocalDate();
                        daysToClose.add(calendar.businessDaysBetween(received, closed));
                        months.computeIfAbsent(closed.toString().substring(0, 7) + " " + type, k -> new int[2])[1]++;
                    } else {
                        open.merge(status, 1, Integer::sum);
                        if (today().isAfter(rs.getDate(3).toLocalDate())) {
                            overdue++;
                        }
                    }
                }
            }
            List<Report.MonthRow> rows = months.entrySet().stream().map(e -> {
                String[] key = e.getKey().split(" ");
                return new Report.MonthRow(key[0], key[1], e.getValue()[0], e.getValue()[1]);
            }).toList();
            return new Report(open, overdue, median(daysToClose), rows);
        });
    }

    static Double median(List<Integer> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Integer> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }

    @Override
    public List<List<String>> export(LocalDate from, LocalDate to) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("tracking_number", "received_on", "requester_type", "channel", "status", "closure", "target_date", "closed_at",
                "fee_total", "paid_total", "description"));
        database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + RequestStore.COLUMNS + " FROM ORR_REQUEST R WHERE R.RECEIVED_ON BETWEEN ? AND ?"
                    + " ORDER BY R.RECEIVED_ON, R.ID")) {
                ps.setDate(1, Date.valueOf(from));
                ps.setDate(2, Date.valueOf(to));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        OpenRecordsRequest r = store.map(rs);
                        // requester contact details stay out of the export: it is for counting, not for mailing
                        rows.add(java.util.Arrays.asList(r.trackingNumber(), r.receivedOn().toString(), r.requesterType(), r.channel(), r.status(),
                                r.closure(), r.targetDate().toString(), r.closedAt() == null ? null : r.closedAt().toString(),
                                r.feeTotal() == null ? null : r.feeTotal().toPlainString(), r.paidTotal().toPlainString(), r.description()));
                    }
                }
            }
            return null;
        });
        return rows;
    }

    // ------------------------------------------------------------------ public

    @Override
    public Optional<PublicStatus> publicStatus(String trackingNumber, String token) {
        if (trackingNumber == null || token == null) {
            return Optional.empty();
        }
        return database.read(c -> {
            Optional<RequestStore.Row> row = store.find(c, trackingNumber.trim().toUpperCase(Locale.ROOT));
            if (row.isEmpty() || !Tokens.matches(token.trim(), row.get().tokenHash())) {
                return Optional.empty();
            }
            OpenRecordsRequest r = row.get().request();
            FeeEstimate fee = RequestStore.fromJson(row.get().feeJson());
            BigDecimal due = fee == null ? BigDecimal.ZERO.setScale(2) : fee.total().subtract(r.paidTotal()).max(BigDecimal.ZERO).setScale(2);
            List<Entry> messages = store.entries(c, r.id()).stream().filter(e -> !"internal".equals(e.visibility()))
                    // requesters see that the district acted, not which employee
                    .map(e -> new Entry(e.id(), e.at(), "public".equals(e.actor()) ? "public" : "district",
                            e.kind(), e.visibility(), e.fromStatus(), e.toStatus(), e.citation(), e.text(), null))
                    .toList();
            return Optional.of(new PublicStatus(r.trackingNumber(), r.status(), r.closure(), r.receivedOn(), r.targetDate(), fee, due, messages,
                    JdbcRecordFiles.files(c, "F.REQUEST_ID = ? AND F.VISIBILITY <> 'internal'", r.id())));
        });
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
