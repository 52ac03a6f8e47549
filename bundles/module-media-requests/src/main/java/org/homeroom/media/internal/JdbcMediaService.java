package org.homeroom.media.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.homeroom.media.api.Coverage;
import org.homeroom.media.api.Journalist;
import org.homeroom.media.api.MediaQuery;
import org.homeroom.media.api.MediaRequest;
import org.homeroom.media.api.MediaRequest.NamedStudent;
import org.homeroom.media.api.MediaService;
import org.homeroom.media.api.Outlet;
import org.homeroom.media.api.Spokesperson;
import org.homeroom.media.api.Statement;
import org.homeroom.media.api.Topic;
import org.homeroom.platform.api.CurrentUser;
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
import org.homeroom.platform.api.data.Sql;
import org.homeroom.platform.api.records.RecordLinks;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The media office's records in the MR_* tables (db/migration). The request log lives on these tables until the
 * platform casework service can carry it; {@link MediaService} is the interface the REST layer uses, so the
 * storage can move without the API changing. Each write is one transaction with its audit entry.
 */
@Component(service = MediaService.class)
public class JdbcMediaService implements MediaService {

    static final String MODULE = "media-requests";
    static final List<String> LANGUAGES = List.of("en", "es");
    static final List<String> OUTLET_KINDS = List.of("print", "tv", "radio", "online", "wire", "student");
    static final List<String> STATEMENT_KINDS = List.of("statement", "release", "advisory");
    static final List<String> TONES = List.of("positive", "neutral", "negative");
    static final List<String> VISIT_KINDS = List.of("campus-visit", "filming");
    static final int MAX_STUDENTS = 200;
    static final Pattern SITE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final Pattern URL = Pattern.compile("https?://[^\\s]{3,990}");
    static final Pattern SOURCED_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Which status may follow which; closed, declined and converted are final. */
    static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "new", Set.of("assigned", "in-progress", "declined", "closed"),
            "assigned", Set.of("in-progress", "answered", "declined"),
            "in-progress", Set.of("answered", "declined"),
            "answered", Set.of("closed", "in-progress"),
            "closed", Set.of(), "declined", Set.of(), "converted", Set.of());

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final DistrictCalendar calendar;
    private final SiteService sites;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile StudentDirectory students;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile RecordsIntake records;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile RecordLinks links;

    @Activate
    public JdbcMediaService(@Reference Database database, @Reference AuditLog audit, @Reference Clock clock,
            @Reference DistrictCalendar calendar, @Reference SiteService sites) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.calendar = calendar;
        this.sites = sites;
    }

    // ---- outlets and journalists ----

    @Override
    public Page<Outlet> outlets(String text, PageRequest page) {
        List<Object> args = new ArrayList<>();
        String where = "";
        if (text != null && !text.isBlank()) {
            where = " WHERE NAME_KEY LIKE ? ESCAPE '\\'";
            args.add(PagedQuery.containsPattern(text));
        }
        return database.page(new PagedQuery("*", "FROM MR_OUTLET" + where, "NAME_KEY, ID", args), page, JdbcMediaService::outlet);
    }

    @Override
    public Optional<Outlet> outlet(long id) {
        return database.queryOne("SELECT * FROM MR_OUTLET WHERE ID = ?", JdbcMediaService::outlet, id);
    }

    @Override
    public Outlet addOutlet(Outlet.Draft d, CurrentUser actor) {
        require(d, "an outlet object");
        String language = lower(d.language());
        String kind = lower(d.kind());
        new Validation().requiredText("name", d.name(), 200)
                .check(LANGUAGES.contains(language), "language", "must be en or es")
                .check(OUTLET_KINDS.contains(kind), "kind", "must be one of " + String.join(", ", OUTLET_KINDS))
                .check(d.website() == null || URL.matcher(d.website().trim()).matches(), "website", "must be an http(s) address")
                .plainText("notes", d.notes(), 4000)
                .throwIfInvalid();
        return database.inTransaction(c -> {
            String name = d.name().strip();
            if (Sql.queryOne(c, "SELECT ID FROM MR_OUTLET WHERE NAME_KEY = ?", rs -> rs.getLong(1), name.toLowerCase(Locale.ROOT)).isPresent()) {
                throw ProblemException.conflict("There is already an outlet named '" + name + "'.");
            }
            long id = Sql.insert(c, "INSERT INTO MR_OUTLET (NAME, NAME_KEY, LANGUAGE, KIND, WEBSITE, NOTES, CREATED_AT, CREATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, name.toLowerCase(Locale.ROOT), language, kind, trimToNull(d.website()),
                    trimToNull(d.notes()), clock.instant(), actor.name());
            audit.record(c, actor.name(), "media.outlet.create", "media-outlet", String.valueOf(id), name + " (" + language + ", " + kind + ")");
            return Sql.queryOne(c, "SELECT * FROM MR_OUTLET WHERE ID = ?", JdbcMediaService::outlet, id).orElseThrow();
        });
    }

    @Override
    public List<Journalist> journalists(long outletId) {
        return database.query("SELECT * FROM MR_JOURNALIST WHERE OUTLET_ID = ? ORDER BY NAME, ID", JdbcMediaService::journalist, outletId);
    }

    @Override
    public Journalist addJournalist(long outletId, Journalist.Draft d, CurrentUser actor) {
        Outlet outlet = outlet(outletId).orElseThrow(() -> ProblemException.notFound("There is no outlet " + outletId + "."));
        require(d, "a journalist object");
        String language = d.language() == null ? outlet.language() : lower(d.language());
        new Validation().requiredText("name", d.name(), 200)
                .check(LANGUAGES.contains(language), "language", "must be en or es")
                .plainText("beat", d.beat(), 200)
                .check(d.email() == null || EMAIL.matcher(d.email().trim()).matches(), "email", "must be an email address")
                .check(d.phone() == null || d.phone().replaceAll("[^0-9]", "").length() >= 7 && d.phone().length() <= 32, "phone",
                        "must be a phone number")
                .check(trimToNull(d.email()) != null || trimToNull(d.phone()) != null, "email", "give an email or a phone number")
                .plainText("notes", d.notes(), 4000)
                .throwIfInvalid();
        return database.inTransaction(c -> {
            long id = Sql.insert(c, "INSERT INTO MR_JOURNALIST (OUTLET_ID, NAME, LANGUAGE, BEAT, EMAIL, PHONE, NOTES, CREATED_AT, CREATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", outletId, d.name().strip(), language, trimToNull(d.beat()), trimToNull(d.email()),
                    trimToNull(d.phone()), trimToNull(d.notes()), clock.instant(), actor.name());
            audit.record(c, actor.name(), "media.journalist.create", "media-journalist", String.valueOf(id),
                    d.name().strip() + " at " + outlet.name());
            return Sql.queryOne(c, "SELECT * FROM MR_JOURNALIST WHERE ID = ?", JdbcMediaService::journalist, id).orElseThrow();
        });
    }

    @Override
    public List<Topic> topics() {
        return database.query("SELECT * FROM MR_TOPIC ORDER BY CODE",
                rs -> new Topic(rs.getString("CODE"), rs.getString("NAME_EN"), rs.getString("NAME_ES"), rs.getInt("SLA_BUSINESS_DAYS")));
    }

    // ---- spokespeople ----

    @Override
    public List<Spokesperson> spokespeople() {
        return database.query("SELECT * FROM MR_SPOKESPERSON ORDER BY NAME, ID", JdbcMediaService::spokesperson);
    }

    @Override
    public Spokesperson addSpokesperson(Spokesperson.Draft d, CurrentUser actor) {
        require(d, "a spokesperson object");
        new Validation().requiredText("name", d.name(), 200)
                .check(d.email() == null || EMAIL.matcher(d.email().trim()).matches(), "email", "must be an email address")
                .required("speaksSpanish", d.speaksSpanish())
                .throwIfInvalid();
        return database.inTransaction(c -> {
            long id = Sql.insert(c, "INSERT INTO MR_SPOKESPERSON (NAME, EMAIL, SPEAKS_SPANISH, ACTIVE, ASSIGNED_COUNT, CREATED_AT, CREATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", d.name().strip(), trimToNull(d.email()), d.speaksSpanish(), Boolean.TRUE, 0,
                    clock.instant(), actor.name());
            audit.record(c, actor.name(), "media.spokesperson.create", "media-spokesperson", String.valueOf(id),
                    d.name().strip() + (d.speaksSpanish() ? " (Spanish rota)" : ""));
            return Sql.queryOne(c, "SELECT * FROM MR_SPOKESPERSON WHERE ID = ?", JdbcMediaService::spokesperson, id).orElseThrow();
        });
    }

    /** The rota's next spokesperson: active, Spanish-speaking when the request is in Spanish, least assigned, longest since the last. */
    private static Optional<Long> nextSpokesperson(Connection c, String language) throws SQLException {
        String spanish = "es".equals(language) ? " AND SPEAKS_SPANISH = ?" : "";
        List<Object> args = new ArrayList<>(List.of(Boolean.TRUE));
        if (!spanish.isEmpty()) {
            args.add(Boolean.TRUE);
        }
        // nulls first on either database: never-assigned people sort before anyone with a date
        return Sql.queryOne(c, "SELECT ID FROM MR_SPOKESPERSON WHERE ACTIVE = ?" + spanish
                + " ORDER BY ASSIGNED_COUNT, CASE WHEN LAST_ASSIGNED_AT IS NULL THEN 0 ELSE 1 END, LAST_ASSIGNED_AT, ID"
                + " FETCH FIRST 1 ROWS ONLY", rs -> rs.getLong(1), args.toArray());
    }

    private void countAssignment(Connection c, long spokespersonId) throws SQLException {
        Sql.update(c, "UPDATE MR_SPOKESPERSON SET ASSIGNED_COUNT = ASSIGNED_COUNT + 1, LAST_ASSIGNED_AT = ? WHERE ID = ?", clock.instant(),
                spokespersonId);
    }

    // ---- requests ----

    @Override
    public Page<MediaRequest> requests(MediaQuery query, PageRequest page, CurrentUser viewer) {
        MediaQuery q = query == null ? MediaQuery.ALL : query;
        String status = lower(q.status());
        String topic = lower(q.topic());
        String site = q.site() == null || q.site().isBlank() ? null : q.site().trim().toUpperCase(Locale.ROOT);
        new Validation().check(status == null || MediaRequest.STATUSES.contains(status), "status",
                "must be one of " + String.join(", ", MediaRequest.STATUSES))
                .matches("site", site, SITE_CODE, "must be a site code such as E01")
                .throwIfInvalid();
        List<String> where = new ArrayList<>(List.of("1 = 1"));
        List<Object> args = new ArrayList<>();
        if (status != null) {
            where.add("R.STATUS = ?");
            args.add(status);
        }
        if (topic != null) {
            where.add("R.TOPIC = ?");
            args.add(topic);
        }
        if (q.outletId() != null) {
            where.add("R.OUTLET_ID = ?");
            args.add(q.outletId());
        }
        if (site != null) {
            where.add("EXISTS (SELECT 1 FROM MR_REQUEST_SITE S WHERE S.REQUEST_ID = R.ID AND S.SITE_CODE = ?)");
            args.add(site);
        }
        if (!viewer.seesAllSites()) {
            Set<String> mine = viewer.sites();
            if (mine.isEmpty()) {
                return new Page<>(List.of(), 0, page.offset(), page.limit());
            }
            where.add("EXISTS (SELECT 1 FROM MR_REQUEST_SITE S WHERE S.REQUEST_ID = R.ID AND S.SITE_CODE IN ("
                    + String.join(", ", Collections.nCopies(mine.size(), "?")) + "))");
            args.addAll(mine);
        }
        if (q.text() != null && !q.text().isBlank()) {
            where.add("LOWER(R.SUMMARY) LIKE ? ESCAPE '\\'");
            args.add(PagedQuery.containsPattern(q.text()));
        }
        Page<Long> ids = database.page(new PagedQuery("R.ID", "FROM MR_REQUEST R WHERE " + String.join(" AND ", where),
                "R.CREATED_AT DESC, R.ID DESC", args), page, rs -> rs.getLong(1));
        List<MediaRequest> items = database.read(c -> {
            List<MediaRequest> out = new ArrayList<>();
            for (long id : ids.items()) {
                find(c, id).ifPresent(out::add);
            }
            return out;
        });
        return new Page<>(items, ids.total(), ids.offset(), ids.limit());
    }

    @Override
    public Optional<MediaRequest> request(long id, CurrentUser viewer) {
        return database.read(c -> find(c, id)).filter(r -> visible(r, viewer));
    }

    static boolean visible(MediaRequest r, CurrentUser viewer) {
        return viewer.seesAllSites() || r.sites().stream().anyMatch(viewer::canAccessSite);
    }

    @Override
    public MediaRequest log(MediaRequest.Draft d, CurrentUser actor) {
        require(d, "a media request object");
        Instant now = clock.instant();
        String kind = lower(d.kind()) == null ? "question" : lower(d.kind());
        String topic = lower(d.topic());
        List<String> siteCodes = d.sites() == null ? List.of()
                : List.copyOf(new TreeSet<>(d.sites().stream().map(s -> s == null ? "" : s.trim().toUpperCase(Locale.ROOT)).toList()));
        boolean visit = VISIT_KINDS.contains(kind);
        List<NamedStudent> named = d.students() == null ? List.of() : d.students();
        Validation v = new Validation().required("outletId", d.outletId())
                .check(MediaRequest.KINDS.contains(kind), "kind", "must be one of " + String.join(", ", MediaRequest.KINDS))
                .required("topic", topic)
                .requiredText("summary", d.summary(), 4000)
                .check(d.language() == null || LANGUAGES.contains(lower(d.language())), "language", "must be en or es")
                .check(d.reporterDeadline() == null || d.reporterDeadline().isAfter(now), "reporterDeadline", "must be in the future")
                .check(siteCodes.size() <= 100, "sites", "may list at most 100 sites");
        List<String> unknownSites = siteCodes.stream().filter(s -> !SITE_CODE.matcher(s).matches() || sites.find(s).isEmpty()).toList();
        v.check(unknownSites.isEmpty(), "sites", "unknown sites: " + String.join(", ", unknownSites.stream().limit(5).toList()));
        if (visit) {
            v.required("visitAt", d.visitAt())
                    .check(d.visitAt() == null || d.visitAt().isAfter(now), "visitAt", "must be in the future")
                    .check(siteCodes.size() == 1, "sites", "a campus visit or filming names exactly one site")
                    .check(named.size() <= MAX_STUDENTS, "students", "may name at most " + MAX_STUDENTS + " students");
            Set<String> seen = new TreeSet<>();
            for (int i = 0; i < named.size(); i++) {
                NamedStudent s = named.get(i);
                v.check(s != null && s.sourcedId() != null && SOURCED_ID.matcher(s.sourcedId()).matches() && seen.add(s.sourcedId()),
                        "students[" + i + "].sourcedId", "must be a directory sourcedId, once");
                v.check(s == null || s.recordingException() == null || VisitRules.RECORDING_EXCEPTIONS.contains(s.recordingException()),
                        "students[" + i + "].recordingException", "must be one of " + String.join(", ", VisitRules.RECORDING_EXCEPTIONS));
            }
        } else {
            v.check(d.visitAt() == null && d.recording() == null && named.isEmpty(), "kind",
                    "visitAt, recording and students are for campus-visit and filming requests");
        }
        v.throwIfInvalid();
        return database.inTransaction(c -> {
            Outlet outlet = Sql.queryOne(c, "SELECT * FROM MR_OUTLET WHERE ID = ?", JdbcMediaService::outlet, d.outletId()).orElse(null);
            Journalist journalist = d.journalistId() == null ? null
                    : Sql.queryOne(c, "SELECT * FROM MR_JOURNALIST WHERE ID = ?", JdbcMediaService::journalist, d.journalistId()).orElse(null);
            Optional<Integer> sla = Sql.queryOne(c, "SELECT SLA_BUSINESS_DAYS FROM MR_TOPIC WHERE CODE = ?", rs -> rs.getInt(1), topic);
            new Validation().check(outlet != null, "outletId", "there is no outlet " + d.outletId())
                    .check(d.journalistId() == null || journalist != null && outlet != null && journalist.outletId() == outlet.id(),
                            "journalistId", "there is no journalist " + d.journalistId() + " at that outlet")
                    .check(sla.isPresent(), "topic", "unknown topic '" + topic + "'; see GET /api/media-requests/topics")
                    .throwIfInvalid();
            String language = d.language() != null ? lower(d.language()) : journalist != null ? journalist.language() : outlet.language();
            Instant due = officeDue(now, sla.get());
            Long spokesperson = nextSpokesperson(c, language).orElse(null);
            long id = Sql.insert(c, "INSERT INTO MR_REQUEST (OUTLET_ID, JOURNALIST_ID, KIND, TOPIC, SUMMARY, ON_RECORD, LANGUAGE,"
                    + " REPORTER_DEADLINE, OFFICE_DUE, SPOKESPERSON_ID, STATUS, VISIT_AT, RECORDING, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", outlet.id(), d.journalistId(), kind, topic, d.summary().strip(),
                    d.onRecord() == null || d.onRecord(), language, d.reporterDeadline(), due, spokesperson,
                    spokesperson == null ? "new" : "assigned", d.visitAt(), visit && Boolean.TRUE.equals(d.recording()), now, actor.name(), now,
                    actor.name());
            for (String site : siteCodes) {
                Sql.update(c, "INSERT INTO MR_REQUEST_SITE (REQUEST_ID, SITE_CODE) VALUES (?, ?)", id, site);
            }
            for (NamedStudent s : named) {
                Sql.update(c, "INSERT INTO MR_REQUEST_STUDENT (REQUEST_ID, STUDENT_ID, PARENT_CONSENT, RECORDING_EXCEPTION) VALUES (?, ?, ?, ?)",
                        id, s.sourcedId(), Boolean.TRUE.equals(s.parentConsent()), s.recordingException());
            }
            if (spokesperson != null) {
                countAssignment(c, spokesperson);
            }
            audit.record(c, actor.name(), "media.request.create", "media-request", String.valueOf(id),
                    kind + " from " + outlet.name() + " on " + topic + (d.reporterDeadline() == null ? "" : ", reporter deadline " + d.reporterDeadline())
                            + ", office due " + due);
            return find(c, id).orElseThrow();
        });
    }

    /**
     * The office's due time: the topic's business days counted from the day the request came in (from the next
     * business day when it came in after hours or on a closed day), at the close of business.
     */
    Instant officeDue(Instant received, int slaBusinessDays) {
        BusinessCalendar days = calendar.businessDays();
        ZonedDateTime local = received.atZone(calendar.zone());
        LocalDate start = local.toLocalDate();
        if (!days.isBusinessDay(start) || !local.toLocalTime().isBefore(calendar.hours().closes())) {
            start = days.addBusinessDays(start, 1);
        }
        LocalDate due = days.addBusinessDays(start, slaBusinessDays);
        return due.atTime(calendar.hours().closes()).atZone(calendar.zone()).toInstant();
    }

    @Override
    public MediaRequest transition(long id, String status, String note, CurrentUser actor) {
        String to = lower(status);
        new Validation().check(to != null && MediaRequest.STATUSES.contains(to) && !"converted".equals(to), "status",
                "must be one of new, assigned, in-progress, answered, closed, declined (conversion is its own step)")
                .plainText("note", note, 2000)
                .throwIfInvalid();
        return database.inTransaction(c -> {
            MediaRequest r = requireRequest(c, id, actor);
            if (!TRANSITIONS.getOrDefault(r.status(), Set.of()).contains(to)) {
                throw ProblemException.conflict("A request that is " + r.status() + " cannot become " + to + "; allowed: "
                        + (TRANSITIONS.get(r.status()).isEmpty() ? "none" : String.join(", ", new TreeSet<>(TRANSITIONS.get(r.status())))) + ".");
            }
            if (Sql.update(c, "UPDATE MR_REQUEST SET STATUS = ?, UPDATED_AT = ?, UPDATED_BY = ? WHERE ID = ? AND STATUS = ?", to, clock.instant(),
                    actor.name(), id, r.status()) == 0) {
                throw ProblemException.conflict("Request " + id + " changed meanwhile; read it again.");
            }
            audit.record(c, actor.name(), "media.request.transition", "media-request", String.valueOf(id),
                    r.status() + " -> " + to + (trimToNull(note) == null ? "" : ": " + note.strip()));
            return find(c, id).orElseThrow();
        });
    }

    @Override
    public MediaRequest assign(long id, long spokespersonId, CurrentUser actor) {
        return database.inTransaction(c -> {
            MediaRequest r = requireRequest(c, id, actor);
            Spokesperson s = Sql.queryOne(c, "SELECT * FROM MR_SPOKESPERSON WHERE ID = ?", JdbcMediaService::spokesperson, spokespersonId)
                    .filter(Spokesperson::active).orElse(null);
            new Validation().check(s != null, "spokespersonId", "there is no active spokesperson " + spokespersonId)
                    .check(s == null || !"es".equals(r.language()) || s.speaksSpanish(), "spokespersonId",
                            "a Spanish-language request needs a Spanish-speaking spokesperson")
                    .throwIfInvalid();
            if (Set.of("closed", "declined", "converted").contains(r.status())) {
                throw ProblemException.conflict("Request " + id + " is " + r.status() + ".");
            }
            Sql.update(c, "UPDATE MR_REQUEST SET SPOKESPERSON_ID = ?, STATUS = CASE WHEN STATUS = 'new' THEN 'assigned' ELSE STATUS END,"
                    + " UPDATED_AT = ?, UPDATED_BY = ? WHERE ID = ?", spokespersonId, clock.instant(), actor.name(), id);
            countAssignment(c, spokespersonId);
            audit.record(c, actor.name(), "media.request.assign", "media-request", String.valueOf(id), "spokesperson " + s.name());
            return find(c, id).orElseThrow();
        });
    }

    @Override
    public MediaRequest checkVisit(long id, CurrentUser actor) {
        MediaRequest r = visitRequest(id, actor);
        VisitRules.Result result = runCheck(r);
        return storeCheck(r, result, actor);
    }

    @Override
    public MediaRequest approveVisit(long id, String principal, CurrentUser actor) {
        MediaRequest r = visitRequest(id, actor);
        String site = r.sites().get(0);
        boolean principalHimself = !actor.seesAllSites();
        if (principalHimself && !(actor.hasRole(Roles.SITE_STAFF) && actor.canAccessSite(site))) {
            throw ProblemException.forbidden("Only the principal of " + site + " or the communications office may record this approval.");
        }
        String approver = principalHimself ? actor.name() : trimToNull(principal);
        new Validation().check(approver != null, "principal", "name the principal who approved (comms records an approval given to them)")
                .plainText("principal", principal, 200).throwIfInvalid();
        if ("approved".equals(r.visit().check())) {
            throw ProblemException.conflict("The visit was approved already by " + r.visit().principalApproval() + ".");
        }
        VisitRules.Result result = runCheck(r);
        if (!result.passed()) {
            storeCheck(r, result, actor);
            throw ProblemException.conflict("The visit cannot be approved: " + result.detail() + ".");
        }
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            if (Sql.update(c, "UPDATE MR_REQUEST SET VISIT_CHECK = ?, VISIT_CHECK_DETAIL = ?, VISIT_CHECKED_AT = ?, PRINCIPAL_APPROVAL = ?,"
                    + " PRINCIPAL_APPROVED_AT = ?, APPROVAL_RECORDED_BY = ?, UPDATED_AT = ?, UPDATED_BY = ? WHERE ID = ?"
                    + " AND (VISIT_CHECK IS NULL OR VISIT_CHECK <> 'approved')", "approved", result.detail(), now, approver.strip(), now,
                    actor.name(), now, actor.name(), id) == 0) {
                throw ProblemException.conflict("The visit was approved meanwhile.");
            }
            audit.record(c, actor.name(), "media.visit.approve", "media-request", String.valueOf(id),
                    "principal " + approver.strip() + " approved the visit to " + site + "; " + result.detail());
            return find(c, id).orElseThrow();
        });
    }

    private MediaRequest visitRequest(long id, CurrentUser actor) {
        MediaRequest r = database.read(c -> requireRequest(c, id, actor));
        if (r.visit() == null) {
            throw ProblemException.conflict("Request " + id + " is a " + r.kind() + ", not a campus visit or filming.");
        }
        if (Set.of("closed", "declined", "converted").contains(r.status())) {
            throw ProblemException.conflict("Request " + id + " is " + r.status() + ".");
        }
        return r;
    }

    private VisitRules.Result runCheck(MediaRequest r) {
        StudentDirectory directory = students;
        if (directory == null && !r.visit().students().isEmpty()) {
            throw ProblemException.conflict("The directory module is not running, so FERPA opt-outs cannot be checked; the visit cannot be"
                    + " approved until it is.");
        }
        Map<String, Optional<StudentDirectory.Student>> found = new LinkedHashMap<>();
        for (NamedStudent s : r.visit().students()) {
            found.put(s.sourcedId(), directory.student(s.sourcedId()));
        }
        return VisitRules.check(r.visit().students(), found, r.visit().recording(), calendar.dateOf(clock.instant()));
    }

    private MediaRequest storeCheck(MediaRequest r, VisitRules.Result result, CurrentUser actor) {
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            Sql.update(c, "UPDATE MR_REQUEST SET VISIT_CHECK = ?, VISIT_CHECK_DETAIL = ?, VISIT_CHECKED_AT = ?, UPDATED_AT = ?, UPDATED_BY = ?"
                    + " WHERE ID = ? AND (VISIT_CHECK IS NULL OR VISIT_CHECK <> 'approved')", result.passed() ? "passed" : "refused",
                    abbreviate(result.detail(), 4000), now, now, actor.name(), r.id());
            audit.record(c, actor.name(), "media.visit.check", "media-request", String.valueOf(r.id()),
                    (result.passed() ? "passed: " : "refused: ") + abbreviate(result.detail(), 400));
            return find(c, r.id()).orElseThrow();
        });
    }

    @Override
    public MediaRequest convertToOpenRecords(long id, String description, CurrentUser actor) {
        new Validation().plainText("description", description, 4000).throwIfInvalid();
        RecordsIntake intake = records;
        if (intake == null) {
            throw ProblemException.conflict("The open-records module is not installed or not running; nothing was converted.");
        }
        MediaRequest r = database.read(c -> requireRequest(c, id, actor));
        if (Set.of("closed", "declined", "converted").contains(r.status())) {
            throw ProblemException.conflict("Request " + id + " is " + r.status() + (r.openRecordsNumber() == null ? "" : " (open records request "
                    + r.openRecordsNumber() + ")") + "; nothing was converted.");
        }
        Journalist journalist = r.journalistId() == null ? null
                : database.queryOne("SELECT * FROM MR_JOURNALIST WHERE ID = ?", JdbcMediaService::journalist, r.journalistId()).orElse(null);
        if (journalist == null || journalist.email() == null && journalist.phone() == null) {
            throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("journalistId",
                    "an open records request needs the reporter's name and email or phone: give the request a journalist")));
        }
        String text = trimToNull(description) == null ? r.summary() : description.strip();
        // The open records request is filed in its own transaction (its service owns it); everything that could
        // refuse here was checked above, so what follows only records the number and the link.
        String number = intake.submitForMedia(new RecordsIntake.Requester(journalist.name(), journalist.email(), journalist.phone(),
                r.outletName(), r.language()), text, actor);
        return database.inTransaction(c -> {
            Sql.update(c, "UPDATE MR_REQUEST SET STATUS = ?, OPEN_RECORDS_NUMBER = ?, UPDATED_AT = ?, UPDATED_BY = ? WHERE ID = ?", "converted",
                    number, clock.instant(), actor.name(), id);
            RecordLinks l = links;
            if (l != null) {
                l.link(c, new RecordRef(MODULE, "request", String.valueOf(id)), new RecordRef("open-records", "request", number), actor.name());
            }
            audit.record(c, actor.name(), "media.request.convert", "media-request", String.valueOf(id),
                    "became open records request " + number + " (news media: no search fee, 51 O.S. 24A.5)");
            return find(c, id).orElseThrow();
        });
    }

    private MediaRequest requireRequest(Connection c, long id, CurrentUser viewer) throws SQLException {
        return find(c, id).filter(r -> visible(r, viewer)).orElseThrow(() -> ProblemException.notFound("There is no media request " + id + "."));
    }

    private Optional<MediaRequest> find(Connection c, long id) throws SQLException {
        Optional<MediaRequest> row = Sql.queryOne(c, "SELECT R.*, O.NAME AS OUTLET_NAME, P.NAME AS SPOKESPERSON_NAME FROM MR_REQUEST R"
                + " JOIN MR_OUTLET O ON O.ID = R.OUTLET_ID LEFT JOIN MR_SPOKESPERSON P ON P.ID = R.SPOKESPERSON_ID WHERE R.ID = ?",
                rs -> request(rs, List.of(), null), id);
        if (row.isEmpty()) {
            return row;
        }
        List<String> siteCodes = Sql.query(c, "SELECT SITE_CODE FROM MR_REQUEST_SITE WHERE REQUEST_ID = ? ORDER BY SITE_CODE", rs -> rs.getString(1), id);
        MediaRequest r = row.get();
        MediaRequest.Visit visit = null;
        if (VISIT_KINDS.contains(r.kind())) {
            List<NamedStudent> named = Sql.query(c, "SELECT * FROM MR_REQUEST_STUDENT WHERE REQUEST_ID = ? ORDER BY STUDENT_ID",
                    rs -> new NamedStudent(rs.getString("STUDENT_ID"), rs.getBoolean("PARENT_CONSENT"), rs.getString("RECORDING_EXCEPTION")), id);
            visit = Sql.queryOne(c, "SELECT * FROM MR_REQUEST WHERE ID = ?", rs -> new MediaRequest.Visit(Sql.instant(rs, "VISIT_AT"),
                    rs.getBoolean("RECORDING"), named, rs.getString("VISIT_CHECK"), rs.getString("VISIT_CHECK_DETAIL"),
                    Sql.instant(rs, "VISIT_CHECKED_AT"), rs.getString("PRINCIPAL_APPROVAL"), Sql.instant(rs, "PRINCIPAL_APPROVED_AT"),
                    rs.getString("APPROVAL_RECORDED_BY")), id).orElseThrow();
        }
        return Optional.of(new MediaRequest(r.id(), r.outletId(), r.outletName(), r.journalistId(), r.kind(), r.topic(), r.summary(), r.onRecord(),
                r.language(), r.reporterDeadline(), r.officeDue(), siteCodes, r.spokespersonId(), r.spokesperson(), r.status(), visit,
                r.openRecordsNumber(), r.createdAt(), r.createdBy(), r.updatedAt(), r.updatedBy()));
    }

    private static MediaRequest request(ResultSet rs, List<String> siteCodes, MediaRequest.Visit visit) throws SQLException {
        Long journalistId = nullableLong(rs, "JOURNALIST_ID");
        Long spokespersonId = nullableLong(rs, "SPOKESPERSON_ID");
        return new MediaRequest(rs.getLong("ID"), rs.getLong("OUTLET_ID"), rs.getString("OUTLET_NAME"), journalistId, rs.getString("KIND"),
                rs.getString("TOPIC"), rs.getString("SUMMARY"), rs.getBoolean("ON_RECORD"), rs.getString("LANGUAGE"),
                Sql.instant(rs, "REPORTER_DEADLINE"), Sql.instant(rs, "OFFICE_DUE"), siteCodes, spokespersonId, rs.getString("SPOKESPERSON_NAME"),
                rs.getString("STATUS"), visit, rs.getString("OPEN_RECORDS_NUMBER"), Sql.instant(rs, "CREATED_AT"), rs.getString("CREATED_BY"),
                Sql.instant(rs, "UPDATED_AT"), rs.getString("UPDATED_BY"));
    }

    // ---- statements ----

    @Override
    public List<Statement> statements(Long requestId) {
        return requestId == null
                ? database.query("SELECT * FROM MR_STATEMENT ORDER BY CREATED_AT DESC, ID DESC FETCH FIRST " + PageRequest.MAX_LIMIT + " ROWS ONLY",
                        JdbcMediaService::statement)
                : database.query("SELECT * FROM MR_STATEMENT WHERE REQUEST_ID = ? ORDER BY CREATED_AT DESC, ID DESC", JdbcMediaService::statement,
                        requestId);
    }

    @Override
    public Optional<Statement> statement(long id) {
        return database.queryOne("SELECT * FROM MR_STATEMENT WHERE ID = ?", JdbcMediaService::statement, id);
    }

    @Override
    public Statement draftStatement(Statement.Draft d, CurrentUser actor) {
        require(d, "a statement object");
        String kind = lower(d.kind()) == null ? "statement" : lower(d.kind());
        new Validation().check(STATEMENT_KINDS.contains(kind), "kind", "must be one of " + String.join(", ", STATEMENT_KINDS))
                .requiredText("titleEn", d.titleEn(), 300).requiredText("titleEs", d.titleEs(), 300)
                .requiredText("bodyEn", d.bodyEn(), 16000).requiredText("bodyEs", d.bodyEs(), 16000)
                .throwIfInvalid();
        return database.inTransaction(c -> {
            if (d.requestId() != null) {
                new Validation().check(find(c, d.requestId()).isPresent(), "requestId", "there is no media request " + d.requestId()).throwIfInvalid();
            }
            long id = Sql.insert(c, "INSERT INTO MR_STATEMENT (KIND, REQUEST_ID, TITLE_EN, TITLE_ES, BODY_EN, BODY_ES, STATUS, CREATED_AT, CREATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", kind, d.requestId(), d.titleEn().strip(), d.titleEs().strip(), d.bodyEn().strip(),
                    d.bodyEs().strip(), "draft", clock.instant(), actor.name());
            audit.record(c, actor.name(), "media.statement.create", "media-statement", String.valueOf(id), kind + ": " + abbreviate(d.titleEn().strip(), 150));
            return Sql.queryOne(c, "SELECT * FROM MR_STATEMENT WHERE ID = ?", JdbcMediaService::statement, id).orElseThrow();
        });
    }

    @Override
    public Statement approveStatement(long id, CurrentUser actor) {
        return database.inTransaction(c -> {
            Statement s = Sql.queryOne(c, "SELECT * FROM MR_STATEMENT WHERE ID = ?", JdbcMediaService::statement, id)
                    .orElseThrow(() -> ProblemException.notFound("There is no statement " + id + "."));
            if ("approved".equals(s.status())) {
                throw ProblemException.conflict("Statement " + id + " was approved already by " + s.approvedBy() + ".");
            }
            if (s.createdBy().equals(actor.name())) {
                throw ProblemException.conflict("A statement needs approval by someone other than its author (" + s.createdBy() + ").");
            }
            Sql.update(c, "UPDATE MR_STATEMENT SET STATUS = ?, APPROVED_BY = ?, APPROVED_AT = ? WHERE ID = ? AND STATUS = ?", "approved", actor.name(),
                    clock.instant(), id, "draft");
            audit.record(c, actor.name(), "media.statement.approve", "media-statement", String.valueOf(id), abbreviate(s.titleEn(), 150));
            return Sql.queryOne(c, "SELECT * FROM MR_STATEMENT WHERE ID = ?", JdbcMediaService::statement, id).orElseThrow();
        });
    }

    // ---- coverage ----

    @Override
    public Page<Coverage> coverage(LocalDate from, LocalDate to, String campaign, PageRequest page) {
        new Validation().check(from == null || to == null || !to.isBefore(from), "to", "must not be before from").throwIfInvalid();
        List<String> where = new ArrayList<>(List.of("1 = 1"));
        List<Object> args = new ArrayList<>();
        if (from != null) {
            where.add("V.PUBLISHED_ON >= ?");
            args.add(from);
        }
        if (to != null) {
            where.add("V.PUBLISHED_ON <= ?");
            args.add(to);
        }
        if (trimToNull(campaign) != null) {
            where.add("V.CAMPAIGN = ?");
            args.add(campaign.strip());
        }
        return database.page(new PagedQuery("V.*, O.NAME AS OUTLET_NAME", "FROM MR_COVERAGE V JOIN MR_OUTLET O ON O.ID = V.OUTLET_ID WHERE "
                + String.join(" AND ", where), "V.PUBLISHED_ON DESC, V.ID DESC", args), page, JdbcMediaService::coverage);
    }

    @Override
    public Coverage logCoverage(Coverage.Draft d, CurrentUser actor) {
        require(d, "a coverage object");
        String tone = lower(d.tone());
        new Validation().required("outletId", d.outletId())
                .check(d.url() != null && URL.matcher(d.url().trim()).matches(), "url", "must be an http(s) address")
                .plainText("headline", d.headline(), 300)
                .required("publishedOn", d.publishedOn())
                .check(d.publishedOn() == null || !d.publishedOn().isAfter(calendar.dateOf(clock.instant())), "publishedOn", "must not be in the future")
                .check(TONES.contains(tone), "tone", "must be one of " + String.join(", ", TONES))
                .plainText("campaign", d.campaign(), 100)
                .throwIfInvalid();
        return database.inTransaction(c -> {
            new Validation().check(Sql.queryOne(c, "SELECT ID FROM MR_OUTLET WHERE ID = ?", rs -> rs.getLong(1), d.outletId()).isPresent(), "outletId",
                    "there is no outlet " + d.outletId())
                    .check(d.requestId() == null || find(c, d.requestId()).isPresent(), "requestId", "there is no media request " + d.requestId())
                    .throwIfInvalid();
            long id = Sql.insert(c, "INSERT INTO MR_COVERAGE (OUTLET_ID, REQUEST_ID, URL, HEADLINE, PUBLISHED_ON, TONE, CAMPAIGN, CREATED_AT, CREATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", d.outletId(), d.requestId(), d.url().trim(), trimToNull(d.headline()), d.publishedOn(), tone,
                    trimToNull(d.campaign()), clock.instant(), actor.name());
            audit.record(c, actor.name(), "media.coverage.create", "media-coverage", String.valueOf(id), tone + " " + d.url().trim());
            return Sql.queryOne(c, "SELECT V.*, O.NAME AS OUTLET_NAME FROM MR_COVERAGE V JOIN MR_OUTLET O ON O.ID = V.OUTLET_ID WHERE V.ID = ?",
                    JdbcMediaService::coverage, id).orElseThrow();
        });
    }

    // ---- rows ----

    private static Outlet outlet(ResultSet rs) throws SQLException {
        return new Outlet(rs.getLong("ID"), rs.getString("NAME"), rs.getString("LANGUAGE"), rs.getString("KIND"), rs.getString("WEBSITE"),
                rs.getString("NOTES"), Sql.instant(rs, "CREATED_AT"), rs.getString("CREATED_BY"));
    }

    private static Journalist journalist(ResultSet rs) throws SQLException {
        return new Journalist(rs.getLong("ID"), rs.getLong("OUTLET_ID"), rs.getString("NAME"), rs.getString("LANGUAGE"), rs.getString("BEAT"),
                rs.getString("EMAIL"), rs.getString("PHONE"), rs.getString("NOTES"), Sql.instant(rs, "CREATED_AT"), rs.getString("CREATED_BY"));
    }

    private static Spokesperson spokesperson(ResultSet rs) throws SQLException {
        return new Spokesperson(rs.getLong("ID"), rs.getString("NAME"), rs.getString("EMAIL"), rs.getBoolean("SPEAKS_SPANISH"),
                rs.getBoolean("ACTIVE"), rs.getInt("ASSIGNED_COUNT"));
    }

    private static Statement statement(ResultSet rs) throws SQLException {
        Long requestId = nullableLong(rs, "REQUEST_ID");
        return new Statement(rs.getLong("ID"), rs.getString("KIND"), requestId, rs.getString("TITLE_EN"), rs.getString("TITLE_ES"),
                rs.getString("BODY_EN"), rs.getString("BODY_ES"), rs.getString("STATUS"), rs.getString("APPROVED_BY"), Sql.instant(rs, "APPROVED_AT"),
                Sql.instant(rs, "CREATED_AT"), rs.getString("CREATED_BY"));
    }

    private static Coverage coverage(ResultSet rs) throws SQLException {
        Long requestId = nullableLong(rs, "REQUEST_ID");
        return new Coverage(rs.getLong("ID"), rs.getLong("OUTLET_ID"), rs.getString("OUTLET_NAME"), requestId, rs.getString("URL"),
                rs.getString("HEADLINE"), Sql.localDate(rs, "PUBLISHED_ON"), rs.getString("TONE"), rs.getString("CAMPAIGN"),
                Sql.instant(rs, "CREATED_AT"), rs.getString("CREATED_BY"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static void require(Object body, String what) {
        if (body == null) {
            new Validation().check(false, "body", what + " is required").throwIfInvalid();
        }
    }

    private static String lower(String value) {
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }

    private static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String abbreviate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }

}
