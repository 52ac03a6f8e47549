package org.homeroom.platform.sites.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteDraft;
import org.homeroom.platform.api.sites.SiteKind;
import org.homeroom.platform.api.sites.SiteQuery;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Sites in HR_SITE. Each change and its audit entry commit in one transaction. */
@Component(service = SiteService.class)
public class JdbcSiteService implements SiteService {

    private static final String COLUMNS = "CODE, NAME, KIND, ADDRESS, PHONE, PRINCIPAL, GRADES, LANGUAGES, ARCHIVED, CREATED_AT, UPDATED_AT";
    private final Database database;
    private final AuditLog audit;

    @Activate
    public JdbcSiteService(@Reference Database database, @Reference AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    @Override
    public Page<Site> list(SiteQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!query.includeArchived()) {
            where.append(" AND ARCHIVED = FALSE");
        }
        if (query.text() != null && !query.text().isBlank()) {
            where.append(" AND (LOWER(NAME) LIKE ? ESCAPE '\\' OR LOWER(CODE) LIKE ? ESCAPE '\\')");
            String like = PagedQuery.containsPattern(query.text());
            args.add(like);
            args.add(like);
        }
        if (query.kind() != null && !query.kind().isBlank()) {
            SiteKind kind = SiteKind.parse(query.kind()).orElseThrow(() -> ProblemException.invalid(List.of(
                    new org.homeroom.platform.api.FieldError("kind", "must be one of elementary, middle, high, alternative, early-childhood, office"))));
            where.append(" AND KIND = ?");
            args.add(kind.code());
        }
        if (query.onlyCodes() != null) {
            if (query.onlyCodes().isEmpty()) {
                return new Page<>(List.of(), 0, page.offset(), page.limit());
            }
            where.append(" AND CODE IN (").append(String.join(", ", query.onlyCodes().stream().map(c -> "?").toList())).append(")");
            args.addAll(query.onlyCodes());
        }
        return database.page(new PagedQuery(COLUMNS, "FROM HR_SITE" + where, "CODE", args), page, JdbcSiteService::map);
    }

    @Override
    public Optional<Site> find(String code) {
        String normalised = SiteValidator.normaliseCode(code);
        return database.read(c -> find(c, normalised));
    }

    @Override
    public Site create(SiteDraft draft, CurrentUser actor) {
        SiteDraft site = SiteValidator.validate(draft);
        return database.inTransaction(c -> {
            if (find(c, site.code()).isPresent()) {
                throw ProblemException.conflict("A site with code " + site.code() + " already exists.");
            }
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_SITE (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?)")) {
                int i = bindDraft(ps, site);
                ps.setString(1, site.code());
                ps.setTimestamp(i++, now);
                ps.setTimestamp(i, now);
                ps.executeUpdate();
            }
            audit.record(c, actorName(actor), "site.create", "site", site.code(), site.name());
            return find(c, site.code()).orElseThrow();
        });
    }

    @Override
    public Site update(String code, SiteDraft draft, CurrentUser actor) {
        String normalised = SiteValidator.normaliseCode(code);
        SiteDraft withCode = draft == null ? null : new SiteDraft(draft.code() == null ? normalised : draft.code(), draft.name(),
                draft.kind(), draft.address(), draft.phone(), draft.principal(), draft.grades(), draft.languages());
        SiteDraft site = SiteValidator.validate(withCode);
        if (!site.code().equals(normalised)) {
            throw ProblemException.invalid(List.of(new org.homeroom.platform.api.FieldError("code",
                    "cannot be changed (the address says " + normalised + ")")));
        }
        return database.inTransaction(c -> {
            requireExisting(c, normalised);
            try (PreparedStatement ps = c.prepareStatement("UPDATE HR_SITE SET NAME = ?, KIND = ?, ADDRESS = ?, PHONE = ?,"
                    + " PRINCIPAL = ?, GRADES = ?, LANGUAGES = ?, UPDATED_AT = ? WHERE CODE = ?")) {
                ps.setString(1, site.name());
                ps.setString(2, site.kind());
                ps.setString(3, site.address());
                ps.setString(4, site.phone());
                ps.setString(5, site.principal());
                ps.setString(6, site.grades());
                ps.setString(7, String.join(",", site.languages()));
                ps.setTimestamp(8, Timestamp.from(Instant.now()));
                ps.setString(9, normalised);
                ps.executeUpdate();
            }
            audit.record(c, actorName(actor), "site.update", "site", normalised, site.name());
            return find(c, normalised).orElseThrow();
        });
    }

    @Override
    public Site archive(String code, CurrentUser actor) {
        String normalised = SiteValidator.normaliseCode(code);
        return database.inTransaction(c -> {
            Site existing = requireExisting(c, normalised);
            if (existing.archived()) {
                return existing;
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE HR_SITE SET ARCHIVED = TRUE, UPDATED_AT = ? WHERE CODE = ?")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now()));
                ps.setString(2, normalised);
                ps.executeUpdate();
            }
            audit.record(c, actorName(actor), "site.archive", "site", normalised, existing.name());
            return find(c, normalised).orElseThrow();
        });
    }

    @Override
    public long count() {
        return database.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM HR_SITE")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private Site requireExisting(Connection c, String code) throws SQLException {
        return find(c, code).orElseThrow(() -> ProblemException.notFound("There is no site with code " + code + "."));
    }

    private static Optional<Site> find(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM HR_SITE WHERE CODE = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Binds columns 2–8 (code is bound by the caller); returns the next index. */
    private static int bindDraft(PreparedStatement ps, SiteDraft site) throws SQLException {
        ps.setString(2, site.name());
        ps.setString(3, site.kind());
        ps.setString(4, site.address());
        ps.setString(5, site.phone());
        ps.setString(6, site.principal());
        ps.setString(7, site.grades());
        ps.setString(8, String.join(",", site.languages()));
        return 9;
    }

    private static Site map(ResultSet rs) throws SQLException {
        String languages = rs.getString(8);
        return new Site(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), languages == null || languages.isEmpty() ? List.of() : Arrays.asList(languages.split(",")),
                rs.getBoolean(9), rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant());
    }


    static String actorName(CurrentUser actor) {
        return actor == null ? "system" : actor.name();
    }
}
