package org.homeroom.events.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.homeroom.events.api.Event;
import org.homeroom.events.api.EventDraft;
import org.homeroom.events.api.EventQuery;
import org.homeroom.events.api.EventService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Events in EVT_EVENT, their sites in EVT_EVENT_SITE; each change is audited in its own transaction. */
@Component(service = EventService.class)
public class JdbcEventService implements EventService {

    static final String MODULE = "events";
    static final String DEFAULT_AUDIENCE = "families";
    static final List<String> AUDIENCES = List.of("families", "staff", "public");
    /** Audiences that may be shown to people who are not signed in. */
    static final List<String> PUBLIC_AUDIENCES = List.of("families", "public");
    static final Duration MAX_LENGTH = Duration.ofDays(14);
    /** The district has about 70 sites; a longer list is a mistake, not an event. */
    static final int MAX_SITES = 100;
    static final int MAX_REASON = 1000;
    /** The same rule as site codes in platform-sites, checked here without looking sites up. */
    static final Pattern SITE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");
    /** Titles, location and reason are one line; descriptions may keep line breaks and tabs. */
    private static final Pattern ANY_CONTROL = Pattern.compile(".*\\p{Cntrl}.*", Pattern.DOTALL);
    private static final Pattern CONTROL_BUT_LINES = Pattern.compile(".*[\\p{Cntrl}&&[^\\t\\n\\r]].*", Pattern.DOTALL);
    private static final String COLUMNS = "ID, TITLE_EN, TITLE_ES, DESCRIPTION_EN, DESCRIPTION_ES, STARTS_AT, ENDS_AT, LOCATION,"
            + " AUDIENCE, STATUS, CANCELLED_REASON, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY";
    /** Events for a site are the ones naming it plus the district-wide ones (no site rows). */
    private static final String FOR_SITE = "(NOT EXISTS (SELECT 1 FROM EVT_EVENT_SITE S WHERE S.EVENT_ID = E.ID)"
            + " OR EXISTS (SELECT 1 FROM EVT_EVENT_SITE S WHERE S.EVENT_ID = E.ID AND S.SITE_CODE = ?))";

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public JdbcEventService(@Reference Database database, @Reference AuditLog audit, BundleContext context) {
        this(database, audit, Clock.systemUTC());
        database.migrate(MODULE, context.getBundle());
    }

    JdbcEventService(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Page<Event> list(EventQuery query, PageRequest page) {
        EventQuery q = query == null ? EventQuery.ALL : query;
        String site = blankToNull(q.site()) == null ? null : q.site().trim().toUpperCase(Locale.ROOT);
        String audience = blankToNull(q.audience()) == null ? null : q.audience().trim().toLowerCase(Locale.ROOT);
        new Validation()
                .matches("site", site, SITE_CODE, "must be a site code of 2–16 letters, digits or dashes, such as E01")
                .check(audience == null || AUDIENCES.contains(audience), "audience", "must be one of " + String.join(", ", AUDIENCES))
                .check(q.from() == null || q.to() == null || q.to().isAfter(q.from()), "to", "must be after from")
                .throwIfInvalid();
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (q.from() != null) {
            conditions.add("E.ENDS_AT > ?");
            args.add(q.from());
        }
        if (q.to() != null) {
            conditions.add("E.STARTS_AT < ?");
            args.add(q.to());
        }
        if (site != null) {
            conditions.add(FOR_SITE);
            args.add(site);
        }
        if (audience != null) {
            conditions.add("E.AUDIENCE = ?");
            args.add(audience);
        }
        String text = blankToNull(q.text());
        if (text != null) {
            conditions.add("(LOWER(E.TITLE_EN) LIKE ? ESCAPE '\\' OR LOWER(E.TITLE_ES) LIKE ? ESCAPE '\\'"
                    + " OR LOWER(E.LOCATION) LIKE ? ESCAPE '\\')");
            String like = PagedQuery.containsPattern(text);
            Collections.addAll(args, like, like, like);
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return database.read(c -> {
            long total;
            try (PreparedStatement ps = bind(c.prepareStatement("SELECT COUNT(*) FROM EVT_EVENT E" + where), args);
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            return new Page<>(select(c, where, args, page.offset(), page.limit()), total, page.offset(), page.limit());
        });
    }

    @Override
    public Optional<Event> find(long id) {
        return database.read(c -> find(c, id));
    }

    @Override
    public List<Event> upcomingForPublic() {
        List<Object> args = new ArrayList<>(List.of(Event.SCHEDULED, clock.instant()));
        args.addAll(PUBLIC_AUDIENCES);
        String where = " WHERE E.STATUS = ? AND E.ENDS_AT > ? AND E.AUDIENCE IN (" + placeholders(PUBLIC_AUDIENCES.size()) + ")";
        return database.read(c -> select(c, where, args, 0, PageRequest.MAX_LIMIT));
    }

    @Override
    public Event create(EventDraft draft, CurrentUser actor) {
        EventDraft valid = validate(draft);
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO EVT_EVENT (TITLE_EN, TITLE_ES, DESCRIPTION_EN, DESCRIPTION_ES,"
                    + " STARTS_AT, ENDS_AT, LOCATION, AUDIENCE, STATUS, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                bindDraft(ps, 1, valid);
                ps.setString(9, Event.SCHEDULED);
                setInstant(ps, 10, now);
                ps.setString(11, actor.name());
                setInstant(ps, 12, now);
                ps.setString(13, actor.name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            insertSites(c, id, valid.siteCodes());
            audit.record(c, actor.name(), "event.create", "event", String.valueOf(id), summary(valid));
            return require(c, id);
        });
    }

    @Override
    public Event update(long id, EventDraft draft, CurrentUser actor) {
        EventDraft valid = validate(draft);
        return database.inTransaction(c -> {
            require(c, id);
            int changed;
            // The status condition makes a cancel that commits between our read and this write a 409, not a lost cancel.
            try (PreparedStatement ps = c.prepareStatement("UPDATE EVT_EVENT SET TITLE_EN = ?, TITLE_ES = ?, DESCRIPTION_EN = ?,"
                    + " DESCRIPTION_ES = ?, STARTS_AT = ?, ENDS_AT = ?, LOCATION = ?, AUDIENCE = ?, UPDATED_AT = ?, UPDATED_BY = ?"
                    + " WHERE ID = ? AND STATUS = ?")) {
                bindDraft(ps, 1, valid);
                setInstant(ps, 9, clock.instant());
                ps.setString(10, actor.name());
                ps.setLong(11, id);
                ps.setString(12, Event.SCHEDULED);
                changed = ps.executeUpdate();
            }
            if (changed == 0) {
                throw ProblemException.conflict("Event " + id + " was cancelled and can no longer be changed; create a new event instead.");
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM EVT_EVENT_SITE WHERE EVENT_ID = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            insertSites(c, id, valid.siteCodes());
            audit.record(c, actor.name(), "event.update", "event", String.valueOf(id), summary(valid));
            return require(c, id);
        });
    }

    @Override
    public Event cancel(long id, String reason, CurrentUser actor) {
        new Validation().required("reason", reason).maxLength("reason", reason, MAX_REASON)
                .check(reason == null || !ANY_CONTROL.matcher(reason).matches(), "reason", "must not contain control characters")
                .throwIfInvalid();
        return database.inTransaction(c -> {
            Event existing = require(c, id);
            if (Event.CANCELLED.equals(existing.status())) {
                return existing;
            }
            int changed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE EVT_EVENT SET STATUS = ?, CANCELLED_REASON = ?, UPDATED_AT = ?,"
                    + " UPDATED_BY = ? WHERE ID = ? AND STATUS = ?")) {
                ps.setString(1, Event.CANCELLED);
                ps.setString(2, reason.strip());
                setInstant(ps, 3, clock.instant());
                ps.setString(4, actor.name());
                ps.setLong(5, id);
                ps.setString(6, Event.SCHEDULED);
                changed = ps.executeUpdate();
            }
            // Zero rows: someone else cancelled it meanwhile; that cancel is the one recorded.
            if (changed == 1) {
                audit.record(c, actor.name(), "event.cancel", "event", String.valueOf(id),
                        abbreviate(existing.titleEn(), 120) + ": " + abbreviate(reason.strip(), 200));
            }
            return require(c, id);
        });
    }

    /** Checks every field; returns the draft trimmed, with the default audience and site codes upper case, sorted, distinct. */
    EventDraft validate(EventDraft draft) {
        Validation v = new Validation();
        if (draft == null) {
            v.check(false, "body", "an event object is required").throwIfInvalid();
        }
        String audience = blankToNull(draft.audience()) == null ? DEFAULT_AUDIENCE : draft.audience().trim().toLowerCase(Locale.ROOT);
        List<String> sites = draft.siteCodes() == null ? List.of()
                : draft.siteCodes().stream().map(s -> s == null ? "" : s.trim().toUpperCase(Locale.ROOT)).toList();
        List<String> badSites = sites.stream().filter(s -> !SITE_CODE.matcher(s).matches()).map(s -> "'" + abbreviate(s, 20) + "'").toList();
        v.required("titleEn", draft.titleEn()).maxLength("titleEn", draft.titleEn(), 200)
                .required("titleEs", draft.titleEs()).maxLength("titleEs", draft.titleEs(), 200)
                .required("descriptionEn", draft.descriptionEn()).maxLength("descriptionEn", draft.descriptionEn(), 8000)
                .required("descriptionEs", draft.descriptionEs()).maxLength("descriptionEs", draft.descriptionEs(), 8000)
                .maxLength("location", draft.location(), 300)
                .required("startsAt", draft.startsAt())
                .required("endsAt", draft.endsAt())
                .check(AUDIENCES.contains(audience), "audience", "must be one of " + String.join(", ", AUDIENCES))
                .check(sites.size() <= MAX_SITES, "siteCodes", "may list at most " + MAX_SITES + " sites")
                .check(badSites.isEmpty(), "siteCodes", "must be site codes of 2–16 letters, digits or dashes, such as E01; not "
                        + String.join(", ", badSites.subList(0, Math.min(5, badSites.size()))));
        for (String[] field : new String[][] {{"titleEn", draft.titleEn()}, {"titleEs", draft.titleEs()}, {"location", draft.location()}}) {
            v.check(field[1] == null || !ANY_CONTROL.matcher(field[1]).matches(), field[0], "must not contain control characters or line breaks");
        }
        for (String[] field : new String[][] {{"descriptionEn", draft.descriptionEn()}, {"descriptionEs", draft.descriptionEs()}}) {
            v.check(field[1] == null || !CONTROL_BUT_LINES.matcher(field[1]).matches(), field[0], "must not contain control characters");
        }
        if (draft.startsAt() != null && draft.endsAt() != null) {
            v.check(draft.endsAt().isAfter(draft.startsAt()), "endsAt", "must be after startsAt");
            v.check(Duration.between(draft.startsAt(), draft.endsAt()).compareTo(MAX_LENGTH) <= 0, "endsAt",
                    "must be at most 14 days after startsAt");
        }
        v.throwIfInvalid();
        return new EventDraft(draft.titleEn().strip(), draft.titleEs().strip(), draft.descriptionEn().strip(), draft.descriptionEs().strip(),
                draft.startsAt(), draft.endsAt(), blankToNull(draft.location()) == null ? null : draft.location().strip(),
                List.copyOf(new TreeSet<>(sites)), audience);
    }

    private Event require(Connection c, long id) throws SQLException {
        return find(c, id).orElseThrow(() -> ProblemException.notFound("There is no district event " + id + "."));
    }

    private Optional<Event> find(Connection c, long id) throws SQLException {
        List<Event> found = select(c, " WHERE E.ID = ?", List.of(id), 0, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** One page of events matching {@code where}, soonest first, each with its site codes. */
    private List<Event> select(Connection c, String where, List<Object> args, int offset, int limit) throws SQLException {
        List<Event> rows = new ArrayList<>();
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT " + COLUMNS + " FROM EVT_EVENT E" + where
                + " ORDER BY E.STARTS_AT, E.ID OFFSET ? ROWS FETCH NEXT ? ROWS ONLY"), args)) {
            ps.setInt(args.size() + 1, offset);
            ps.setInt(args.size() + 2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(map(rs));
                }
            }
        }
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, List<String>> sites = new HashMap<>();
        List<Object> ids = rows.stream().<Object>map(Event::id).toList();
        try (PreparedStatement ps = bind(c.prepareStatement("SELECT EVENT_ID, SITE_CODE FROM EVT_EVENT_SITE WHERE EVENT_ID IN ("
                + placeholders(ids.size()) + ") ORDER BY SITE_CODE"), ids);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                sites.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return rows.stream().map(e -> new Event(e.id(), e.titleEn(), e.titleEs(), e.descriptionEn(), e.descriptionEs(), e.startsAt(),
                e.endsAt(), e.location(), sites.getOrDefault(e.id(), List.of()), e.audience(), e.status(), e.cancelledReason(),
                e.createdAt(), e.createdBy(), e.updatedAt(), e.updatedBy())).toList();
    }

    private static void insertSites(Connection c, long id, List<String> sites) throws SQLException {
        if (sites.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO EVT_EVENT_SITE (EVENT_ID, SITE_CODE) VALUES (?, ?)")) {
            for (String site : sites) {
                ps.setLong(1, id);
                ps.setString(2, site);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindDraft(PreparedStatement ps, int first, EventDraft d) throws SQLException {
        ps.setString(first, d.titleEn());
        ps.setString(first + 1, d.titleEs());
        ps.setString(first + 2, d.descriptionEn());
        ps.setString(first + 3, d.descriptionEs());
        setInstant(ps, first + 4, d.startsAt());
        setInstant(ps, first + 5, d.endsAt());
        ps.setString(first + 6, d.location());
        ps.setString(first + 7, d.audience());
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs, 6),
                instant(rs, 7), rs.getString(8), List.of(), rs.getString(9), rs.getString(10), rs.getString(11),
                instant(rs, 12), rs.getString(13), instant(rs, 14), rs.getString(15));
    }

    private static PreparedStatement bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Instant instant) {
                setInstant(ps, i + 1, instant);
            } else {
                ps.setObject(i + 1, args.get(i));
            }
        }
        return ps;
    }

    // TIMESTAMP has no zone: reading and writing through a UTC calendar keeps stored times independent of the
    // server's zone and its daylight-saving jumps. A new calendar each time because Calendar is not thread-safe.
    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        ps.setTimestamp(index, Timestamp.from(value), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
    }

    private static Instant instant(ResultSet rs, int index) throws SQLException {
        return rs.getTimestamp(index, Calendar.getInstance(TimeZone.getTimeZone("UTC"))).toInstant();
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static String summary(EventDraft d) {
        return abbreviate(d.titleEn(), 120) + " (" + d.startsAt() + ", " + d.audience() + ", "
                + (d.siteCodes().isEmpty() ? "district-wide" : abbreviate(String.join(" ", d.siteCodes()), 100)) + ")";
    }

    private static String abbreviate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max) + "…";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
