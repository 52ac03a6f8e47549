package org.homeroom.crisis.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.homeroom.crisis.api.CrisisService;
import org.homeroom.crisis.api.Disclosure;
import org.homeroom.crisis.api.Incident;
import org.homeroom.crisis.api.IncidentDraft;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.Sql;
import org.homeroom.platform.api.holds.Hold;
import org.homeroom.platform.api.holds.HoldDraft;
import org.homeroom.platform.api.holds.HoldService;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Incidents in CRI_INCIDENT with their sites, roles and log (tables from db/migration); every change is audited. */
@Component(service = CrisisService.class)
public class JdbcCrisisService implements CrisisService {

    static final String MODULE = "crisis";
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    static final Pattern SITE_CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,15}");
    static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,128}");
    static final int MAX_TEXT = 1000;
    static final int MAX_LOG = 4000;
    static final int MAX_SITES = 100;
    /** Allowed status changes: open ⇄ contained, either → closed; closed is final. */
    static final Map<String, List<String>> TRANSITIONS = Map.of(
            Incident.OPEN, List.of(Incident.CONTAINED, Incident.CLOSED),
            Incident.CONTAINED, List.of(Incident.OPEN, Incident.CLOSED),
            Incident.CLOSED, List.of());

    private final Database database;
    private final AuditLog audit;
    private final Clock clock;
    private final SiteService sites;
    private final HoldService holds;

    @Activate
    public JdbcCrisisService(@Reference Database database, @Reference AuditLog audit, @Reference Clock clock,
            @Reference SiteService sites, @Reference HoldService holds) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
        this.sites = sites;
        this.holds = holds;
    }

    @Override
    public List<Incident> list(String site, String status) {
        String st = lower(status);
        new Validation().check(st == null || TRANSITIONS.containsKey(st), "status", "must be one of open, contained, closed").throwIfInvalid();
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT I.ID FROM CRI_INCIDENT I WHERE 1 = 1");
        if (st != null) {
            sql.append(" AND I.STATUS = ?");
            args.add(st);
        }
        if (site != null) {
            sql.append(" AND (NOT EXISTS (SELECT 1 FROM CRI_INCIDENT_SITE S WHERE S.INCIDENT_ID = I.ID)"
                    + " OR EXISTS (SELECT 1 FROM CRI_INCIDENT_SITE S WHERE S.INCIDENT_ID = I.ID AND S.SITE_CODE = ?))");
            args.add(site);
        }
        sql.append(" ORDER BY I.ID DESC FETCH FIRST 500 ROWS ONLY");
        return database.read(c -> {
            List<Long> ids = Sql.query(c, sql.toString(), r -> r.getLong("ID"), args.toArray());
            List<Incident> out = new ArrayList<>();
            for (long id : ids) {
                out.add(require(c, id, false));
            }
            return out;
        });
    }

    @Override
    public Optional<Incident> find(long id) {
        return database.read(c -> load(c, id, true));
    }

    @Override
    public Incident open(IncidentDraft draft, CurrentUser actor) {
        if (draft == null) {
            throw ProblemException.badRequest("A JSON body {\"type\", \"sites\", \"severity\", \"drill\"} is required.");
        }
        String type = lower(draft.type());
        String severity = lower(draft.severity());
        String action = lower(draft.action());
        List<String> codes = new ArrayList<>(new TreeSet<>(siteCodes(draft.sites())));
        Validation v = new Validation()
                .required("type", type)
                .matches("type", type, TYPE, "must be 2–32 lower-case letters, digits or dashes, such as intruder or weather")
                .required("severity", severity)
                .check(severity == null || Incident.SEVERITIES.contains(severity), "severity", "must be one of " + String.join(", ", Incident.SEVERITIES))
                .required("drill", draft.drill())
                .check(action == null || Incident.ACTIONS.contains(action), "action", "must be one of " + String.join(", ", Incident.ACTIONS))
                .plainText("summary", draft.summary(), MAX_TEXT)
                .check(codes.size() <= MAX_SITES, "sites", "at most " + MAX_SITES + " sites; none means district-wide");
        for (String code : codes) {
            if (!SITE_CODE.matcher(code).matches() || sites.find(code).isEmpty()) {
                v.check(false, "sites", "unknown site " + code);
            }
        }
        Map<String, List<String>> roles = roles(draft.roles(), v);
        v.throwIfInvalid();
        Long holdId = null;
        if (Boolean.TRUE.equals(draft.hold())) {
            holdId = holds.set(new HoldDraft(codes, holdReason(type, draft.drill(), codes)), actor).id();
        }
        Long hold = holdId;
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            long id = Sql.insert(c, "INSERT INTO CRI_INCIDENT (INCIDENT_TYPE, SEVERITY, SRP_ACTION, STATUS, DRILL, SUMMARY, HOLD_ID,"
                    + " OPENED_AT, OPENED_BY, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    type, severity, action, Incident.OPEN, draft.drill(), blankToNull(draft.summary()), hold, now, actor.name(), now);
            for (String code : codes) {
                Sql.update(c, "INSERT INTO CRI_INCIDENT_SITE (INCIDENT_ID, SITE_CODE) VALUES (?, ?)", id, code);
            }
            for (Map.Entry<String, List<String>> role : roles.entrySet()) {
                for (String user : role.getValue()) {
                    Sql.update(c, "INSERT INTO CRI_INCIDENT_ROLE (INCIDENT_ID, ROLE_NAME, USER_NAME) VALUES (?, ?, ?)", id, role.getKey(), user);
                }
            }
            String where = codes.isEmpty() ? "district-wide" : String.join(", ", codes);
            log(c, id, actor, "status", (draft.drill() ? "DRILL: " : "") + "opened " + type + " (" + severity + ") at " + where);
            if (action != null) {
                log(c, id, actor, "action", "SRP action " + action);
            }
            if (hold != null) {
                log(c, id, actor, "hold", "communications hold " + hold + " started for " + where);
            }
            audit.record(c, actor.name(), "crisis.incident.open", "incident", String.valueOf(id),
                    type + " " + severity + " " + where + (draft.drill() ? " drill" : ""));
            return require(c, id, true);
        });
    }

    @Override
    public Incident changeAction(long id, String action, String note, CurrentUser actor) {
        String a = lower(action);
        new Validation().required("action", a)
                .check(a == null || Incident.ACTIONS.contains(a), "action", "must be one of " + String.join(", ", Incident.ACTIONS))
                .plainText("note", note, MAX_TEXT).throwIfInvalid();
        return database.inTransaction(c -> {
            Incident before = requireOpen(c, id);
            Sql.update(c, "UPDATE CRI_INCIDENT SET SRP_ACTION = ?, UPDATED_AT = ? WHERE ID = ?", a, clock.instant(), id);
            log(c, id, actor, "action", "SRP action " + (before.action() == null ? "" : before.action() + " → ") + a
                    + (blankToNull(note) == null ? "" : ": " + note.trim()));
            audit.record(c, actor.name(), "crisis.incident.action", "incident", String.valueOf(id), before.action() + " -> " + a);
            return require(c, id, true);
        });
    }

    @Override
    public Incident changeStatus(long id, String status, String note, CurrentUser actor) {
        String s = lower(status);
        new Validation().required("status", s)
                .check(s == null || TRANSITIONS.containsKey(s), "status", "must be one of open, contained, closed")
                .plainText("note", note, MAX_TEXT).throwIfInvalid();
        Incident before = mustFind(id);
        if (!TRANSITIONS.get(before.status()).contains(s)) {
            throw ProblemException.conflict("Incident " + id + " is " + before.status() + " and cannot become " + s
                    + (Incident.CLOSED.equals(before.status()) ? " (closed is final)." : "; allowed: " + String.join(", ", TRANSITIONS.get(before.status())) + "."));
        }
        Hold lifted = null;
        if (Incident.CLOSED.equals(s) && before.holdId() != null) {
            lifted = liftPlatformHold(before.holdId(), "incident " + id + " closed", actor);
        }
        Hold hold = lifted;
        return database.inTransaction(c -> {
            Instant now = clock.instant();
            boolean closing = Incident.CLOSED.equals(s);
            int changed = Sql.update(c, "UPDATE CRI_INCIDENT SET STATUS = ?, UPDATED_AT = ?, CLOSED_AT = ?"
                    + (closing ? ", HOLD_ID = NULL, BANNER_EN = NULL, BANNER_ES = NULL" : "") + " WHERE ID = ? AND STATUS = ?",
                    s, now, closing ? now : null, id, before.status());
            if (changed == 0) {
                throw ProblemException.conflict("Incident " + id + " changed meanwhile; read it again.");
            }
            log(c, id, actor, "status", before.status() + " → " + s + (blankToNull(note) == null ? "" : ": " + note.trim()));
            if (hold != null) {
                log(c, id, actor, "hold", "communications hold " + hold.id() + " lifted");
            }
            if (closing && before.bannerEn() != null) {
                log(c, id, actor, "banner", "website banner cleared");
            }
            audit.record(c, actor.name(), "crisis.incident.status", "incident", String.valueOf(id), before.status() + " -> " + s);
            return require(c, id, true);
        });
    }

    @Override
    public Incident addLog(long id, String entry, CurrentUser actor) {
        new Validation().requiredText("entry", entry, MAX_LOG).throwIfInvalid();
        return database.inTransaction(c -> {
            require(c, id, false);
            log(c, id, actor, "note", entry.trim());
            touch(c, id);
            audit.record(c, actor.name(), "crisis.incident.log", "incident", String.valueOf(id), abbreviate(entry.trim()));
            return require(c, id, true);
        });
    }

    @Override
    public Incident assignRole(long id, String role, String user, CurrentUser actor) {
        String r = lower(role);
        new Validation().required("role", r)
                .check(r == null || Incident.ROLES.contains(r), "role", "must be one of " + String.join(", ", Incident.ROLES))
                .required("user", blankToNull(user))
                .matches("user", blankToNull(user), USER, "must be a user name").throwIfInvalid();
        String u = user.trim();
        return database.inTransaction(c -> {
            requireOpen(c, id);
            if (Sql.queryOne(c, "SELECT 1 FROM CRI_INCIDENT_ROLE WHERE INCIDENT_ID = ? AND ROLE_NAME = ? AND USER_NAME = ?",
                    rs -> 1, id, r, u).isEmpty()) {
                Sql.update(c, "INSERT INTO CRI_INCIDENT_ROLE (INCIDENT_ID, ROLE_NAME, USER_NAME) VALUES (?, ?, ?)", id, r, u);
                log(c, id, actor, "role", u + " is " + r);
                touch(c, id);
                audit.record(c, actor.name(), "crisis.incident.role", "incident", String.valueOf(id), r + " " + u);
            }
            return require(c, id, true);
        });
    }

    @Override
    public Incident startHold(long id, String reason, CurrentUser actor) {
        new Validation().plainText("reason", reason, MAX_TEXT).throwIfInvalid();
        Incident before = mustFind(id);
        if (Incident.CLOSED.equals(before.status())) {
            throw ProblemException.conflict("Incident " + id + " is closed.");
        }
        if (before.holdId() != null) {
            throw ProblemException.conflict("Incident " + id + " already holds communications (hold " + before.holdId() + ").");
        }
        Hold hold = holds.set(new HoldDraft(before.sites(), blankToNull(reason) == null
                ? holdReason(before.type(), before.drill(), before.sites()) : reason.trim()), actor);
        return database.inTransaction(c -> {
            Sql.update(c, "UPDATE CRI_INCIDENT SET HOLD_ID = ?, UPDATED_AT = ? WHERE ID = ?", hold.id(), clock.instant(), id);
            log(c, id, actor, "hold", "communications hold " + hold.id() + " started for "
                    + (before.sites().isEmpty() ? "district-wide" : String.join(", ", before.sites())));
            audit.record(c, actor.name(), "crisis.incident.hold", "incident", String.valueOf(id), "hold " + hold.id());
            return require(c, id, true);
        });
    }

    @Override
    public Incident liftHold(long id, String reason, CurrentUser actor) {
        new Validation().plainText("reason", reason, MAX_TEXT).throwIfInvalid();
        Incident before = mustFind(id);
        if (before.holdId() == null) {
            throw ProblemException.conflict("Incident " + id + " holds no communications.");
        }
        Hold hold = liftPlatformHold(before.holdId(), blankToNull(reason) == null ? "incident " + id + ": hold lifted" : reason.trim(), actor);
        return database.inTransaction(c -> {
            Sql.update(c, "UPDATE CRI_INCIDENT SET HOLD_ID = NULL, UPDATED_AT = ? WHERE ID = ?", clock.instant(), id);
            log(c, id, actor, "hold", "communications hold " + hold.id() + " lifted" + (blankToNull(reason) == null ? "" : ": " + reason.trim()));
            audit.record(c, actor.name(), "crisis.incident.unhold", "incident", String.valueOf(id), "hold " + hold.id());
            return require(c, id, true);
        });
    }

    @Override
    public Incident banner(long id, String en, String es, CurrentUser actor) {
        boolean clear = blankToNull(en) == null && blankToNull(es) == null;
        if (!clear) {
            new Validation().requiredText("en", en, MAX_TEXT).requiredText("es", es, MAX_TEXT).throwIfInvalid();
        }
        return database.inTransaction(c -> {
            requireOpen(c, id);
            Sql.update(c, "UPDATE CRI_INCIDENT SET BANNER_EN = ?, BANNER_ES = ?, UPDATED_AT = ? WHERE ID = ?",
                    clear ? null : en.trim(), clear ? null : es.trim(), clock.instant(), id);
            log(c, id, actor, "banner", clear ? "website banner cleared" : "website banner: " + en.trim() + " / " + es.trim());
            audit.record(c, actor.name(), "crisis.incident.banner", "incident", String.valueOf(id), clear ? "cleared" : abbreviate(en.trim()));
            return require(c, id, true);
        });
    }

    @Override
    public List<Incident> banners() {
        return database.read(c -> {
            List<Long> ids = Sql.query(c, "SELECT ID FROM CRI_INCIDENT WHERE STATUS <> ? AND BANNER_EN IS NOT NULL ORDER BY ID DESC",
                    r -> r.getLong("ID"), Incident.CLOSED);
            List<Incident> out = new ArrayList<>();
            for (long id : ids) {
                out.add(require(c, id, false));
            }
            return out;
        });
    }

    @Override
    public Disclosure recordDisclosure(long id, String threat, String recipient, String information, CurrentUser actor) {
        new Validation().requiredText("threat", threat, MAX_TEXT).requiredText("recipient", recipient, 300)
                .requiredText("information", information, MAX_TEXT).throwIfInvalid();
        return database.inTransaction(c -> {
            require(c, id, false);
            long did = Sql.insert(c, "INSERT INTO CRI_DISCLOSURE (INCIDENT_ID, DISCLOSED_AT, THREAT, RECIPIENT, INFORMATION, RECORDED_BY)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", id, clock.instant(), threat.trim(), recipient.trim(), information.trim(), actor.name());
            audit.record(c, actor.name(), "crisis.ferpa.disclosure", "incident", String.valueOf(id), "to " + abbreviate(recipient.trim()));
            return Sql.queryOne(c, "SELECT * FROM CRI_DISCLOSURE WHERE ID = ?", JdbcCrisisService::disclosure, did).orElseThrow();
        });
    }

    @Override
    public List<Disclosure> disclosures(long id) {
        return database.read(c -> {
            require(c, id, false);
            return Sql.query(c, "SELECT * FROM CRI_DISCLOSURE WHERE INCIDENT_ID = ? ORDER BY ID", JdbcCrisisService::disclosure, id);
        });
    }

    private static Disclosure disclosure(ResultSet rs) throws SQLException {
        return new Disclosure(rs.getLong("ID"), rs.getLong("INCIDENT_ID"), Sql.instant(rs, "DISCLOSED_AT"), rs.getString("THREAT"),
                rs.getString("RECIPIENT"), rs.getString("INFORMATION"), rs.getString("RECORDED_BY"));
    }

    private Incident mustFind(long id) {
        return find(id).orElseThrow(() -> ProblemException.notFound("No incident " + id + "."));
    }

    private Hold liftPlatformHold(long holdId, String reason, CurrentUser actor) {
        Hold hold = holds.get(holdId);
        return hold.active() ? holds.lift(holdId, reason, actor) : hold;
    }

    private static String holdReason(String type, boolean drill, List<String> codes) {
        return (drill ? "Drill: " : "Incident: ") + type + " at " + (codes.isEmpty() ? "district-wide" : String.join(", ", codes));
    }

    private static List<String> siteCodes(List<String> raw) {
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (String s : raw) {
                if (s != null && !s.isBlank()) {
                    out.add(s.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> roles(Map<String, List<String>> raw, Validation v) {
        Map<String, List<String>> out = new TreeMap<>();
        if (raw == null) {
            return out;
        }
        raw.forEach((role, users) -> {
            String r = lower(role);
            if (r == null || !Incident.ROLES.contains(r)) {
                v.check(false, "roles", "unknown role " + role + "; roles are " + String.join(", ", Incident.ROLES));
                return;
            }
            for (String u : users == null ? List.<String>of() : users) {
                if (u == null || !USER.matcher(u.trim()).matches()) {
                    v.check(false, "roles", "bad user name for " + r);
                } else {
                    out.computeIfAbsent(r, k -> new ArrayList<>()).add(u.trim());
                }
            }
        });
        out.replaceAll((k, list) -> List.copyOf(new TreeSet<>(list)));
        return out;
    }

    private void log(Connection c, long id, CurrentUser actor, String kind, String entry) throws SQLException {
        Sql.insert(c, "INSERT INTO CRI_LOG (INCIDENT_ID, LOGGED_AT, ACTOR, KIND, ENTRY) VALUES (?, ?, ?, ?, ?)",
                id, clock.instant(), actor.name(), kind, entry.length() > MAX_LOG ? entry.substring(0, MAX_LOG) : entry);
    }

    private void touch(Connection c, long id) throws SQLException {
        Sql.update(c, "UPDATE CRI_INCIDENT SET UPDATED_AT = ? WHERE ID = ?", clock.instant(), id);
    }

    private Incident requireOpen(Connection c, long id) throws SQLException {
        Incident i = require(c, id, false);
        if (Incident.CLOSED.equals(i.status())) {
            throw ProblemException.conflict("Incident " + id + " is closed; open a new incident instead.");
        }
        return i;
    }

    private static Incident require(Connection c, long id, boolean withLog) throws SQLException {
        return load(c, id, withLog).orElseThrow(() -> ProblemException.notFound("No incident " + id + "."));
    }

    private static Optional<Incident> load(Connection c, long id, boolean withLog) throws SQLException {
        Optional<Row> row = Sql.queryOne(c, "SELECT * FROM CRI_INCIDENT WHERE ID = ?", JdbcCrisisService::row, id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Row r = row.get();
        List<String> codes = Sql.query(c, "SELECT SITE_CODE FROM CRI_INCIDENT_SITE WHERE INCIDENT_ID = ? ORDER BY SITE_CODE",
                rs -> rs.getString(1), id);
        Map<String, List<String>> roles = new LinkedHashMap<>();
        for (String[] pair : Sql.query(c, "SELECT ROLE_NAME, USER_NAME FROM CRI_INCIDENT_ROLE WHERE INCIDENT_ID = ? ORDER BY ROLE_NAME, USER_NAME",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, id)) {
            roles.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        roles.replaceAll((k, v) -> List.copyOf(v));
        List<Incident.LogEntry> log = withLog
                ? Sql.query(c, "SELECT * FROM CRI_LOG WHERE INCIDENT_ID = ? ORDER BY ID", rs -> new Incident.LogEntry(rs.getLong("ID"),
                        Sql.instant(rs, "LOGGED_AT"), rs.getString("ACTOR"), rs.getString("KIND"), rs.getString("ENTRY")), id)
                : List.of();
        return Optional.of(new Incident(r.id, r.type, r.severity, r.action, r.status, r.drill, r.summary, codes, roles, r.holdId,
                r.bannerEn, r.bannerEs, r.openedAt, r.openedBy, r.updatedAt, r.closedAt, log));
    }

    private record Row(long id, String type, String severity, String action, String status, boolean drill, String summary, Long holdId,
            String bannerEn, String bannerEs, Instant openedAt, String openedBy, Instant updatedAt, Instant closedAt) {
    }

    private static Row row(ResultSet rs) throws SQLException {
        long hold = rs.getLong("HOLD_ID");
        Long holdId = rs.wasNull() ? null : hold;
        return new Row(rs.getLong("ID"), rs.getString("INCIDENT_TYPE"), rs.getString("SEVERITY"), rs.getString("SRP_ACTION"),
                rs.getString("STATUS"), rs.getBoolean("DRILL"), rs.getString("SUMMARY"), holdId, rs.getString("BANNER_EN"),
                rs.getString("BANNER_ES"), Sql.instant(rs, "OPENED_AT"), rs.getString("OPENED_BY"), Sql.instant(rs, "UPDATED_AT"),
                Sql.instant(rs, "CLOSED_AT"));
    }

    private static String lower(String s) {
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
