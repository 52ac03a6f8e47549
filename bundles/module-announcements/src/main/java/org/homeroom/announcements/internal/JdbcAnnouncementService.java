package org.homeroom.announcements.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.homeroom.announcements.api.Announcement;
import org.homeroom.announcements.api.AnnouncementDraft;
import org.homeroom.announcements.api.AnnouncementService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Requests;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.data.Sql;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Announcements in ANN_ANNOUNCEMENT (tables from db/migration, applied by the platform); each change is audited with it. */
@Component(service = AnnouncementService.class)
public class JdbcAnnouncementService implements AnnouncementService {

    static final String MODULE = "announcements";
    static final Duration MAX_WINDOW = Duration.ofDays(366);
    private static final String SELECT = "SELECT * FROM ANN_ANNOUNCEMENT WHERE ID = ? AND SITE_CODE = ?";
    private static final Map<String, String> STATUS_SQL = Map.of(
            "withdrawn", "WITHDRAWN_AT IS NOT NULL",
            "scheduled", "WITHDRAWN_AT IS NULL AND PUBLISH_FROM > ?",
            "current", "WITHDRAWN_AT IS NULL AND PUBLISH_FROM <= ? AND PUBLISH_UNTIL > ?",
            "expired", "WITHDRAWN_AT IS NULL AND PUBLISH_UNTIL <= ?");

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;

    @Activate
    public JdbcAnnouncementService(@Reference Database database, @Reference AuditLog audit, @Reference Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Page<Announcement> list(String site, String status, String text, PageRequest page) {
        // the per-site index, pinned: Derby would keep a plan compiled while the table was small
        StringBuilder from = new StringBuilder("FROM " + Sql.from("ANN_ANNOUNCEMENT", "ANN_SITE_LIST") + " WHERE SITE_CODE = ?");
        List<Object> args = new ArrayList<>(List.of(site));
        if (status == null || status.isBlank()) {
            from.append(" AND WITHDRAWN_AT IS NULL");
        } else if (!"all".equalsIgnoreCase(status)) {
            String condition = STATUS_SQL.get(status.toLowerCase(Locale.ROOT));
            if (condition == null) {
                throw Requests.invalid("status", "must be one of scheduled, current, expired, withdrawn, all");
            }
            from.append(" AND ").append(condition);
            Instant now = clock.instant();
            condition.chars().filter(ch -> ch == '?').forEach(ch -> args.add(now));
        }
        if (text != null && !text.isBlank()) {
            from.append(" AND (LOWER(TITLE_EN) LIKE ? ESCAPE '\\' OR LOWER(TITLE_ES) LIKE ? ESCAPE '\\')");
            args.add(PagedQuery.containsPattern(text));
            args.add(PagedQuery.containsPattern(text));
        }
        return database.page(new PagedQuery("*", from.toString(), "PUBLISH_FROM DESC, ID DESC", args), page, this::map);
    }

    @Override
    public Optional<Announcement> find(String site, long id) {
        return database.queryOne(SELECT, this::map, id, site);
    }

    @Override
    public Announcement create(String site, AnnouncementDraft draft, int defaultDays, CurrentUser actor) {
        AnnouncementDraft d = validate(draft, defaultDays);
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            long id = Sql.insert(c, "INSERT INTO ANN_ANNOUNCEMENT (SITE_CODE, TITLE_EN, TITLE_ES, BODY_EN, BODY_ES,"
                    + " SPANISH_MACHINE_TRANSLATED, PUBLISH_FROM, PUBLISH_UNTIL, CREATED_AT, CREATED_BY, UPDATED_AT, UPDATED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", site, d.titleEn(), d.titleEs(), d.bodyEn(), d.bodyEs(),
                    d.spanishMachineTranslated(), d.publishFrom(), d.publishUntil(), now, actor.name(), now, actor.name());
            return audited(c, actor, "create", site, id, d.titleEn());
        });
    }

    @Override
    public Announcement update(String site, long id, AnnouncementDraft draft, int defaultDays, CurrentUser actor) {
        AnnouncementDraft d = validate(draft, defaultDays);
        return database.inTransaction(c -> {
            if (require(c, site, id).withdrawnAt() != null) {
                throw ProblemException.conflict("Announcement " + id + " was withdrawn; create a new one instead.");
            }
            Sql.update(c, "UPDATE ANN_ANNOUNCEMENT SET TITLE_EN = ?, TITLE_ES = ?, BODY_EN = ?, BODY_ES = ?,"
                    + " SPANISH_MACHINE_TRANSLATED = ?, PUBLISH_FROM = ?, PUBLISH_UNTIL = ?, UPDATED_AT = ?, UPDATED_BY = ?"
                    + " WHERE ID = ? AND SITE_CODE = ?", d.titleEn(), d.titleEs(), d.bodyEn(), d.bodyEs(), d.spanishMachineTranslated(),
                    d.publishFrom(), d.publishUntil(), clock.instant(), actor.name(), id, site);
            return audited(c, actor, "update", site, id, d.titleEn());
        });
    }

    @Override
    public Announcement withdraw(String site, long id, CurrentUser actor) {
        return database.inTransaction(c -> {
            Announcement existing = require(c, site, id);
            if (existing.withdrawnAt() != null) {
                return existing;
            }
            Instant now = clock.instant();
            Sql.update(c, "UPDATE ANN_ANNOUNCEMENT SET WITHDRAWN_AT = ?, UPDATED_AT = ?, UPDATED_BY = ? WHERE ID = ? AND SITE_CODE = ?",
                    now, now, actor.name(), id, site);
            return audited(c, actor, "withdraw", site, id, existing.titleEn());
        });
    }

    /** Checks every field; fills the publish window from now and the site's default length. */
    AnnouncementDraft validate(AnnouncementDraft draft, int defaultDays) {
        if (draft == null) {
            throw Requests.invalid("body", "an announcement object is required");
        }
        Validation v = new Validation().requiredText("titleEn", draft.titleEn(), 200).requiredText("titleEs", draft.titleEs(), 200)
                .requiredText("bodyEn", draft.bodyEn(), 8000).requiredText("bodyEs", draft.bodyEs(), 8000);
        Instant from = draft.publishFrom() != null ? draft.publishFrom() : clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant until = draft.publishUntil() != null ? draft.publishUntil() : from.plus(Duration.ofDays(Math.max(1, defaultDays)));
        v.check(until.isAfter(from), "publishUntil", "must be after publishFrom");
        v.check(Duration.between(from, until).compareTo(MAX_WINDOW) <= 0, "publishUntil", "must be at most 366 days after publishFrom");
        v.throwIfInvalid();
        return new AnnouncementDraft(draft.titleEn().strip(), draft.titleEs().strip(), draft.bodyEn().strip(), draft.bodyEs().strip(),
                Boolean.TRUE.equals(draft.spanishMachineTranslated()), from, until);
    }

    private Announcement audited(Connection c, CurrentUser actor, String action, String site, long id, String title) throws SQLException {
        audit.record(c, actor.name(), "announcement." + action, "announcement", String.valueOf(id), site + ": " + title);
        return require(c, site, id);
    }

    private Announcement require(Connection c, String site, long id) throws SQLException {
        return Sql.queryOne(c, SELECT, this::map, id, site)
                .orElseThrow(() -> ProblemException.notFound("Site " + site + " has no announcement " + id + "."));
    }

    private Announcement map(ResultSet rs) throws SQLException {
        Instant from = Sql.instant(rs, "PUBLISH_FROM");
        Instant until = Sql.instant(rs, "PUBLISH_UNTIL");
        Instant withdrawn = Sql.instant(rs, "WITHDRAWN_AT");
        Instant now = clock.instant();
        String status = withdrawn != null ? "withdrawn" : from.isAfter(now) ? "scheduled" : until.isAfter(now) ? "current" : "expired";
        return new Announcement(rs.getLong("ID"), rs.getString("SITE_CODE"), rs.getString("TITLE_EN"), rs.getString("TITLE_ES"),
                rs.getString("BODY_EN"), rs.getString("BODY_ES"), rs.getBoolean("SPANISH_MACHINE_TRANSLATED"), from, until, withdrawn,
                status, Sql.instant(rs, "CREATED_AT"), rs.getString("CREATED_BY"), Sql.instant(rs, "UPDATED_AT"), rs.getString("UPDATED_BY"));
    }
}
