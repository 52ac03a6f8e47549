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
import org.osgi.service.component.annotations.Reference;

/** The directory in DIR_ tables. An import applies in batches; each person is one unit, never half-written. */
@Component(service = DirectoryService.class)
public class JdbcDirectory implements DirectoryService {

    static final String MODULE = "directory";
    private static final int BATCH = 500;
    // the module by hand: findAndRegisterModules looks modules up with ServiceLoader, which OSGi does not serve
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    private static final String PERSON_COLUMNS = "P.ID, P.SOURCED_ID, P.KIND, P.GIVEN_NAME, P.FAMILY_NAME, P.SITE_CODE, P.GRADE, P.LANGUAGE, P.ACTIVE, P.UPDATED_AT";
    private static final Set<String> FERPA_SCOPES = Set.of("all", "photos", "email", "phone");

    private final Database database;
    private final AuditLog audit;
    private final SiteService sites;
    private final Clock clock;
    /** Optional: the platform's one search, fed in each import batch's transaction (DirectorySearch). */
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    volatile org.homeroom.platform.api.search.SearchIndex search;

    @Activate
    public JdbcDirectory(@Reference Database database, @Reference AuditLog audit, @Reference SiteService sites, BundleContext context) {
        this(database, audit, sites, Clock.systemUTC());
        database.migrate(MODULE, context.getBundle());
    }

    JdbcDirectory(Database database, AuditLog audit, SiteService sites, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.sites = sites;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ import

    private record Known(long id, String fingerprint, boolean active) {
    }

    @Override
    public ImportReport importOneRoster(Path folder, CurrentUser actor) {
        Instant started = clock.instant();
        OneRosterFiles.Parsed parsed = OneRosterFiles.read(folder, code -> sites.find(code).filter(s -> !s.archived()).map(Site::code).orElse(null));
        Map<String, Known> known = database.read(c -> {
            Map<String, Known> map = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT SOURCED_ID, ID, FINGERPRINT, ACTIVE FROM DIR_PERSON");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    map.put(rs.getString(1), new Known(rs.getLong(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
            return map;
        });
        Set<String> suppressed = database.read(c -> {
            Set<String> values = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT CONTACT_VALUE FROM DIR_SUPPRESSION"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
        int[] counts = new int[6]; // created, updated, unchanged, deactivated, contacts, kept out
        List<OneRosterFiles.Row> changed = new ArrayList<>();
        for (OneRosterFiles.Row row : parsed.people().values()) {
            Known k = known.get(row.sourcedId());
            if (k != null && k.fingerprint().equals(row.fingerprint())) {
                counts[2]++;
            } else {
                changed.add(row);
            }
        }
        Map<String, Long> ids = new HashMap<>();
        known.forEach((sourcedId, k) -> ids.put(sourcedId, k.id()));
        // people first (links need both ends), each batch in one transaction
        for (int from = 0; from < changed.size(); from += BATCH) {
            List<OneRosterFiles.Row> batch = changed.subList(from, Math.min(changed.size(), from + BATCH));
            database.inTransaction(c -> {
                for (OneRosterFiles.Row row : batch) {
                    Known k = known.get(row.sourcedId());
                    long id = k == null ? insert(c, row) : update(c, k.id(), row);
                    ids.put(row.sourcedId(), id);
                    DirectorySearch.index(search, c, row);
                    counts[k == null ? 0 : 1]++;
                    if (k != null && k.active() && !row.active()) {
                        counts[3]++;
                    }
                    int[] contactCounts = contacts(c, id, row, suppressed);
                    counts[4] += contactCounts[0];
                    counts[5] += contactCounts[1];
                }
                return null;
            });
        }
        // links of changed people: a household is what the file says it is today
        Set<String> links = new HashSet<>();
        for (int from = 0; from < changed.size(); from += BATCH) {
            List<OneRosterFiles.Row> batch = changed.subList(from, Math.min(changed.size(), from + BATCH));
            links.addAll(database.inTransaction(c -> relink(c, batch, ids, parsed.people())));
        }
        // bulk files: whoever is no longer in the file has left the district
        List<Long> gone = known.entrySet().stream().filter(e -> e.getValue().active() && !parsed.people().containsKey(e.getKey()))
                .map(e -> e.getValue().id()).toList();
        for (int from = 0; from < gone.size(); from += BATCH) {
            List<Long> batch = gone.subList(from, Math.min(gone.size(), from + BATCH));
            database.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE DIR_PERSON SET ACTIVE = FALSE, UPDATED_AT = ? WHERE ID = ?")) {
                    for (long id : batch) {
                        ps.setTimestamp(1, Timestamp.from(clock.instant()));
                        ps.setLong(2, id);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
            counts[3] += batch.size();
        }
        int linkCount = links.size();
        return database.inTransaction(c -> {
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO DIR_IMPORT (STARTED_AT, FINISHED_AT, ACTOR) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setTimestamp(1, Timestamp.from(started));
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setString(3, actor.name());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            ImportReport report = new ImportReport(id, started, clock.instant(), counts[0], counts[1], counts[2], counts[3], linkCount,
                    counts[4], counts[5], parsed.errors());
            try (PreparedStatement ps = c.prepareStatement("UPDATE DIR_IMPORT SET REPORT = ? WHERE ID = ?")) {
                ps.setString(1, json(report));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            audit.record(c, actor.name(), "directory.import", "directory-import", String.valueOf(id), counts[0] + " new, " + counts[1]
                    + " changed, " + counts[3] + " left, " + parsed.errors().size() + " rows skipped");
            return report;
        });
    }

    /** Reports are kept with as many of the row errors as fit the column: enough to fix a file, bounded in size. */
    private static String json(ImportReport report) {
        try {
            for (int keep = Math.min(100, report.errors().size()); ; keep = keep / 2) {
                ImportReport stored = new ImportReport(report.id(), report.startedAt(), report.finishedAt(), report.created(), report.updated(),
                        report.unchanged(), report.deactivated(), report.links(), report.contacts(), report.contactsKeptOut(),
                        report.errors().subList(0, keep));
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
        return database.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT REPORT FROM DIR_IMPORT WHERE ID = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || rs.getString(1) == null) {
                        throw ProblemException.notFound("There is no import " + id + ".");
                    }
                    return JSON.readValue(rs.getString(1), ImportReport.class);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("stored import report is unreadable", e);
                }
            }
        });
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

    /** Guardian ↔ student links of the changed people, from either side's agentSourcedIds. */
    private static Set<String> relink(Connection c, List<OneRosterFiles.Row> batch, Map<String, Long> ids, Map<String, OneRosterFiles.Row> all)
            throws SQLException {
        Set<String> written = new HashSet<>(); // guardian:student, so a link written from both sides counts once
        for (OneRosterFiles.Row row : batch) {
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
            // the other side may name this person even when this row does not name it
            for (String other : row.agents()) {
                OneRosterFiles.Row o = all.get(other);
                if (o == null || !(student ? "guardian" : "student").equals(o.kind())) {
                    others.remove(other);
                }
            }
            for (String other : others) {
                Long otherId = ids.get(other);
                if (otherId == null) {
                    continue;
                }
                try (PreparedStatement ins = c.prepareStatement("INSERT INTO DIR_LINK (GUARDIAN_ID, STUDENT_ID) SELECT ?, ? FROM SYSIBM.SYSDUMMY1"
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
        return database.page(new PagedQuery(PERSON_COLUMNS, where.toString(), "P.FAMILY_NAME, P.GIVEN_NAME, P.ID", args), page, JdbcDirectory::person);
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
                    + " SELECT ?, ?, ?, ? FROM SYSIBM.SYSDUMMY1 WHERE NOT EXISTS (SELECT 1 FROM DIR_SUPPRESSION WHERE CONTACT_VALUE = ?)")) {
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
