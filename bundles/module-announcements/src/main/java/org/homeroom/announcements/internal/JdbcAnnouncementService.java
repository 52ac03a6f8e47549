package org.homeroom.announcements.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.homeroom.announcements.api.Announcement;
import org.homeroom.announcements.api.AnnouncementDraft;
import org.homeroom.announcements.api.AnnouncementService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
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

/** Announcements in ANN_ANNOUNCEMENT; each change is audited in its own transaction. */
@Component(service = AnnouncementService.class)
public class JdbcAnnouncementService implements AnnouncementService {

    static final String MODULE = "announcements";
    static final Duration MAX_WINDOW = Duration.ofDays(366);
    private static final Pattern CONTROL = Pattern.compile(".*[\\p{Cntrl}&&[^\\t\\n\\r]].*", Pattern.DOTALL);
    private static final String COLUMNS = "ID, SITE_CODE, TITLE_EN, TITLE_ES, BODY_EN, BODY_ES, SPANISH_MACHINE_TRANSLATED,"
            + " PUBLISH_FROM, PUBLISH_UNTIL, WITHDRAWN_AT, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY";
    private static final Map<String, String> STATUS_SQL = Map.of(
            "withdrawn", "WITHDRAWN_AT IS NOT NULL",
            "scheduled", "WITHDRAWN_AT IS NULL AND PUBLISH_FROM > ?",
            "current", "WITHDRAWN_AT IS NULL AND PUBLISH_FROM <= ? AND PUBLISH_UNTIL > ?",
            "expired", "WITHDRAWN_AT IS NULL AND PUBLISH_UNTIL <= ?");

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public JdbcAnnouncementService(@Reference Database database, @Reference AuditLog audit, BundleContext context) {
        this(database, audit, Clock.systemUTC());
        database.migrate(MODULE, context.getBundle());
    }

    JdbcAnnouncementService(Database database, AuditLog audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Page<Announcement> list(String site, String status, String text, PageRequest page) {
        // Derby keeps the plan it compiled when the table was small; as other sites' rows pile up it would
        // go on scanning them all. The hint pins the per-site index (a comment to any other database).
        StringBuilder where = new StringBuilder(" --DERBY-PROPERTIES index=ANN_SITE_LIST\n WHERE SITE_CODE = ?");
        List<Object> args = new ArrayList<>(List.of(site));
        Instant now = clock.instant();
        if (status == null || status.isBlank()) {
            where.append(" AND WITHDRAWN_AT IS NULL");
        } else if (!"all".equalsIgnoreCase(status)) {
            String condition = STATUS_SQL.get(status.toLowerCase(Locale.ROOT));
            if (condition == null) {
                throw ProblemException.invalid(List.of(new FieldError("status", "must be one of scheduled, current, expired, withdrawn, all")));
            }
            where.append(" AND ").append(condition);
            condition.chars().filter(ch -> ch == '?').forEach(ch -> args.add(now));
        }
        if (text != null && !text.isBlank()) {
            where.append(" AND (LOWER(TITLE_EN) LIKE ? ESCAPE '\\' OR LOWER(TITLE_ES) LIKE ? ESCAPE '\\')");
            String like = PagedQuery.containsPattern(text);
            args.add(like);
            args.add(like);
        }
        return database.page(new PagedQuery(COLUMNS, "FROM ANN_ANNOUNCEMENT" + where, "PUBLISH_FROM DESC, ID DESC", args), page, this::map);
    }

    @Override
    public Optional<Announcement> find(String site, long id) {
        return database.read(c -> find(c, site, id));
    }

    @Override
    public Announcement create(String site, AnnouncementDraft draft, int defaultDays, CurrentUser actor) {
        AnnouncementDraft valid = validate(draft, defaultDays);
        return database.inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ANN_ANNOUNCEMENT (SITE_CODE, TITLE_EN, TITLE_ES, BODY_EN,"
                    + " BODY_ES, SPANISH_MACHINE_TRANSLATED, PUBLISH_FROM, PUBLISH_UNTIL, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, site);
                bindDraft(ps, 2, valid);
                ps.setTimestamp(9, now);
                ps.setString(10, actor.name());
                ps.setTimestamp(11, now);
                ps.setString(12, actor.name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            audit.record(c, actor.name(), "announcement.create", "announcement", String.valueOf(id), site + ": " + valid.titleEn());
            return find(c, site, id).orElseThrow();
        });
    }

    @Override
    public Announcement update(String site, long id, AnnouncementDraft draft, int defaultDays, CurrentUser actor) {
        AnnouncementDraft valid = validate(draft, defaultDays);
        return database.inTransaction(c -> {
            Announcement existing = require(c, site, id);
            if (existing.withdrawnAt() != null) {
                throw ProblemException.conflict("Announcement " + id + " was withdrawn; create a new one instead.");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ANN_ANNOUNCEMENT SET TITLE_EN = ?, TITLE_ES = ?, BODY_EN = ?,"
                    + " BODY_ES = ?, SPANISH_MACHINE_TRANSLATED = ?, PUBLISH_FROM = ?, PUBLISH_UNTIL = ?, UPDATED_AT = ?, UPDATED_BY = ?"
                    + " WHERE ID = ? AND SITE_CODE = ?")) {
                bindDraft(ps, 1, valid);
                ps.setTimestamp(8, Timestamp.from(clock.instant()));
                ps.setString(9, actor.name());
                ps.setLong(10, id);
                ps.setString(11, site);
                ps.executeUpdate();
            }
            audit.record(c, actor.name(), "announcement.update", "announcement", String.valueOf(id), site + ": " + valid.titleEn());
            return find(c, site, id).orElseThrow();
        });
    }

    @Override
    public Announcement withdraw(String site, long id, CurrentUser actor) {
        return database.inTransaction(c -> {
            Announcement existing = require(c, site, id);
            if (existing.withdrawnAt() != null) {
                return existing;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE ANN_ANNOUNCEMENT SET WITHDRAWN_AT = ?, UPDATED_AT = ?, UPDATED_BY = ?"
                    + " WHERE ID = ? AND SITE_CODE = ?")) {
                Timestamp now = Timestamp.from(clock.instant());
                ps.setTimestamp(1, now);
                ps.setTimestamp(2, now);
                ps.setString(3, actor.name());
                ps.setLong(4, id);
                ps.setString(5, site);
                ps.executeUpdate();
            }
            audit.record(c, actor.name(), "announcement.withdraw", "announcement", String.valueOf(id), site + ": " + existing.titleEn());
            return find(c, site, id).orElseThrow();
        });
    }

    /** Checks every field; fills the publish window from now and the site's default length. */
    AnnouncementDraft validate(AnnouncementDraft draft, int defaultDays) {
        Validation v = new Validation();
        if (draft == null) {
            v.check(false, "body", "an announcement object is required").throwIfInvalid();
        }
        v.required("titleEn", draft.titleEn()).maxLength("titleEn", draft.titleEn(), 200)
                .required("titleEs", draft.titleEs()).maxLength("titleEs", draft.titleEs(), 200)
                .required("bodyEn", draft.bodyEn()).maxLength("bodyEn", draft.bodyEn(), 8000)
                .required("bodyEs", draft.bodyEs()).maxLength("bodyEs", draft.bodyEs(), 8000);
        for (String[] field : new String[][] {{"titleEn", draft.titleEn()}, {"titleEs", draft.titleEs()},
                {"bodyEn", draft.bodyEn()}, {"bodyEs", draft.bodyEs()}}) {
            v.check(field[1] == null || !CONTROL.matcher(field[1]).matches(), field[0], "must not contain control characters");
        }
        Instant from = draft.publishFrom() != null ? draft.publishFrom() : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant until = draft.publishUntil() != null ? draft.publishUntil() : from.plus(Duration.ofDays(Math.max(1, defaultDays)));
        v.check(until.isAfter(from), "publishUntil", "must be after publishFrom");
        v.check(Duration.between(from, until).compareTo(MAX_WINDOW) <= 0, "publishUntil", "must be at most 366 days after publishFrom");
        v.throwIfInvalid();
        return new AnnouncementDraft(draft.titleEn().strip(), draft.titleEs().strip(), draft.bodyEn().strip(), draft.bodyEs().strip(),
                Boolean.TRUE.equals(draft.spanishMachineTranslated()), from, until);
    }

    private Announcement require(Connection c, String site, long id) throws SQLException {
        return find(c, site, id).orElseThrow(() -> ProblemException.notFound("Site " + site + " has no announcement " + id + "."));
    }

    private Optional<Announcement> find(Connection c, String site, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM ANN_ANNOUNCEMENT WHERE ID = ? AND SITE_CODE = ?")) {
            ps.setLong(1, id);
            ps.setString(2, site);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    private static void bindDraft(PreparedStatement ps, int first, AnnouncementDraft d) throws SQLException {
        ps.setString(first, d.titleEn());
        ps.setString(first + 1, d.titleEs());
        ps.setString(first + 2, d.bodyEn());
        ps.setString(first + 3, d.bodyEs());
        ps.setBoolean(first + 4, d.spanishMachineTranslated());
        ps.setTimestamp(first + 5, Timestamp.from(d.publishFrom()));
        ps.setTimestamp(first + 6, Timestamp.from(d.publishUntil()));
    }

    private Announcement map(ResultSet rs) throws SQLException {
        Instant from = rs.getTimestamp(8).toInstant();
        Instant until = rs.getTimestamp(9).toInstant();
        Timestamp withdrawn = rs.getTimestamp(10);
        Instant now = clock.instant();
        String status = withdrawn != null ? "withdrawn" : from.isAfter(now) ? "scheduled" : until.isAfter(now) ? "current" : "expired";
        return new Announcement(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getBoolean(7), from, until, withdrawn == null ? null : withdrawn.toInstant(), status,
                rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getTimestamp(13).toInstant(), rs.getString(14));
    }

}
