package org.homeroom.platform.holds.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.holds.ActiveHolds;
import org.homeroom.platform.api.holds.Hold;
import org.homeroom.platform.api.holds.HoldDraft;
import org.homeroom.platform.api.holds.HoldService;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Holds in HR_HOLD: read by every sender on every node from the shared database, so a hold set on one node
 * stops the next pass of every worker. Setting and lifting are audited in the same transaction.
 */
@Component(service = HoldService.class)
public class JdbcHolds implements HoldService {

    static final String OWNER = "platform-holds";
    private static final String COLUMNS = "ID, SITES, REASON, SET_BY, SET_AT, LIFTED_BY, LIFTED_AT, LIFT_REASON";
    private static final Pattern CONTROL = Pattern.compile(".*[\\p{Cntrl}&&[^\\n]].*", Pattern.DOTALL);
    private final Database database;
    private final AuditLog audit;
    /** A site by code, only while it exists and is not archived. */
    private final Function<String, Optional<Site>> sites;
    private final Clock clock;

    @Activate
    public JdbcHolds(@Reference Database database, @Reference AuditLog audit, @Reference SiteService sites, BundleContext context) {
        this(database, audit, sites::find, Clock.systemUTC());
        database.migrate(OWNER, context.getBundle());
    }

    JdbcHolds(Database database, AuditLog audit, Function<String, Optional<Site>> sites, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.sites = sites;
        this.clock = clock;
    }

    @Override
    public ActiveHolds active() {
        return database.read(c -> {
            boolean district = false;
            Set<String> held = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT SITES FROM HR_HOLD WHERE LIFTED_AT IS NULL");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> codes = codes(rs.getString(1));
                    district |= codes.isEmpty();
                    held.addAll(codes);
                }
            }
            return district || !held.isEmpty() ? new ActiveHolds(district, held) : ActiveHolds.NONE;
        });
    }

    @Override
    public List<Hold> list(boolean activeOnly) {
        return database.read(c -> {
            List<Hold> holds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM HR_HOLD" + (activeOnly ? " WHERE LIFTED_AT IS NULL" : "")
                    + " ORDER BY ID DESC FETCH FIRST 500 ROWS ONLY");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holds.add(map(rs));
                }
            }
            return holds;
        });
    }

    @Override
    public Hold get(long id) {
        return database.read(c -> require(c, id));
    }

    @Override
    public Hold set(HoldDraft draft, CurrentUser actor) {
        HoldDraft d = draft == null ? new HoldDraft(null, null) : draft;
        Validation v = new Validation();
        String reason = d.reason() == null ? null : d.reason().strip();
        checkReason(v, "reason", reason, true);
        Set<String> codes = new TreeSet<>();
        if (d.sites() != null) {
            for (int i = 0; i < d.sites().size(); i++) {
                String raw = d.sites().get(i);
                String code = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
                Optional<Site> site = code.isEmpty() ? Optional.empty() : sites.apply(code).filter(s -> !s.archived());
                v.check(site.isPresent(), "sites[" + i + "]", code.isEmpty() ? "is empty: give a site code, or leave sites out to hold the whole district"
                        : "there is no site " + code);
                site.ifPresent(s -> codes.add(s.code()));
            }
        }
        v.check(String.join(",", codes).length() <= 2000, "sites", "too many sites for one hold: hold the whole district instead");
        v.throwIfInvalid();
        return database.inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO HR_HOLD (SITES, REASON, SET_BY, SET_AT) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, codes.isEmpty() ? null : String.join(",", codes));
                ps.setString(2, reason);
                ps.setString(3, actor.name());
                ps.setTimestamp(4, Timestamp.from(clock.instant()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            audit.record(c, actor.name(), "hold.set", "hold", String.valueOf(id),
                    (codes.isEmpty() ? "district-wide" : "sites " + String.join(",", codes)) + ": " + reason);
            return require(c, id);
        });
    }

    @Override
    public Hold lift(long id, String reason, CurrentUser actor) {
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        Validation v = new Validation();
        checkReason(v, "reason", why, false);
        v.throwIfInvalid();
        return database.inTransaction(c -> {
            require(c, id);
            try (PreparedStatement ps = c.prepareStatement("UPDATE HR_HOLD SET LIFTED_BY = ?, LIFTED_AT = ?, LIFT_REASON = ? WHERE ID = ? AND LIFTED_AT IS NULL")) {
                ps.setString(1, actor.name());
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setString(3, why);
                ps.setLong(4, id);
                if (ps.executeUpdate() == 0) {
                    throw ProblemException.conflict("Hold " + id + " was lifted already.");
                }
            }
            audit.record(c, actor.name(), "hold.lift", "hold", String.valueOf(id), why == null ? "lifted" : why);
            return require(c, id);
        });
    }

    private static void checkReason(Validation v, String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            v.check(!required, field, "is required: say why communications wait (staff and the audit read it)");
            return;
        }
        v.check(value.length() <= 500, field, "must be at most 500 characters");
        v.check(!CONTROL.matcher(value).matches(), field, "must be plain text (no control characters)");
    }

    private static Hold require(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM HR_HOLD WHERE ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("There is no hold " + id + ".");
                }
                return map(rs);
            }
        }
    }

    private static Hold map(ResultSet rs) throws SQLException {
        return new Hold(rs.getLong(1), codes(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(),
                rs.getString(6), instant(rs.getTimestamp(7)), rs.getString(8));
    }

    private static List<String> codes(String sites) {
        return sites == null || sites.isEmpty() ? List.of() : Arrays.asList(sites.split(","));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
