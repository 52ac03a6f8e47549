package org.homeroom.directory.internal;

import java.nio.file.Path;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.homeroom.directory.api.ConsentRecord;
import org.homeroom.directory.api.Consents;
import org.homeroom.directory.api.ContactPoint;
import org.homeroom.directory.api.ContactValues;
import org.homeroom.directory.api.DirectoryService;
import org.homeroom.directory.api.FerpaOptOut;
import org.homeroom.directory.api.ImportReport;
import org.homeroom.directory.api.PeopleQuery;
import org.homeroom.directory.api.Person;
import org.homeroom.directory.api.PersonDetail;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.Validation;
import org.homeroom.platform.api.data.AuditLog;
import org.homeroom.platform.api.data.Database;
import org.homeroom.platform.api.data.PagedQuery;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The directory in DIR_ tables. An import is read whole first, then applied in one transaction, held for
 * a person's confirmation, or refused: never half-applied.
 */
@Component(service = DirectoryService.class, configurationPid = DirectoryConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DirectoryConfig.class)
public class JdbcDirectory implements DirectoryService {

    static final String MODULE = "directory";
    // the module by hand: findAndRegisterModules looks modules up with ServiceLoader, which OSGi does not serve
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    private static final String PERSON_COLUMNS = "P.ID, P.SOURCED_ID, P.KIND, P.GIVEN_NAME, P.FAMILY_NAME, P.SITE_CODE, P.GRADE, P.LANGUAGE, P.ACTIVE, P.UPDATED_AT";
    private static final Set<String> FERPA_SCOPES = Set.of("all", "photos", "email", "phone");

    private final Database database;
    private final AuditLog audit;
    private final SiteService sites;
    private final Clock clock;
    private final double holdPercent;
    /** Optional: the platform's one search, fed in each import batch's transaction (DirectorySearch). */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile org.homeroom.platform.api.search.SearchIndex search;

    @Activate
    public JdbcDirectory(@Reference Database database, @Reference AuditLog audit, @Reference SiteService sites, BundleContext context,
            DirectoryConfig config) {
        this(database, audit, sites, Clock.systemUTC(), config.holdDeactivatingPercent());
        database.migrate(MODULE, context.getBundle());
    }

    /** @param holdPercent an import deactivating more than this share of the active people waits for a confirmation */
    JdbcDirectory(Database database, AuditLog audit, SiteService sites, Clock clock, double holdPercent) {
        if (!(holdPercent >= 0 && holdPercent <= 100)) {
            throw new IllegalArgumentException("holdDeactivatingPercent must be between 0 and 100, not " + holdPercent);
        }
        this.database = database;
        this.audit = audit;
        this.sites = sites;
        this.clock = clock;
        this.holdPercent = holdPercent;
    }

    // ------------------------------------------------------------------ import

    private record Known(long id, String fingerprint, boolean active, String kind, String site, String language) {
    }

    /** What a held import keeps besides its rows, to be applied as it was read. */
    private record Staged(String usersMode, boolean languagesComplete, Map<String, String> files) {
    }

    /** What applying a read set would do to the directory as it is now. */
    private record Plan(Map<String, Known> known, List<OneRosterFiles.Row> rows, List<OneRosterFiles.Row> changed, List<Long> deactivate,
            int created, int updated, int unchanged, int reactivated, int activeBefore, List<ImportReport.SchoolCount> schools) {
    }

    @Override
    public synchronized ImportReport importOneRoster(Path folder, CurrentUser actor) {
        Instant started = clock.instant();
        OneRosterFiles.Parsed parsed = OneRosterFiles.read(folder, sites::find, database.read(JdbcDirectory::storedOrgs));
        return database.inTransaction(c -> {
            if (parsed.refused()) {
                String reason = parsed.refusals().get(0).file() + " " + parsed.refusals().get(0).message()
                        + (parsed.refusals().size() > 1 ? " (and " + (parsed.refusals().size() - 1) + " more)" : "");
                ImportReport report = new ImportReport(0, started, clock.instant(), 0, 0, 0, 0, 0, 0, 0, parsed.errors(), ImportReport.REFUSED,
                        "Nothing was imported: " + reason, 0, 0, parsed.files(), List.of(), parsed.warnings(), parsed.refusals(), actor.name(), null, null);
                return store(c, report, actor, "refused: " + reason);
            }
            Plan plan = plan(c, parsed.people(), parsed.seen(), parsed.usersMode(), parsed.languagesComplete());
            String hold = holdReason(plan);
            if (hold != null) {
                ImportReport report = report(0, started, plan, 0, new int[2], parsed, ImportReport.HELD, hold, actor.name());
                ImportReport stored = store(c, report, actor, "held: " + hold);
                stage(c, stored.id(), parsed);
                return stored;
            }
            int[] applied = apply(c, plan, parsed.orgs(), parsed.people());
            ImportReport stored = store(c, report(0, started, plan, applied[0], new int[] {applied[1], applied[2]}, parsed, ImportReport.APPLIED,
                    null, actor.name()), actor, summary(plan));
            dropStaleHolds(c, stored.id());
            return stored;
        });
    }

    @Override
    public synchronized ImportReport confirmImport(long id, CurrentUser actor) {
        return database.inTransaction(c -> {
            ImportReport held = report(c, id);
            if (!ImportReport.HELD.equals(held.state())) {
                throw ProblemException.conflict("Import " + id + " is " + held.state() + ", not held: there is nothing to confirm.");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(ID) FROM DIR_IMPORT WHERE ID > ? AND STATE IN (?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, ImportReport.APPLIED);
                ps.setString(3, ImportReport.CONFIRMED);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) {
                        throw ProblemException.conflict("Import " + rs.getLong(1) + " was applied after import " + id + " was held, so its counts"
                                + " are out of date: import the file again to see them against today's directory.");
                    }
                }
            }
            Map<String, OneRosterFiles.Row> people = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            Map<String, OneRosterFiles.Org> orgs = new LinkedHashMap<>();
            Staged staged = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT ROW_KIND, DATA FROM DIR_IMPORT_ROW WHERE IMPORT_ID = ? ORDER BY SEQ")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String data = rs.getString(2);
                        switch (rs.getString(1)) {
                            case "person" -> {
                                OneRosterFiles.Row row = JSON.readValue(data, OneRosterFiles.Row.class);
                                people.put(row.sourcedId(), row);
                                seen.add(row.sourcedId());
                            }
                            case "seen" -> seen.add(JSON.readValue(data, String.class));
                            case "org" -> {
                                OneRosterFiles.Org org = JSON.readValue(data, OneRosterFiles.Org.class);
                                orgs.put(org.sourcedId(), org);
                            }
                            default -> staged = JSON.readValue(data, Staged.class);
                        }
                    }
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("the rows of held import " + id + " are unreadable", e);
                }
            }
            if (staged == null) {
                throw ProblemException.conflict("Import " + id + " no longer has its rows: import the file again.");
            }
            Plan plan = plan(c, people, seen, staged.usersMode(), staged.languagesComplete());
            int[] applied = apply(c, plan, orgs, people);
            ImportReport confirmed = new ImportReport(id, held.startedAt(), clock.instant(), plan.created(), plan.updated(), plan.unchanged(),
                    plan.deactivate().size(), applied[0], applied[1], applied[2], held.errors(), ImportReport.CONFIRMED, held.reason(),
                    plan.reactivated(), plan.activeBefore(), held.files(), plan.schools(), held.warnings(), List.of(), held.actor(), actor.name(),
                    clock.instant());
            try (PreparedStatement ps = c.prepareStatement("UPDATE DIR_IMPORT SET STATE = ?, FINISHED_AT = ?, REPORT = ? WHERE ID = ?")) {
                ps.setString(1, ImportReport.CONFIRMED);
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setString(3, json(confirmed));
                ps.setLong(4, id);
                ps.executeUpdate();
            }
            unstage(c, id);
            dropStaleHolds(c, id);
            audit.record(c, actor.name(), "directory.import.confirm", "directory-import", String.valueOf(id), summary(plan));
            return confirmed;
        });
    }

    private static String summary(Plan plan) {
        return plan.created() + " new, " + plan.updated() + " changed, " + plan.reactivated() + " back, " + plan.deactivate().size() + " left";
    }

    private ImportReport report(long id, Instant started, Plan plan, int links, int[] contacts, OneRosterFiles.Parsed parsed, String state,
            String reason, String actor) {
        return new ImportReport(id, started, clock.instant(), plan.created(), plan.updated(), plan.unchanged(), plan.deactivate().size(), links,
                contacts[0], contacts[1], parsed.errors(), state, reason, plan.reactivated(), plan.activeBefore(), parsed.files(), plan.schools(),
                parsed.warnings(), List.of(), actor, null, null);
    }

    /**
     * Compares what was read with what is stored. Unchanged means the same fingerprint and the same
     * active state: someone a bad file deactivated comes back with the same row. Deactivated: marked
     * tobedeleted, or (bulk users.csv only) named by no row at all.
     */
    private Plan plan(Connection c, Map<String, OneRosterFiles.Row> read, Set<String> seen, String usersMode, boolean languagesComplete)
            throws SQLException {
        Map<String, Known> known = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT SOURCED_ID, ID, FINGERPRINT, ACTIVE, KIND, SITE_CODE, LANGUAGE FROM DIR_PERSON");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                known.put(rs.getString(1), new Known(rs.getLong(2), rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getString(7)));
            }
        }
        Map<String, int[]> sites = new java.util.TreeMap<>(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        java.util.function.Function<String, int[]> site = code -> sites.computeIfAbsent(code == null ? "" : code, k -> new int[6]);
        // 0 before, 1 created, 2 updated, 3 reactivated, 4 deactivated, 5 after
        Map<String, String> afterSite = new HashMap<>();
        int activeBefore = 0;
        for (Map.Entry<String, Known> e : known.entrySet()) {
            if (e.getValue().active()) {
                activeBefore++;
                site.apply(e.getValue().site())[0]++;
                afterSite.put(e.getKey(), e.getValue().site());
            }
        }
        List<OneRosterFiles.Row> rows = new ArrayList<>();
        List<OneRosterFiles.Row> changed = new ArrayList<>();
        List<Long> deactivate = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int reactivated = 0;
        for (OneRosterFiles.Row given : read.values()) {
            Known k = known.get(given.sourcedId());
            OneRosterFiles.Row row = given.language() != null ? given
                    : given.withLanguage(languagesComplete || k == null ? "en" : k.language());
            rows.add(row);
            if (k != null && k.fingerprint().equals(row.fingerprint()) && k.active() == row.active()) {
                unchanged++;
                continue;
            }
            changed.add(row);
            if (k == null) {
                created++;
                site.apply(row.siteCode())[1]++;
            } else {
                if (!k.fingerprint().equals(row.fingerprint())) {
                    updated++;
                    site.apply(row.siteCode())[2]++;
                }
                if (!k.active() && row.active()) {
                    reactivated++;
                    site.apply(row.siteCode())[3]++;
                }
                if (k.active() && !row.active()) {
                    deactivate.add(k.id()); // applied with the row itself; listed for the counts
                    site.apply(k.site())[4]++;
                }
            }
            if (row.active()) {
                afterSite.put(row.sourcedId(), row.siteCode());
            } else {
                afterSite.remove(row.sourcedId());
            }
        }
        if (OneRosterFiles.BULK.equals(usersMode)) {
            for (Map.Entry<String, Known> e : known.entrySet()) {
                if (e.getValue().active() && !seen.contains(e.getKey())) {
                    deactivate.add(e.getValue().id());
                    site.apply(e.getValue().site())[4]++;
                    afterSite.remove(e.getKey());
                }
            }
        }
        afterSite.values().forEach(code -> site.apply(code)[5]++);
        List<ImportReport.SchoolCount> schools = new ArrayList<>();
        sites.forEach((code, n) -> schools.add(new ImportReport.SchoolCount(code.isEmpty() ? null : code, n[0], n[1], n[2], n[3], n[4], n[5])));
        return new Plan(known, rows, changed, List.copyOf(deactivate), created, updated, unchanged, reactivated, activeBefore, schools);
    }

    /** Why the plan must wait for a person: too large a share of the active people, or a whole school, would be deactivated. */
    private String holdReason(Plan plan) {
        int gone = plan.deactivate().size();
        if (gone == 0) {
            return null;
        }
        List<String> emptied = plan.schools().stream().filter(s -> s.site() != null && s.activeBefore() > 0 && s.activeAfter() == 0)
                .map(s -> s.site() + " (" + s.activeBefore() + ")").toList();
        double share = 100.0 * gone / Math.max(1, plan.activeBefore());
        if (share <= holdPercent && emptied.isEmpty()) {
            return null;
        }
        String why = share > holdPercent
                ? String.format(Locale.ROOT, "It would deactivate %d of %d active people (%.1f %%), more than the %s %% an import may deactivate"
                        + " without a confirmation", gone, plan.activeBefore(), share, new java.math.BigDecimal(Double.toString(holdPercent))
                        .stripTrailingZeros().toPlainString())
                : "It would deactivate " + gone + (gone == 1 ? " person" : " people");
        if (!emptied.isEmpty()) {
            why += (share > holdPercent ? ", and" : ", among them") + " every active person of " + String.join(", ", emptied);
        }
        return why + ". Nothing has changed yet: check the counts per school, then confirm the import to apply it, or import a corrected file.";
    }

    /** Applies a plan in the caller's transaction: orgs, people and their contacts, then links, then who left. Returns links, contacts, kept out. */
    private int[] apply(Connection c, Plan plan, Map<String, OneRosterFiles.Org> orgs, Map<String, OneRosterFiles.Row> read) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM DIR_ORG")) {
            del.executeUpdate();
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO DIR_ORG (SOURCED_ID, ORG_TYPE, IDENTIFIER, NAME, PARENT_ID) VALUES (?, ?, ?, ?, ?)")) {
            for (OneRosterFiles.Org org : orgs.values()) {
                ins.setString(1, org.sourcedId());
                ins.setString(2, org.type());
                ins.setString(3, cut(org.identifier(), 128));
                ins.setString(4, cut(org.name(), 200));
                ins.setString(5, cut(org.parent(), 128));
                ins.addBatch();
            }
            ins.executeBatch();
        }
        Set<String> suppressed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CONTACT_VALUE FROM DIR_SUPPRESSION"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                suppressed.add(rs.getString(1));
            }
        }
        Map<String, Long> ids = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        plan.known().forEach((sourcedId, k) -> {
            ids.put(sourcedId, k.id());
            kinds.put(sourcedId, k.kind());
        });
        read.values().forEach(r -> kinds.put(r.sourcedId(), r.kind()));
        int[] contacts = new int[2];
        for (OneRosterFiles.Row row : plan.changed()) {
            Known k = plan.known().get(row.sourcedId());
            long id = k == null ? insert(c, row) : update(c, k.id(), row);
            ids.put(row.sourcedId(), id);
            DirectorySearch.index(search, c, row);
            int[] n = contacts(c, id, row, suppressed);
            contacts[0] += n[0];
            contacts[1] += n[1];
        }
        int links = relink(c, plan.changed(), ids, kinds, read).size();
        try (PreparedStatement ps = c.prepareStatement("UPDATE DIR_PERSON SET ACTIVE = FALSE, UPDATED_AT = ? WHERE ID = ? AND ACTIVE = TRUE")) {
            for (long id : plan.deactivate()) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return new int[] {links, contacts[0], contacts[1]};
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static Map<String, OneRosterFiles.Org> storedOrgs(Connection c) throws SQLException {
        Map<String, OneRosterFiles.Org> orgs = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT SOURCED_ID, ORG_TYPE, IDENTIFIER, NAME, PARENT_ID FROM DIR_ORG ORDER BY SOURCED_ID");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                orgs.put(rs.getString(1), new OneRosterFiles.Org(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), true));
            }
        }
        return orgs;
    }

    /** Inserts the report's row (its id is the report's), stores the report and audits it. */
    private ImportReport store(Connection c, ImportReport report, CurrentUser actor, String detail) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO DIR_IMPORT (STARTED_AT, FINISHED_AT, ACTOR, STATE) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setTimestamp(1, Timestamp.from(report.startedAt()));
            ps.setTimestamp(2, Timestamp.from(report.finishedAt()));
            ps.setString(3, actor.name());
            ps.setString(4, report.state());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        ImportReport stored = new ImportReport(id, report.startedAt(), report.finishedAt(), report.created(), report.updated(), report.unchanged(),
                report.deactivated(), report.links(), report.contacts(), report.contactsKeptOut(), report.errors(), report.state(), report.reason(),
                report.reactivated(), report.activeBefore(), report.files(), report.schools(), report.warnings(), report.refusals(), report.actor(),
                report.confirmedBy(), report.confirmedAt());
        try (PreparedStatement ps = c.prepareStatement("UPDATE DIR_IMPORT SET REPORT = ? WHERE ID = ?")) {
            ps.setString(1, json(stored));
            ps.setLong(2, id);
            ps.executeUpdate();
        }
        audit.record(c, actor.name(), "directory.import", "directory-import", String.valueOf(id), cut(detail + ", " + report.errors().size()
                + " rows skipped, " + report.warnings().size() + " fields left out", 500));
        return stored;
    }

    /** Keeps what a held import read, so that confirming it applies exactly that. */
    private static void stage(Connection c, long id, OneRosterFiles.Parsed parsed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO DIR_IMPORT_ROW (IMPORT_ID, SEQ, ROW_KIND, DATA) VALUES (?, ?, ?, ?)")) {
            int[] seq = {0};
            SqlRow add = (kind, value) -> {
                ps.setLong(1, id);
                ps.setInt(2, seq[0]++);
                ps.setString(3, kind);
                try {
                    ps.setString(4, JSON.writeValueAsString(value));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                ps.addBatch();
                if (seq[0] % 1000 == 0) {
                    ps.executeBatch();
                }
            };
            add.row("staged", new Staged(parsed.usersMode(), parsed.languagesComplete(), parsed.files()));
            for (OneRosterFiles.Org org : parsed.orgs().values()) {
                add.row("org", org);
            }
            for (OneRosterFiles.Row row : parsed.people().values()) {
                add.row("person", row);
            }
            for (String sourcedId : parsed.seen()) {
                if (!parsed.people().containsKey(sourcedId)) {
                    add.row("seen", sourcedId);
                }
            }
            ps.executeBatch();
        }
    }

    private interface SqlRow {
        void row(String kind, Object value) throws SQLException;
    }

    private static void unstage(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM DIR_IMPORT_ROW WHERE IMPORT_ID = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** Holds older than an applied import can no longer be confirmed (their counts are stale): their rows go. */
    private static void dropStaleHolds(Connection c, long appliedId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM DIR_IMPORT_ROW WHERE IMPORT_ID < ?")) {
            ps.setLong(1, appliedId);
            ps.executeUpdate();
        }
    }

    /** Reports are kept with as many of the row errors and warnings as fit the column: enough to fix a file, bounded in size. */
    private static String json(ImportReport report) {
        try {
            for (int keep = 100; ; keep = keep / 2) {
                ImportReport stored = new ImportReport(report.id(), report.startedAt(), report.finishedAt(), report.created(), report.updated(),
                        report.unchanged(), report.deactivated(), report.links(), report.contacts(), report.contactsKeptOut(),
                        report.errors().subList(0, Math.min(keep, report.errors().size())), report.state(), report.reason(), report.reactivated(),
                        report.activeBefore(), report.files(), report.schools(), report.warnings().subList(0, Math.min(keep, report.warnings().size())),
                        report.refusals().subList(0, Math.min(Math.max(keep, 1), report.refusals().size())), report.actor(), report.confirmedBy(),
                        report.confirmedAt());
                String text = JSON.writeValueAsString(stored);
                if (text.length() <= 32000 || keep == 0) {
                    return text;
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ImportReport importReport(long id) {
        return database.read(c -> report(c, id));
    }

    private static ImportReport report(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT REPORT FROM DIR_IMPORT WHERE ID = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null) {
                    throw ProblemException.notFound("There is no import " + id + ".");
                }
                return parseReport(rs.getString(1));
            }
        }
    }

    private static ImportReport parseReport(String json) {
        try {
            return JSON.readValue(json, ImportReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored import report is unreadable", e);
        }
    }

    @Override
    public Page<ImportReport> imports(String state, PageRequest page) {
        List<Object> args = new ArrayList<>();
        String from = "FROM DIR_IMPORT WHERE REPORT IS NOT NULL";
        if (state != null) {
            String s = state.trim().toLowerCase(Locale.ROOT);
            new Validation().check(Set.of(ImportReport.APPLIED, ImportReport.HELD, ImportReport.REFUSED, ImportReport.CONFIRMED).contains(s), "state",
                    "must be applied, held, refused or confirmed").throwIfInvalid();
            from += " AND STATE = ?";
            args.add(s);
        }
        return database.page(new PagedQuery("ID, REPORT", from, "ID DESC", args), page, rs -> parseReport(rs.getString(2)));
    }

    private long insert(Connection c, OneRosterFiles.Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO DIR_PERSON (SOURCED_ID, KIND, GIVEN_NAME, FAMILY_NAME, SEARCH_NAME, SITE_CODE,"
                + " GRADE, LANGUAGE, ACTIVE, FINGERPRINT, UPDATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, row);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private long update(Connection c, long id, OneRosterFiles.Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE DIR_PERSON SET SOURCED_ID = ?, KIND = ?, GIVEN_NAME = ?, FAMILY_NAME = ?,"
                + " SEARCH_NAME = ?, SITE_CODE = ?, GRADE = ?, LANGUAGE = ?, ACTIVE = ?, FINGERPRINT = ?, UPDATED_AT = ? WHERE ID = ?")) {
            bind(ps, row);
            ps.setLong(12, id);
            ps.executeUpdate();
        }
        return id;
    }

    private void bind(PreparedStatement ps, OneRosterFiles.Row row) throws SQLException {
        ps.setString(1, row.sourcedId());
        ps.setString(2, row.kind());
        ps.setString(3, row.givenName());
        ps.setString(4, row.familyName());
        ps.setString(5, (row.givenName() + " " + row.familyName()).toLowerCase(Locale.ROOT));
        ps.setString(6, row.siteCode());
        ps.setString(7, row.grade());
        ps.setString(8, row.language());
        ps.setBoolean(9, row.active());
        ps.setString(10, row.fingerprint());
        ps.setTimestamp(11, Timestamp.from(clock.instant()));
    }

    /** The person's contacts become the file's: new ones added, missing ones deactivated, suppressed ones kept out. */
    private static int[] contacts(Connection c, long personId, OneRosterFiles.Row row, Set<String> suppressed) throws SQLException {
        int added = 0;
        int keptOut = 0;
        try (PreparedStatement off = c.prepareStatement("UPDATE DIR_CONTACT SET ACTIVE = FALSE WHERE PERSON_ID = ?")) {
            off.setLong(1, personId);
            off.executeUpdate();
        }
        for (OneRosterFiles.Contact contact : row.contacts()) {
            if (suppressed.contains(contact.value())) {
                keptOut++;
                continue;
            }
            try (PreparedStatement on = c.prepareStatement("UPDATE DIR_CONTACT SET ACTIVE = TRUE WHERE PERSON_ID = ? AND CHANNEL = ? AND CONTACT_VALUE = ?")) {
                on.setLong(1, personId);
                on.setString(2, contact.channel());
                on.setString(3, contact.value());
                if (on.executeUpdate() == 1) {
                    continue;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO DIR_CONTACT (PERSON_ID, CHANNEL, CONTACT_VALUE, ACTIVE) VALUES (?, ?, ?, TRUE)")) {
                ins.setLong(1, personId);
                ins.setString(2, contact.channel());
                ins.setString(3, contact.value());
                ins.executeUpdate();
                added++;
            }
        }
        return new int[] {added, keptOut};
    }

    /**
     * Guardian ↔ student links of the changed people: a changed person's links are those their row
     * names and those the rows of the other side name. The other side may be a stored person the set
     * does not carry (a delta), so kinds come from the store as well as from the files.
     */
    private static Set<String> relink(Connection c, List<OneRosterFiles.Row> changed, Map<String, Long> ids, Map<String, String> kinds,
            Map<String, OneRosterFiles.Row> all) throws SQLException {
        Map<String, Set<String>> namedBy = new HashMap<>();
        for (OneRosterFiles.Row row : all.values()) {
            for (String agent : row.agents()) {
                namedBy.computeIfAbsent(agent, a -> new HashSet<>()).add(row.sourcedId());
            }
        }
        Set<String> written = new HashSet<>(); // guardian:student, so a link written from both sides counts once
        for (OneRosterFiles.Row row : changed) {
            if (!"student".equals(row.kind()) && !"guardian".equals(row.kind())) {
                continue;
            }
            boolean student = "student".equals(row.kind());
            long id = ids.get(row.sourcedId());
            try (PreparedStatement del = c.prepareStatement("DELETE FROM DIR_LINK WHERE " + (student ? "STUDENT_ID" : "GUARDIAN_ID") + " = ?")) {
                del.setLong(1, id);
                del.executeUpdate();
            }
            Set<String> others = new HashSet<>(row.agents());
            others.addAll(namedBy.getOrDefault(row.sourcedId(), Set.of()));
            for (String other : others) {
                Long otherId = ids.get(other);
                if (otherId == null || !(student ? "guardian" : "student").equals(kinds.get(other))) {
                    continue;
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO DIR_LINK (GUARDIAN_ID, STUDENT_ID) SELECT ?, ? FROM (VALUES (1)) AS ONE_ROW (X)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM DIR_LINK WHERE GUARDIAN_ID = ? AND STUDENT_ID = ?)")) {
                    long guardian = student ? otherId : id;
                    long studentId = student ? id : otherId;
                    ins.setLong(1, guardian);
                    ins.setLong(2, studentId);
                    ins.setLong(3, guardian);
                    ins.setLong(4, studentId);
                    ins.executeUpdate();
                    written.add(guardian + ":" + studentId);
                }
            }
        }
        return written;
    }

    // ------------------------------------------------------------------ people

    @Override
    public Page<Person> people(PeopleQuery query, PageRequest page, CurrentUser viewer) {
        StringBuilder where = new StringBuilder("FROM DIR_PERSON P WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!viewer.seesAllSites()) {
            Set<String> mine = viewer.sites();
            if (mine.isEmpty()) {
                return new Page<>(List.of(), 0, page.offset(), page.limit());
            }
            String in = String.join(", ", mine.stream().map(s -> "?").toList());
            // a guardian belongs to the sites of their students
            where.append(" AND (P.SITE_CODE IN (").append(in).append(") OR EXISTS (SELECT 1 FROM DIR_LINK L JOIN DIR_PERSON S ON S.ID = L.STUDENT_ID")
                    .append(" WHERE L.GUARDIAN_ID = P.ID AND S.SITE_CODE IN (").append(in).append(")))");
            args.addAll(mine);
            args.addAll(mine);
        }
        if (query.kind() != null) {
            new Validation().check(Set.of("student", "guardian", "staff").contains(query.kind()), "kind", "must be student, guardian or staff").throwIfInvalid();
            where.append(" AND P.KIND = ?");
            args.add(query.kind());
        }
        if (query.site() != null) {
            String site = query.site().trim().toUpperCase(Locale.ROOT);
            if (!viewer.canAccessSite(site)) {
                throw ProblemException.forbidden("You do not work at site " + site + ".");
            }
            where.append(" AND (P.SITE_CODE = ? OR EXISTS (SELECT 1 FROM DIR_LINK L2 JOIN DIR_PERSON S2 ON S2.ID = L2.STUDENT_ID"
                    + " WHERE L2.GUARDIAN_ID = P.ID AND S2.SITE_CODE = ?))");
            args.add(site);
            args.add(site);
        }
        if (query.active() != null) {
            where.append(" AND P.ACTIVE = ?");
            args.add(query.active());
        }
        if (query.text() != null) {
            String text = query.text().trim();
            String digits = text.replaceAll("[^0-9]", "");
            if (text.contains("@")) {
                where.append(" AND EXISTS (SELECT 1 FROM DIR_CONTACT C WHERE C.PERSON_ID = P.ID AND C.ACTIVE = TRUE AND C.CONTACT_VALUE LIKE ? ESCAPE '\\')");
                args.add(PagedQuery.containsPattern(text));
            } else if (digits.length() >= 4 && text.replaceAll("[0-9+()\\-. ]", "").isEmpty()) {
                where.append(" AND EXISTS (SELECT 1 FROM DIR_CONTACT C WHERE C.PERSON_ID = P.ID AND C.ACTIVE = TRUE AND C.CONTACT_VALUE LIKE ? ESCAPE '\\')");
                args.add("%" + digits + "%");
            } else {
                where.append(" AND P.SEARCH_NAME LIKE ? ESCAPE '\\'");
                args.add(PagedQuery.containsPattern(text));
            }
        }
        return database.page(new PagedQuery(PERSON_COLUMNS, where.toString(), "P.FAMILY_NAME, P.GIVEN_NAME, P.ID", args), page, JdbcDirectory::person)
                .map(p -> visible(p, viewer));
    }

    /** Site staff learn no other site from a person: a guardian's own org may be another school (it shows as none). */
    private static Person visible(Person p, CurrentUser viewer) {
        if (viewer.seesAllSites() || p.siteCode() == null || viewer.canAccessSite(p.siteCode())) {
            return p;
        }
        return new Person(p.sourcedId(), p.kind(), p.givenName(), p.familyName(), null, p.grade(), p.language(), p.active(), p.updatedAt());
    }

    private static Person person(ResultSet rs) throws SQLException {
        return new Person(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getBoolean(9), rs.getTimestamp(10).toInstant());
    }

    @Override
    public PersonDetail person(String sourcedId, CurrentUser viewer) {
        return database.read(c -> detail(c, sourcedId, viewer));
    }

    private PersonDetail detail(Connection c, String sourcedId, CurrentUser viewer) throws SQLException {
        long id;
        Person person;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PERSON_COLUMNS + " FROM DIR_PERSON P WHERE P.SOURCED_ID = ?")) {
            ps.setString(1, sourcedId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("There is nobody with sourcedId " + sourcedId + " in the directory.");
                }
                id = rs.getLong(1);
                person = person(rs);
            }
        }
        List<Person> linked = new ArrayList<>();
        boolean guardian = "guardian".equals(person.kind());
        try (PreparedStatement ps = c.prepareStatement("SELECT " + PERSON_COLUMNS + " FROM DIR_LINK L JOIN DIR_PERSON P ON P.ID = "
                + (guardian ? "L.STUDENT_ID WHERE L.GUARDIAN_ID = ?" : "L.GUARDIAN_ID WHERE L.STUDENT_ID = ?") + " ORDER BY P.FAMILY_NAME, P.GIVEN_NAME")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    linked.add(person(rs));
                }
            }
        }
        if (!viewer.seesAllSites()) {
            boolean mine = person.siteCode() != null && viewer.canAccessSite(person.siteCode())
                    || guardian && linked.stream().anyMatch(s -> s.siteCode() != null && viewer.canAccessSite(s.siteCode()));
            if (!mine) {
                throw ProblemException.notFound("There is nobody with sourcedId " + sourcedId + " at your sites.");
            }
            // a guardian's children at other sites are none of this school's business
            linked = linked.stream().filter(p -> !guardian || p.siteCode() != null && viewer.canAccessSite(p.siteCode()))
                    .map(p -> visible(p, viewer)).toList();
            person = visible(person, viewer);
        }
        Map<String, String[]> contacts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT C.CHANNEL, C.CONTACT_VALUE, S.CONTACT_VALUE FROM DIR_CONTACT C"
                + " LEFT JOIN DIR_SUPPRESSION S ON S.CONTACT_VALUE = C.CONTACT_VALUE WHERE C.PERSON_ID = ? AND C.ACTIVE = TRUE ORDER BY C.ID")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    contacts.put(rs.getString(2), new String[] {rs.getString(1), rs.getString(3)});
                }
            }
        }
        List<ContactPoint> points = new ArrayList<>();
        for (Map.Entry<String, String[]> e : contacts.entrySet()) {
            Map<String, String> states = states(c, e.getKey());
            Map<String, Boolean> allowed = new LinkedHashMap<>();
            boolean suppressed = e.getValue()[1] != null;
            Consents.CATEGORIES.forEach(cat -> allowed.put(cat, !suppressed && Consents.allows(cat, states.get(cat))));
            points.add(new ContactPoint(e.getValue()[0], e.getKey(), suppressed, allowed));
        }
        List<FerpaOptOut> optOuts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT SCOPE, RENEW_BY FROM DIR_FERPA_OPT_OUT WHERE STUDENT_ID = ? ORDER BY SCOPE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    optOuts.add(new FerpaOptOut(rs.getString(1), rs.getDate(2).toLocalDate()));
                }
            }
        }
        return new PersonDetail(person, points, linked, optOuts);
    }

    private static Map<String, String> states(Connection c, String value) throws SQLException {
        Map<String, String> states = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CATEGORY, STATE FROM DIR_CONSENT WHERE CONTACT_VALUE = ?")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return states;
    }

    // ------------------------------------------------------------------ audiences

    @Override
    public void audience(org.homeroom.directory.api.AudienceQuery query, java.util.function.Consumer<org.homeroom.directory.api.Recipient> each) {
        String role = query.role() == null ? "families" : query.role();
        String category = query.category() == null ? null : query.category().trim().toLowerCase(Locale.ROOT);
        new Validation().check(Set.of("families", "staff").contains(role), "role", "must be families or staff")
                .check(category != null && Consents.CATEGORIES.contains(category), "category", "must be one of " + String.join(", ", Consents.CATEGORIES))
                .throwIfInvalid();
        database.read(c -> {
            Map<String, String> states = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT CONTACT_VALUE, STATE FROM DIR_CONSENT WHERE CATEGORY = ?")) {
                ps.setString(1, category);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        states.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            List<Object> args = new ArrayList<>();
            StringBuilder sql = new StringBuilder();
            boolean families = "families".equals(role);
            if (families) {
                sql.append("SELECT G.SOURCED_ID, G.GIVEN_NAME, G.FAMILY_NAME, G.LANGUAGE, S.SITE_CODE, S.GIVEN_NAME, C.CHANNEL, C.CONTACT_VALUE")
                        .append(" FROM DIR_PERSON S JOIN DIR_LINK L ON L.STUDENT_ID = S.ID JOIN DIR_PERSON G ON G.ID = L.GUARDIAN_ID")
                        .append(" JOIN DIR_CONTACT C ON C.PERSON_ID = G.ID AND C.ACTIVE = TRUE")
                        .append(" WHERE S.KIND = 'student' AND S.ACTIVE = TRUE AND G.ACTIVE = TRUE");
            } else {
                sql.append("SELECT S.SOURCED_ID, S.GIVEN_NAME, S.FAMILY_NAME, S.LANGUAGE, S.SITE_CODE, CAST(NULL AS VARCHAR(100)), C.CHANNEL, C.CONTACT_VALUE")
                        .append(" FROM DIR_PERSON S JOIN DIR_CONTACT C ON C.PERSON_ID = S.ID AND C.ACTIVE = TRUE")
                        .append(" WHERE S.KIND = 'staff' AND S.ACTIVE = TRUE");
            }
            in(sql, args, "S.SITE_CODE", query.sites() == null ? null : query.sites().stream().map(x -> x.trim().toUpperCase(Locale.ROOT)).toList());
            in(sql, args, "S.GRADE", query.grades());
            in(sql, args, families ? "G.SOURCED_ID" : "S.SOURCED_ID", query.sourcedIds());
            // no ORDER BY: sorting 200,000 rows for a district-wide message costs more than it is worth
            sql.append(" AND NOT EXISTS (SELECT 1 FROM DIR_SUPPRESSION X WHERE X.CONTACT_VALUE = C.CONTACT_VALUE)");
            stream(c, sql, args, rs -> {
                String value = rs.getString(8);
                each.accept(new org.homeroom.directory.api.Recipient(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), value, Consents.allows(category, states.get(value))));
            });
            return null;
        });
    }

    /** CEDS grade-level codes, as OneRoster carries them. */
    static final Set<String> GRADES = Set.of("IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12",
            "13", "PS", "UG", "Other");

    @Override
    public void checkAudience(org.homeroom.directory.api.AudienceQuery query) {
        Validation v = new Validation();
        for (String site : query.sites() == null ? List.<String>of() : query.sites()) {
            v.check(site != null && !site.isBlank() && sites.find(site.trim().toUpperCase(Locale.ROOT)).isPresent(), "audience.sites",
                    "there is no site " + site);
        }
        for (String grade : query.grades() == null ? List.<String>of() : query.grades()) {
            v.check(grade != null && GRADES.contains(grade), "audience.grades", grade + " is not a grade code (PK, KG, 01 … 12, …)");
        }
        v.check(query.sourcedIds() == null || query.sourcedIds().size() <= 1000, "audience.sourcedIds", "at most 1,000 people in a custom list");
        v.throwIfInvalid();
    }

    @Override
    public void families(org.homeroom.directory.api.AudienceQuery query, java.util.function.Consumer<org.homeroom.directory.api.FamilyMember> each) {
        new Validation().check(query.role() == null || "families".equals(query.role()), "role", "families only: staff have no families").throwIfInvalid();
        database.read(c -> {
            List<Object> args = new ArrayList<>();
            boolean custom = query.sourcedIds() != null && !query.sourcedIds().isEmpty();
            // a custom list names guardians: their students; otherwise every student, with or without a guardian
            StringBuilder sql = new StringBuilder("SELECT S.SOURCED_ID, S.GIVEN_NAME, S.FAMILY_NAME, S.SITE_CODE, S.GRADE, G.SOURCED_ID,"
                    + " G.GIVEN_NAME, G.FAMILY_NAME, G.LANGUAGE FROM DIR_PERSON S")
                    // two flat joins, not a nested "(L JOIN G)": Derby evaluates a nested one whole for every student
                    // (measured: 6 minutes for a 2,000-student school), while these probe DIR_LINK_STUDENT per student
                    .append(custom ? " JOIN DIR_LINK L ON L.STUDENT_ID = S.ID JOIN DIR_PERSON G ON G.ID = L.GUARDIAN_ID AND G.ACTIVE = TRUE"
                            : " LEFT JOIN DIR_LINK L ON L.STUDENT_ID = S.ID LEFT JOIN DIR_PERSON G ON G.ID = L.GUARDIAN_ID AND G.ACTIVE = TRUE")
                    .append(" WHERE S.KIND = 'student' AND S.ACTIVE = TRUE");
            in(sql, args, "S.SITE_CODE", query.sites() == null ? null : query.sites().stream().map(x -> x.trim().toUpperCase(Locale.ROOT)).toList());
            in(sql, args, "S.GRADE", query.grades());
            in(sql, args, "G.SOURCED_ID", query.sourcedIds());
            stream(c, sql, args, rs -> each.accept(new org.homeroom.directory.api.FamilyMember(rs.getString(1), rs.getString(2) + " " + rs.getString(3),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(6) == null ? null : rs.getString(7) + " " + rs.getString(8),
                    rs.getString(9), rs.getString(2), rs.getString(7))));
            return null;
        });
    }

    /** One row of a streamed result. */
    private interface RowHandler {
        void row(ResultSet rs) throws java.sql.SQLException;
    }

    /** Runs a query with its arguments and hands each row over as it is read (large audiences never sit in memory). */
    private static void stream(java.sql.Connection c, CharSequence sql, List<Object> args, RowHandler each) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    each.row(rs);
                }
            }
        }
    }

    private static void in(StringBuilder sql, List<Object> args, String column, List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        if (values.size() > 1000) {
            throw ProblemException.invalid(List.of(new FieldError(column, "at most 1,000 values")));
        }
        sql.append(" AND ").append(column).append(" IN (").append(String.join(", ", values.stream().map(v -> "?").toList())).append(')');
        args.addAll(values);
    }

    // ------------------------------------------------------------------ consent

    @Override
    public List<ConsentRecord> changeConsent(String rawValue, List<String> categories, String state, String basis, String note, String actor) {
        String value = ContactValues.normalise(rawValue);
        List<String> cats = categories == null ? List.of() : categories.stream().map(s -> s == null ? "" : s.trim().toLowerCase(Locale.ROOT)).toList();
        new Validation().check(value != null, "value", "must be a US phone number or an email address")
                .check(!cats.isEmpty() && Consents.CATEGORIES.containsAll(cats), "categories", "must list some of " + String.join(", ", Consents.CATEGORIES))
                .check("granted".equals(state) || "revoked".equals(state), "state", "must be granted or revoked")
                .required("basis", basis).maxLength("basis", basis, 40).maxLength("note", note, 500)
                .check(!"granted".equals(state) || !cats.contains(Consents.PROMOTIONAL) || "explicit-opt-in".equals(basis), "basis",
                        "promotional messages need the basis explicit-opt-in")
                .throwIfInvalid();
        return database.inTransaction(c -> {
            Timestamp now = Timestamp.from(clock.instant());
            for (String category : cats) {
                try (PreparedStatement up = c.prepareStatement("UPDATE DIR_CONSENT SET STATE = ?, BASIS = ?, CHANGED_AT = ?, CHANGED_BY = ?"
                        + " WHERE CONTACT_VALUE = ? AND CATEGORY = ?")) {
                    up.setString(1, state);
                    up.setString(2, basis.trim());
                    up.setTimestamp(3, now);
                    up.setString(4, actor);
                    up.setString(5, value);
                    up.setString(6, category);
                    if (up.executeUpdate() == 0) {
                        try (PreparedStatement ins = c.prepareStatement("INSERT INTO DIR_CONSENT (STATE, BASIS, CHANGED_AT, CHANGED_BY, CONTACT_VALUE,"
                                + " CATEGORY) VALUES (?, ?, ?, ?, ?, ?)")) {
                            ins.setString(1, state);
                            ins.setString(2, basis.trim());
                            ins.setTimestamp(3, now);
                            ins.setString(4, actor);
                            ins.setString(5, value);
                            ins.setString(6, category);
                            ins.executeUpdate();
                        }
                    }
                }
                try (PreparedStatement ev = c.prepareStatement("INSERT INTO DIR_CONSENT_EVENT (CONTACT_VALUE, CATEGORY, STATE, BASIS, NOTE, OCCURRED_AT,"
                        + " ACTOR) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ev.setString(1, value);
                    ev.setString(2, category);
                    ev.setString(3, state);
                    ev.setString(4, basis.trim());
                    ev.setString(5, note);
                    ev.setTimestamp(6, now);
                    ev.setString(7, actor);
                    ev.executeUpdate();
                }
            }
            audit.record(c, actor, "directory.consent." + state, "contact", mask(value), String.join(",", cats) + " (" + basis.trim() + ")");
            return history(c, value);
        });
    }

    /** Audit entries name a contact without spelling it out: the audit is read more widely than the directory. */
    static String mask(String value) {
        return value.contains("@") ? value.charAt(0) + "***" + value.substring(value.indexOf('@')) : "***" + value.substring(Math.max(0, value.length() - 4));
    }

    @Override
    public List<ConsentRecord> consentHistory(String rawValue) {
        String value = ContactValues.normalise(rawValue);
        new Validation().check(value != null, "value", "must be a US phone number or an email address").throwIfInvalid();
        return database.read(c -> history(c, value));
    }

    private static List<ConsentRecord> history(Connection c, String value) throws SQLException {
        List<ConsentRecord> records = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT CONTACT_VALUE, CATEGORY, STATE, BASIS, NOTE, OCCURRED_AT, ACTOR FROM DIR_CONSENT_EVENT"
                + " WHERE CONTACT_VALUE = ? ORDER BY ID")) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    records.add(new ConsentRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant(), rs.getString(7)));
                }
            }
        }
        return records;
    }

    @Override
    public java.util.Set<String> refusing(String category, java.util.Collection<String> values) {
        java.util.Set<String> refused = new java.util.HashSet<>();
        List<String> all = values.stream().filter(java.util.Objects::nonNull).distinct().toList();
        if (all.isEmpty()) {
            return refused;
        }
        database.read(c -> {
            // primary-key probes, a few hundred at a time
            for (int from = 0; from < all.size(); from += 500) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                Map<String, String> states = new HashMap<>();
                // emergency and attendance need no consent: only a deletion request stops them (half the probes)
                boolean exempt = Consents.allows(category, "revoked");
                try (PreparedStatement ps = exempt ? null
                        : c.prepareStatement("SELECT CONTACT_VALUE, STATE FROM DIR_CONSENT WHERE CATEGORY = ? AND CONTACT_VALUE IN (" + marks + ")")) {
                    if (!exempt) {
                        ps.setString(1, category);
                        for (int i = 0; i < chunk.size(); i++) {
                            ps.setString(i + 2, chunk.get(i));
                        }
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                states.put(rs.getString(1), rs.getString(2));
                            }
                        }
                    }
                }
                for (String value : chunk) {
                    if (!Consents.allows(category, states.get(value))) {
                        refused.add(value);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT CONTACT_VALUE FROM DIR_SUPPRESSION WHERE CONTACT_VALUE IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            refused.add(rs.getString(1));
                        }
                    }
                }
            }
            return null;
        });
        return refused;
    }

    @Override
    public void suppress(String rawValue, String reason, CurrentUser actor) {
        String value = ContactValues.normalise(rawValue);
        new Validation().check(value != null, "value", "must be a US phone number or an email address")
                .required("reason", reason).maxLength("reason", reason, 500).throwIfInvalid();
        database.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO DIR_SUPPRESSION (CONTACT_VALUE, REASON, SUPPRESSED_AT, SUPPRESSED_BY)"
                    + " SELECT ?, ?, ?, ? FROM (VALUES (1)) AS ONE_ROW (X) WHERE NOT EXISTS (SELECT 1 FROM DIR_SUPPRESSION WHERE CONTACT_VALUE = ?)")) {
                ps.setString(1, value);
                ps.setString(2, reason.strip());
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setString(4, actor.name());
                ps.setString(5, value);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE DIR_CONTACT SET ACTIVE = FALSE WHERE CONTACT_VALUE = ?")) {
                ps.setString(1, value);
                ps.executeUpdate();
            }
            audit.record(c, actor.name(), "directory.suppress", "contact", mask(value), reason.strip());
            return null;
        });
    }

    @Override
    public PersonDetail optOut(String studentSourcedId, String scope, LocalDate renewBy, CurrentUser actor) {
        String s = scope == null ? null : scope.trim().toLowerCase(Locale.ROOT);
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        new Validation().check(s != null && FERPA_SCOPES.contains(s), "scope", "must be all, photos, email or phone")
                .check(renewBy == null || renewBy.isAfter(today) && renewBy.isBefore(today.plusYears(2)), "renewBy",
                        "must be a date within the next two years").throwIfInvalid();
        LocalDate renew = renewBy != null ? renewBy : LocalDate.of(today.getMonthValue() >= 7 ? today.getYear() + 1 : today.getYear(), 8, 1);
        return database.inTransaction(c -> {
            PersonDetail detail = detail(c, studentSourcedId, actor);
            if (!"student".equals(detail.person().kind())) {
                throw ProblemException.invalid(List.of(new FieldError("sourcedId", "FERPA opt-outs are recorded for students")));
            }
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM DIR_PERSON WHERE SOURCED_ID = ?")) {
                ps.setString(1, studentSourcedId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM DIR_FERPA_OPT_OUT WHERE STUDENT_ID = ? AND SCOPE = ?")) {
                del.setLong(1, id);
                del.setString(2, s);
                del.executeUpdate(); // a renewal replaces the date; the audit keeps every recording
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO DIR_FERPA_OPT_OUT (STUDENT_ID, SCOPE, RENEW_BY, RECORDED_AT, RECORDED_BY)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
                ins.setLong(1, id);
                ins.setString(2, s);
                ins.setDate(3, Date.valueOf(renew));
                ins.setTimestamp(4, Timestamp.from(clock.instant()));
                ins.setString(5, actor.name());
                ins.executeUpdate();
            }
            audit.record(c, actor.name(), "directory.ferpa-opt-out", "person", studentSourcedId, s + " until " + renew);
            return detail(c, studentSourcedId, actor);
        });
    }
}
