package org.homeroom.directory.internal;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.homeroom.directory.api.ContactValues;
import org.homeroom.directory.api.ImportReport.RowError;
import org.homeroom.platform.api.sites.Site;

/**
 * Reads a OneRoster 1.1 CSV set into what the directory stores, checking every file, row and field.
 * Three levels of trouble, because a bad file must never look like "everybody left":
 * <ul>
 * <li>a file that cannot be read as a whole (not UTF-8, broken CSV quoting, missing columns, a manifest
 * naming a file the set lacks) is a <b>refusal</b>: the import changes nothing;</li>
 * <li>a row that cannot be a person (no name, unknown role, a school that matches no site) is an
 * <b>error</b>: the row is left out, and the person it names is <b>seen</b>, so a bulk import does not
 * take them for gone;</li>
 * <li>a bad field of a good row (a phone number that is not a US one, a malformed email, a grade that
 * is no CEDS code) is a <b>warning</b>: the field is left out, the person is imported.</li>
 * </ul>
 * Pure (no database), so it is tested on its own. demographics.csv is deliberately not read:
 * communication needs no birth dates or race.
 */
final class OneRosterFiles {

    static final String BULK = "bulk";
    static final String DELTA = "delta";
    static final String ABSENT = "absent";

    /** One person as the files describe them; {@code language} null: not given (the import keeps what is stored). */
    record Row(String sourcedId, String kind, String givenName, String familyName, String siteCode, String grade, String language,
            boolean active, List<Contact> contacts, Set<String> agents) {

        /** What changes when the person changes: a re-import of the same row is "unchanged". */
        String fingerprint() {
            StringBuilder s = new StringBuilder();
            s.append(kind).append('|').append(givenName).append('|').append(familyName).append('|').append(siteCode).append('|')
                    .append(grade).append('|').append(language).append('|').append(active);
            contacts.forEach(c -> s.append('|').append(c.channel()).append(':').append(c.value()));
            agents.stream().sorted().forEach(a -> s.append("|a:").append(a));
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Row withLanguage(String value) {
            return new Row(sourcedId, kind, givenName, familyName, siteCode, grade, value, active, contacts, agents);
        }
    }

    record Contact(String channel, String value) {
    }

    /** An org as orgs.csv (or an earlier import) describes it; {@code active} false: tobedeleted in a delta. */
    record Org(String sourcedId, String type, String identifier, String name, String parent, boolean active) {
    }

    /**
     * Everything read. {@code seen}: every sourcedId users.csv names, readable or not; {@code orgs}: the
     * orgs after this set (a bulk orgs.csv replaces them, a delta one changes them); {@code languagesComplete}:
     * a bulk set brought homeroom_languages.csv, so a person it does not list reads English.
     */
    record Parsed(Map<String, String> files, String usersMode, Map<String, Row> people, Set<String> seen, Map<String, Org> orgs,
            boolean languagesComplete, List<RowError> errors, List<RowError> warnings, List<RowError> refusals) {

        boolean refused() {
            return !refusals.isEmpty();
        }
    }

    /** Org types of OneRoster 1.1 (§4.13.4). */
    static final Set<String> ORG_TYPES = Set.of("department", "school", "district", "local", "state", "national");
    /** CEDS grade-level codes, as OneRoster 1.1 carries them (§4.13.6 refers to CEDS; "Other" is allowed). */
    static final Set<String> GRADES = Set.of("IT", "PR", "PK", "TK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11",
            "12", "13", "PS", "UG", "Other");
    /** The data files of the 1.1 manifest ({@code file.<name>}); Homeroom reads orgs, users and enrollments. */
    static final Set<String> MANIFEST_FILES = Set.of("academicSessions", "categories", "classes", "classResources", "courses",
            "courseResources", "demographics", "enrollments", "lineItems", "orgs", "resources", "results", "users");

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
    private static final Pattern EXTENSION = Pattern.compile("(?i).*\\d.*(x|ext\\.?|extension|#)\\s*\\d+\\s*$");
    private static final Set<String> STUDENT = Set.of("student");
    private static final Set<String> GUARDIAN = Set.of("guardian", "parent", "relative");
    private static final Set<String> STAFF = Set.of("teacher", "administrator", "aide", "proctor");
    private static final List<String> USER_COLUMNS = List.of("sourcedId", "status", "orgSourcedIds", "role", "givenName", "familyName",
            "email", "sms", "phone", "agentSourcedIds", "grades");

    private OneRosterFiles() {
    }

    /**
     * @param sites the platform's site for a code (archived ones included)
     * @param storedOrgs the orgs earlier imports stored, for a set whose orgs.csv is a delta or absent
     */
    static Parsed read(Path folder, Function<String, Optional<Site>> sites, Map<String, Org> storedOrgs) {
        Reading in = new Reading();
        // every file must be UTF-8 before any of it is believed
        for (String name : List.of("manifest.csv", "orgs.csv", "users.csv", "enrollments.csv", "homeroom_languages.csv")) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                utf8(file, in);
            }
        }
        if (!in.refusals.isEmpty()) {
            return in.parsed(Map.of(), BULK, Map.of(), false);
        }
        Map<String, String> modes = manifest(folder, in);
        if (!in.refusals.isEmpty()) {
            return in.parsed(modes, BULK, storedOrgs, false);
        }
        String usersMode = modes.get("users");
        String orgsMode = modes.get("orgs");

        // orgs: a bulk file is the whole list, a delta changes the stored list, absent keeps it
        Map<String, Org> orgs = new LinkedHashMap<>(BULK.equals(orgsMode) ? Map.of() : storedOrgs);
        if (!ABSENT.equals(orgsMode)) {
            each(folder.resolve("orgs.csv"), List.of("sourcedId", "type", "identifier"), in, r -> {
                String id = r.get("sourcedId").trim();
                String type = r.get("type").trim();
                if (id.isEmpty() || id.length() > 128) {
                    return "sourcedId is required (at most 128 characters)";
                }
                if (!ORG_TYPES.contains(type)) {
                    return "type " + r.get("type") + " is not a OneRoster 1.1 org type (department, school, district, local, state, national)";
                }
                boolean active = !"tobedeleted".equalsIgnoreCase(r.get("status").trim());
                orgs.put(id, new Org(id, type, r.get("identifier").trim(), field(r, "name"), field(r, "parentSourcedId"), active));
                return null;
            });
        }
        orgs.values().removeIf(o -> !o.active());
        OrgSites orgSites = new OrgSites(orgs, sites);
        // an unmatched school is reported once, with what to change; its people are kept as they are
        for (Org org : orgs.values()) {
            String problem = orgSites.problem(org);
            if (problem != null) {
                in.errors.add(new RowError("orgs.csv", 0, org.sourcedId(), problem));
            }
        }

        Map<String, String> languages = new HashMap<>();
        Path languageFile = folder.resolve("homeroom_languages.csv");
        boolean languagesPresent = Files.isRegularFile(languageFile);
        if (languagesPresent) {
            each(languageFile, List.of("sourcedId", "language"), in, r -> {
                String language = r.get("language").trim().toLowerCase(Locale.ROOT);
                if (!LANGUAGE.matcher(language).matches()) {
                    in.warn("homeroom_languages.csv", r, "language " + r.get("language") + " is not a two- or three-letter code such as es;"
                            + " the person's language is left as it is");
                    return null;
                }
                languages.put(r.get("sourcedId").trim(), language);
                return null;
            });
        }
        Map<String, String> enrolledAt = new HashMap<>();
        if (!ABSENT.equals(modes.get("enrollments")) && Files.isRegularFile(folder.resolve("enrollments.csv"))) {
            each(folder.resolve("enrollments.csv"), List.of("userSourcedId", "schoolSourcedId", "status"), in, r -> {
                String site = orgSites.site(r.get("schoolSourcedId").trim());
                if (site != null && !"tobedeleted".equalsIgnoreCase(r.get("status").trim())) {
                    enrolledAt.putIfAbsent(r.get("userSourcedId").trim(), site);
                }
                return null;
            });
        }
        Map<String, Row> people = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        each(folder.resolve("users.csv"), USER_COLUMNS, in, seen, r -> {
            String id = r.get("sourcedId").trim();
            if (id.isEmpty() || id.length() > 128) {
                return "sourcedId is required (at most 128 characters)";
            }
            seen.add(id);
            if (people.containsKey(id)) {
                return "sourcedId " + id + " appears twice; the first row is kept";
            }
            String role = r.get("role").trim().toLowerCase(Locale.ROOT);
            String kind = STUDENT.contains(role) ? "student" : GUARDIAN.contains(role) ? "guardian" : STAFF.contains(role) ? "staff" : null;
            if (kind == null) {
                return "role " + r.get("role") + " is not a student, guardian, parent, relative, teacher, administrator, aide or proctor";
            }
            String given = r.get("givenName").strip();
            String family = r.get("familyName").strip();
            if (given.isEmpty() || family.isEmpty() || given.length() > 100 || family.length() > 100) {
                return "givenName and familyName are required (at most 100 characters each)";
            }
            if ((given + family).chars().anyMatch(Character::isISOControl)) {
                return "names must not contain control characters";
            }
            if (r.get("agentSourcedIds").length() > 8000 || r.get("orgSourcedIds").length() > 8000) {
                return "agentSourcedIds or orgSourcedIds is longer than 8,000 characters; the person is kept as they are";
            }
            String site = null;
            List<String> unmatched = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (String org : list(r.get("orgSourcedIds"))) {
                Org o = orgs.get(org);
                String s = orgSites.site(org);
                if (o == null) {
                    unknown.add(org);
                } else if (s == null && orgSites.unmatched(org)) {
                    unmatched.add(org);
                }
                site = site == null ? s : site;
            }
            site = site == null ? enrolledAt.get(id) : site;
            if (site == null && !unmatched.isEmpty()) {
                return "org " + String.join(", ", unmatched) + " matches no Homeroom site (see that org's entry in orgs.csv for what to change);"
                        + " the person is kept as they are";
            }
            if (site == null && !unknown.isEmpty()) {
                return "orgSourcedIds names " + String.join(", ", unknown) + ", which orgs.csv does not list: add the org to orgs.csv"
                        + " (or fix the sourcedId); the person is kept as they are";
            }
            if ("student".equals(kind) && site == null) {
                return "the student's school (orgSourcedIds " + r.get("orgSourcedIds") + ") matches no Homeroom site: a student needs a"
                        + " school org whose identifier is a Homeroom site code; the person is kept as they are";
            }
            List<Contact> contacts = new ArrayList<>();
            for (String[] column : new String[][] {{"email", "email"}, {"sms", "mobile"}, {"phone", "landline"}}) {
                String raw = r.get(column[0]).trim();
                if (raw.isEmpty()) {
                    continue;
                }
                String value = "email".equals(column[1]) ? (raw.length() > 254 ? null : ContactValues.email(raw))
                        : EXTENSION.matcher(raw).matches() ? null : ContactValues.phone(raw);
                if (value == null) {
                    in.warn("users.csv", r, column[0] + " " + raw + " " + badContact(column[1], raw) + "; that field is left out, the rest of"
                            + " the person is imported");
                    continue;
                }
                contacts.add(new Contact(column[1], value));
            }
            List<String> grades = list(r.get("grades"));
            String grade = "student".equals(kind) && !grades.isEmpty() ? grade(grades.get(0)) : null;
            if ("student".equals(kind) && !grades.isEmpty() && grade == null) {
                in.warn("users.csv", r, "grade " + grades.get(0) + " is not a CEDS grade code (IT, PR, PK, TK, KG, 01 … 13, PS, UG, Other);"
                        + " the grade is left out, the rest of the person is imported");
            }
            String status = r.get("status").trim();
            people.put(id, new Row(id, kind, given, family, site, grade, languages.getOrDefault(id, null),
                    !"tobedeleted".equalsIgnoreCase(status), List.copyOf(new LinkedHashSet<>(contacts)), new LinkedHashSet<>(list(r.get("agentSourcedIds")))));
            return null;
        });
        return in.parsed(modes, usersMode, orgs, languagesPresent && BULK.equals(usersMode), people, seen);
    }

    private static String badContact(String channel, String raw) {
        if ("email".equals(channel)) {
            return "is not an email address";
        }
        if (EXTENSION.matcher(raw).matches()) {
            return "has an extension, which a text message or an automated call cannot dial";
        }
        return raw.startsWith("+") && !raw.startsWith("+1") ? "is not a US phone number (texts and calls go to +1 numbers only)"
                : "is not a US phone number";
    }

    /** A CEDS code as written, or in its usual variants ("3" for 03, "k" for KG, "other"); null when it is none. */
    static String grade(String raw) {
        String g = raw.trim();
        if ("other".equalsIgnoreCase(g)) {
            return "Other";
        }
        g = g.toUpperCase(Locale.ROOT);
        if (g.length() == 1 && Character.isDigit(g.charAt(0))) {
            g = "0" + g;
        }
        return GRADES.contains(g) ? g : null;
    }

    /** Which site an org's people belong to: a school by its identifier, a department by its parent school; other levels none. */
    private static final class OrgSites {
        private final Map<String, Org> orgs;
        private final Function<String, Optional<Site>> sites;

        OrgSites(Map<String, Org> orgs, Function<String, Optional<Site>> sites) {
            this.orgs = orgs;
            this.sites = sites;
        }

        String site(String orgId) {
            Org org = orgs.get(orgId);
            for (int depth = 0; org != null && depth < 10; depth++) {
                if ("school".equals(org.type())) {
                    return sites.apply(org.identifier().toUpperCase(Locale.ROOT)).filter(s -> !s.archived()).map(Site::code).orElse(null);
                }
                if (!"department".equals(org.type()) || org.parent() == null) {
                    return null; // district, local, state, national: people of no one site
                }
                org = orgs.get(org.parent());
            }
            return null;
        }

        /** Whether the org is (or belongs to) a school that matches no current site. */
        boolean unmatched(String orgId) {
            Org org = orgs.get(orgId);
            for (int depth = 0; org != null && depth < 10; depth++) {
                if ("school".equals(org.type())) {
                    return problem(org) != null;
                }
                if (!"department".equals(org.type()) || org.parent() == null) {
                    return false;
                }
                org = orgs.get(org.parent());
            }
            return false;
        }

        /** Why a school (or a department's school) maps to no site, saying what to change; null when it is fine. */
        String problem(Org org) {
            if ("department".equals(org.type())) {
                Org parent = org.parent() == null ? null : orgs.get(org.parent());
                if (org.parent() != null && parent == null) {
                    return "department " + org.sourcedId() + " names parentSourcedId " + org.parent() + ", which orgs.csv does not list:"
                            + " add that school or district to orgs.csv";
                }
                return null; // a district department has no site; a school's department shares its school's answer
            }
            if (!"school".equals(org.type())) {
                return null;
            }
            String name = org.name() == null || org.name().isBlank() ? "" : " (" + org.name() + ")";
            if (org.identifier().isEmpty()) {
                return "school " + org.sourcedId() + name + " has no identifier: set its identifier to the Homeroom site code (as listed in"
                        + " Sites, e.g. E01) in the SIS export; its people are kept as they are";
            }
            Optional<Site> site = sites.apply(org.identifier().toUpperCase(Locale.ROOT));
            if (site.isEmpty()) {
                return "school " + org.sourcedId() + name + " has identifier " + org.identifier() + ", which is no Homeroom site code:"
                        + " set the org's identifier to the site's code (as listed in Sites, e.g. E01) in the SIS export, or add site "
                        + org.identifier() + " in Homeroom; its people are kept as they are";
            }
            if (site.get().archived()) {
                return "school " + org.sourcedId() + name + " has identifier " + org.identifier() + ", an archived Homeroom site: restore"
                        + " the site or move its people to a current school in the SIS; its people are kept as they are";
            }
            return null;
        }
    }

    /**
     * manifest.csv ({@code propertyName,value}): {@code file.<name>} = bulk, delta or absent per file. A
     * set without one is read as it was before manifests existed: orgs and users bulk.
     */
    private static Map<String, String> manifest(Path folder, Reading in) {
        Map<String, String> modes = new LinkedHashMap<>();
        Path manifest = folder.resolve("manifest.csv");
        if (!Files.isRegularFile(manifest)) {
            for (String name : List.of("orgs", "users")) {
                if (!Files.isRegularFile(folder.resolve(name + ".csv"))) {
                    in.refuse(name + ".csv", 0, "is missing: a OneRoster set needs manifest.csv, orgs.csv and users.csv");
                }
            }
            modes.put("orgs", BULK);
            modes.put("users", BULK);
            modes.put("enrollments", Files.isRegularFile(folder.resolve("enrollments.csv")) ? BULK : ABSENT);
            if (in.refusals.isEmpty()) {
                in.warnings.add(new RowError("manifest.csv", 0, null, "is missing; orgs.csv and users.csv were read as bulk files"
                        + " (whoever users.csv does not list has left)"));
            }
            return modes;
        }
        Map<String, String> properties = new LinkedHashMap<>();
        each(manifest, List.of("propertyName", "value"), in, r -> {
            properties.put(r.get("propertyName").trim(), r.get("value").trim());
            return null;
        });
        if (!in.refusals.isEmpty()) {
            return modes;
        }
        String version = properties.get("oneroster.version");
        if (version != null && !"1.1".equals(version)) {
            in.refuse("manifest.csv", 0, "says oneroster.version " + version + "; Homeroom reads OneRoster 1.1 CSV: export version 1.1 from the SIS");
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            if (!p.getKey().startsWith("file.")) {
                continue;
            }
            String name = p.getKey().substring("file.".length());
            String mode = p.getValue().toLowerCase(Locale.ROOT);
            if (!Set.of(BULK, DELTA, ABSENT).contains(mode)) {
                in.refuse("manifest.csv", 0, p.getKey() + " is " + p.getValue() + "; it must be bulk, delta or absent");
                continue;
            }
            if (MANIFEST_FILES.contains(name)) {
                modes.put(name, mode);
            }
        }
        for (String name : List.of("orgs", "users", "enrollments")) {
            String mode = modes.computeIfAbsent(name, n -> ABSENT);
            boolean present = Files.isRegularFile(folder.resolve(name + ".csv"));
            if (!ABSENT.equals(mode) && !present) {
                in.refuse(name + ".csv", 0, "is missing, but manifest.csv says file." + name + " is " + mode + ": add the file or set it absent");
            }
            if (ABSENT.equals(mode) && present) {
                in.warnings.add(new RowError(name + ".csv", 0, null, "was not read: manifest.csv says file." + name + " is absent"));
            }
        }
        if (ABSENT.equals(modes.get("users"))) {
            in.refuse("manifest.csv", 0, "says file.users is absent: there are no people to import");
        }
        return modes;
    }

    /** The first byte that is not UTF-8 (RFC 3629) refuses the file, naming its line and byte. A BOM is fine. */
    static void utf8(Path file, Reading in) {
        try (InputStream s = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            long offset = 0;
            long line = 1;
            for (int b; (b = s.read()) != -1;) {
                long at = offset++;
                if (b < 0x80) {
                    line += b == '\n' ? 1 : 0;
                    continue;
                }
                int more = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
                for (int i = 0; i < more; i++) {
                    int c = s.read();
                    offset++;
                    boolean bad = c == -1 || (c & 0xC0) != 0x80
                            || i == 0 && (b == 0xE0 && c < 0xA0 || b == 0xED && c > 0x9F || b == 0xF0 && c < 0x90 || b == 0xF4 && c > 0x8F);
                    if (bad) {
                        more = -1;
                        break;
                    }
                }
                if (more < 0) {
                    in.refuse(file.getFileName().toString(), line, String.format("is not UTF-8: line %d has the byte 0x%02X (byte %d of the file),"
                            + " which is not UTF-8 (the file looks saved as Windows-1252 or Latin-1); save it as \"CSV UTF-8\" and import again",
                            line, b, at + 1));
                    return;
                }
            }
        } catch (IOException e) {
            in.refuse(file.getFileName().toString(), 0, "cannot be read");
        }
    }

    private static String field(CSVRecord r, String column) {
        return r.isMapped(column) && r.isSet(column) && !r.get(column).isBlank() ? r.get(column).trim() : null;
    }

    private static List<String> list(String field) {
        List<String> values = new ArrayList<>();
        for (String v : field.split(",")) {
            if (!v.isBlank()) {
                values.add(v.trim());
            }
        }
        return values;
    }

    /** What a read collects. */
    static final class Reading {
        final List<RowError> errors = new ArrayList<>();
        final List<RowError> warnings = new ArrayList<>();
        final List<RowError> refusals = new ArrayList<>();

        void refuse(String file, long line, String message) {
            refusals.add(new RowError(file, line, null, message));
        }

        void warn(String file, CSVRecord r, String message) {
            warnings.add(new RowError(file, r.getRecordNumber() + 1, r.isMapped("sourcedId") && r.isSet("sourcedId") ? r.get("sourcedId") : null,
                    message));
        }

        Parsed parsed(Map<String, String> modes, String usersMode, Map<String, Org> orgs, boolean languagesComplete) {
            return parsed(modes, usersMode, orgs, languagesComplete, Map.of(), Set.of());
        }

        Parsed parsed(Map<String, String> modes, String usersMode, Map<String, Org> orgs, boolean languagesComplete, Map<String, Row> people,
                Set<String> seen) {
            return new Parsed(Map.copyOf(modes), usersMode, people, seen, orgs, languagesComplete, List.copyOf(errors), List.copyOf(warnings),
                    List.copyOf(refusals));
        }
    }

    /**
     * Calls {@code row} for each record; a non-null answer is that row's error. A file that cannot be
     * read whole (missing columns, broken quoting) is refused: half a file must never pass for a whole one.
     * A byte-order mark before the header is skipped.
     */
    private static void each(Path file, List<String> required, Reading in, Function<CSVRecord, String> row) {
        each(file, required, in, null, row);
    }

    /** {@code seen}, when given, also collects the sourcedIds of rows that have the wrong number of fields. */
    private static void each(Path file, List<String> required, Reading in, Set<String> seen, Function<CSVRecord, String> row) {
        String name = file.getFileName().toString();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setIgnoreSurroundingSpaces(false).build();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
            CSVParser csv;
            try {
                csv = format.parse(reader);
            } catch (IllegalArgumentException | UncheckedIOException | IOException e) {
                in.refuse(name, 1, "has a header that cannot be read as CSV (an empty or repeated column name, or a quote left open)");
                return;
            }
            try (csv) {
                List<String> missing = required.stream().filter(c -> !csv.getHeaderMap().containsKey(c)).toList();
                if (!missing.isEmpty()) {
                    in.refuse(name, 1, "is missing the columns " + String.join(", ", missing) + " (the header is line 1)");
                    return;
                }
                List<RowError> rowErrors = new ArrayList<>();
                try {
                    for (CSVRecord r : csv) {
                        String problem = r.isConsistent() ? row.apply(r) : "has " + r.size() + " fields; the header has " + csv.getHeaderMap().size();
                        if (problem != null) {
                            String id = r.isMapped("sourcedId") && r.isSet("sourcedId") ? r.get("sourcedId") : null;
                            if (seen != null && id != null && !id.isBlank()) {
                                seen.add(id.trim());
                            }
                            rowErrors.add(new RowError(name, r.getRecordNumber() + 1, id, problem));
                        }
                    }
                } catch (UncheckedIOException | IllegalStateException e) {
                    in.refuse(name, csv.getCurrentLineNumber(), "cannot be read as CSV from line " + csv.getCurrentLineNumber()
                            + " on: a quoted field is not closed, or has text after its closing quote; nothing of the set was imported");
                    return;
                }
                in.errors.addAll(rowErrors);
            }
        } catch (IOException | UncheckedIOException e) {
            in.refuse(name, 0, "cannot be read");
        }
    }
}
