package org.homeroom.events.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
import org.homeroom.platform.api.data.Sql;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Events in EVT_EVENT, their sites in EVT_EVENT_SITE (tables from db/migration); each change is audited with it. */
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
    /** Titles, location and reason are one line (plain text allows line breaks in descriptions only). */
    private static final Pattern LINE_BREAK = Pattern.compile("[\\t\\n\\r]");
    /** Events for a site are the ones naming it plus the district-wide ones (no site rows). */
    private static final String FOR_SITE = "(NOT EXISTS (SELECT 1 FROM EVT_EVENT_SITE S WHERE S.EVENT_ID = E.ID)"
            + " OR EXISTS (SELECT 1 FROM EVT_EVENT_SITE S WHERE S.EVENT_ID = E.ID AND S.SITE_CODE = ?))";

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public JdbcEventService(@Reference Database database, @Reference AuditLog audit, @Reference Clock clock) {
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
        List<String> conditions = new ArrayList<>(List.of("1 = 1"));
        List<Object> args = new ArrayList<>();
        condition(conditions, args, q.from() != null, "E.ENDS_AT > ?", q.from());
        condition(conditions, args, q.to() != null, "E.STARTS_AT < ?", q.to());
        condition(conditions, args, site != null, FOR_SITE, site);
        condition(conditions, args, audience != null, "E.AUDIENCE = ?", audience);
        String text = blankToNull(q.text());
        if (text != null) {
            String like = PagedQuery.containsPattern(text);
            conditions.add("(LOWER(E.TITLE_EN) LIKE ? ESCAPE '\\' OR LOWER(E.TITLE_ES) LIKE ? ESCAPE '\\' OR LOWER(E.LOCATION) LIKE ? ESCAPE '\\')");
            Collections.addAll(args, like, like, like);
        }
        String from = "FROM EVT_EVENT E WHERE " + String.join(" AND ", conditions);
        Page<Event> rows = database.page(new PagedQuery("E.*", from, "E.STARTS_AT, E.ID", args), page, JdbcEventService::map);
        return new Page<>(database.read(c -> withSites(c, rows.items())), rows.total(), rows.offset(), rows.limit());
    }

    @Override
    public Optional<Event> find(long id) {
        return database.read(c -> find(c, id));
    }

    @Override
    public List<Event> upcomingForPublic() {
        return database.read(c -> withSites(c, Sql.query(c, "SELECT * FROM EVT_EVENT E WHERE E.STATUS = ? AND E.ENDS_AT > ?"
                + " AND E.AUDIENCE IN (?, ?) ORDER BY E.STARTS_AT, E.ID FETCH FIRST " + PageRequest.MAX_LIMIT + " ROWS ONLY",
                JdbcEventService::map, Event.SCHEDULED, clock.instant(), PUBLIC_AUDIENCES.get(0), PUBLIC_AUDIENCES.get(1))));
    }

    @Override
    public Event create(EventDraft draft, CurrentUser actor) {
        EventDraft d = validate(draft);
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            long id = Sql.insert(c, "INSERT INTO EVT_EVENT (TITLE_EN, TITLE_ES, DESCRIPTION_EN, DESCRIPTION_ES, STARTS_AT, ENDS_AT,"
                    + " LOCATION, AUDIENCE, STATUS, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    d.titleEn(), d.titleEs(), d.descriptionEn(), d.descriptionEs(), d.startsAt(), d.endsAt(), d.location(), d.audience(),
                    Event.SCHEDULED, now, actor.name(), now, actor.name());
            insertSites(c, id, d.siteCodes());
            audit.record(c, actor.name(), "event.create", "event", String.valueOf(id), summary(d));
            return require(c, id);
        });
    }

    @Override
    public Event update(long id, EventDraft draft, CurrentUser actor) {
        EventDraft d = validate(draft);
        return database.inTransaction(c -> {
            require(c, id);
            // The status condition makes a cancel that commits between our read and this write a 409, not a lost cancel.
            int changed = Sql.update(c, "UPDATE EVT_EVENT SET TITLE_EN = ?, TITLE_ES = ?, DESCRIPTION_EN = ?, DESCRIPTION_ES = ?,"
                    + " STARTS_AT = ?, ENDS_AT = ?, LOCATION = ?, AUDIENCE = ?, UPDATED_AT = ?, UPDATED_BY = ? WHERE ID = ? AND STATUS = ?",
                    d.titleEn(), d.titleEs(), d.descriptionEn(), d.descriptionEs(), d.startsAt(), d.endsAt(), d.location(), d.audience(),
                    clock.instant(), actor.name(), id, Event.SCHEDULED);
            if (changed == 0) {
                throw ProblemException.conflict("Event " + id + " was cancelled and can no longer be changed; create a new event instead.");
            }
            Sql.update(c, "DELETE FROM EVT_EVENT_SITE WHERE EVENT_ID = ?", id);
            insertSites(c, id, d.siteCodes());
            audit.record(c, actor.name(), "event.update", "event", String.valueOf(id), summary(d));
            return require(c, id);
        });
    }

    @Override
    public Event cancel(long id, String reason, CurrentUser actor) {
        new Validation().requiredText("reason", reason, MAX_REASON)
                .check(reason == null || !LINE_BREAK.matcher(reason).find(), "reason", "must not contain control characters or line breaks")
                .throwIfInvalid();
        return database.inTransaction(c -> {
            Event existing = require(c, id);
            if (Event.CANCELLED.equals(existing.status())) {
                return existing;
            }
            // Zero rows: someone else cancelled it meanwhile; that cancel is the one recorded.
            if (Sql.update(c, "UPDATE EVT_EVENT SET STATUS = ?, CANCELLED_REASON = ?, UPDATED_AT = ?, UPDATED_BY = ? WHERE ID = ? AND STATUS = ?",
                    Event.CANCELLED, reason.strip(), clock.instant(), actor.name(), id, Event.SCHEDULED) == 1) {
                audit.record(c, actor.name(), "event.cancel", "event", String.valueOf(id),
                        abbreviate(existing.titleEn(), 120) + ": " + abbreviate(reason.strip(), 200));
            }
            return require(c, id);
        });
    }

    /** Checks every field; returns the draft trimmed, with the default audience and site codes upper case, sorted, distinct. */
    EventDraft validate(EventDraft draft) {
        if (draft == null) {
            new Validation().check(false, "body", "an event object is required").throwIfInvalid();
        }
        String audience = blankToNull(draft.audience()) == null ? DEFAULT_AUDIENCE : draft.audience().trim().toLowerCase(Locale.ROOT);
        List<String> sites = draft.siteCodes() == null ? List.of()
                : draft.siteCodes().stream().map(s -> s == null ? "" : s.trim().toUpperCase(Locale.ROOT)).toList();
        List<String> badSites = sites.stream().filter(s -> !SITE_CODE.matcher(s).matches()).map(s -> "'" + abbreviate(s, 20) + "'").toList();
        Validation v = new Validation().requiredText("titleEn", draft.titleEn(), 200).requiredText("titleEs", draft.titleEs(), 200)
                .requiredText("descriptionEn", draft.descriptionEn(), 8000).requiredText("descriptionEs", draft.descriptionEs(), 8000)
                .plainText("location", draft.location(), 300)
                .required("startsAt", draft.startsAt())
                .required("endsAt", draft.endsAt())
                .check(AUDIENCES.contains(audience), "audience", "must be one of " + String.join(", ", AUDIENCES))
                .check(sites.size() <= MAX_SITES, "siteCodes", "may list at most " + MAX_SITES + " sites")
                .check(badSites.isEmpty(), "siteCodes", "must be site codes of 2–16 letters, digits or dashes, such as E01; not "
                        + String.join(", ", badSites.subList(0, Math.min(5, badSites.size()))));
        for (String[] field : new String[][] {{"titleEn", draft.titleEn()}, {"titleEs", draft.titleEs()}, {"location", draft.location()}}) {
            v.check(field[1] == null || !LINE_BREAK.matcher(field[1]).find(), field[0], "must not contain control characters or line breaks");
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
        return Sql.queryOne(c, "SELECT * FROM EVT_EVENT WHERE ID = ?", JdbcEventService::map, id)
                .map(e -> withSites(c, List.of(e)).get(0));
    }

    /** The events with their site codes, read in one query. */
    private static List<Event> withSites(Connection c, List<Event> events) {
        if (events.isEmpty()) {
            return events;
        }
        Object[] ids = events.stream().map(Event::id).toArray();
        Map<Long, List<String>> sites;
        try {
            sites = Sql.query(c, "SELECT EVENT_ID, SITE_CODE FROM EVT_EVENT_SITE WHERE EVENT_ID IN (" + String.join(", ",
                    Collections.nCopies(ids.length, "?")) + ") ORDER BY SITE_CODE", rs -> Map.entry(rs.getLong(1), rs.getString(2)), ids)
                    .stream().collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        } catch (SQLException e) {
            throw new org.homeroom.platform.api.data.DataException(e.getMessage(), e);
        }
        return events.stream().map(e -> new Event(e.id(), e.titleEn(), e.titleEs(), e.descriptionEn(), e.descriptionEs(), e.startsAt(),
                e.endsAt(), e.location(), sites.getOrDefault(e.id(), List.of()), e.audience(), e.status(), e.cancelledReason(),
                e.createdAt(), e.createdBy(), e.updatedAt(), e.updatedBy())).toList();
    }

    private static void insertSites(Connection c, long id, List<String> sites) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO EVT_EVENT_SITE (EVENT_ID, SITE_CODE) VALUES (?, ?)")) {
            for (String site : sites) {
                Sql.bind(ps, id, site).addBatch();
            }
            if (!sites.isEmpty()) {
                ps.executeBatch();
            }
        }
    }

    private static Event map(ResultSet rs) throws SQLException {
        return new Event(rs.getLong("ID"), rs.getString("TITLE_EN"), rs.getString("TITLE_ES"), rs.getString("DESCRIPTION_EN"),
                rs.getString("DESCRIPTION_ES"), Sql.instant(rs, "STARTS_AT"), Sql.instant(rs, "ENDS_AT"), rs.getString("LOCATION"), List.of(),
                rs.getString("AUDIENCE"), rs.getString("STATUS"), rs.getString("CANCELLED_REASON"), Sql.instant(rs, "CREATED_AT"),
                rs.getString("CREATED_BY"), Sql.instant(rs, "UPDATED_AT"), rs.getString("UPDATED_BY"));
    }

    private static void condition(List<String> conditions, List<Object> args, boolean when, String sql, Object value) {
        if (when) {
            conditions.add(sql);
            args.add(value);
        }
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
