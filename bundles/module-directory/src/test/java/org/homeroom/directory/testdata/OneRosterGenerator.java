package org.homeroom.directory.testdata;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deterministic generator of a realistic OneRoster 1.1 CSV bulk set for one district: the district org,
 * its schools, students, guardians (households of siblings sharing guardians), staff, enrollments and
 * student demographics. Plain JDK, no dependencies, so unit tests, integration tests and the bench script
 * can all use it ({@code java -cp target/test-classes org.homeroom.directory.testdata.OneRosterGenerator
 * /tmp/or 46000 1}).
 *
 * <h2>Files</h2>
 * <ul>
 * <li>{@code manifest.csv}: {@code manifest.version=1.0}, {@code oneroster.version=1.1}, {@code file.orgs},
 * {@code file.users}, {@code file.enrollments}, {@code file.demographics} = {@code bulk}, every other
 * {@code file.*} = {@code absent}, plus {@code source.systemName}/{@code source.systemCode}.</li>
 * <li>{@code orgs.csv}, {@code users.csv}, {@code enrollments.csv}, {@code demographics.csv}: every v1.1
 * column, in the v1.1 order, empty where there is no value. Bulk semantics: {@code status} and
 * {@code dateLastModified} are left empty (a record that is gone is simply absent from the next bulk
 * set), except on rows {@link #mutate} marks {@code tobedeleted}.</li>
 * <li>{@code homeroom_languages.csv} ({@code sourcedId,language}): <b>not OneRoster</b>. OneRoster 1.1 has
 * no preferred-language column, and SIS exports commonly ship the home/contact language as a separate
 * district extension file; this is that file. One row per guardian: about 35% {@code es}, about 3%
 * {@code vi}/{@code ar}/{@code sw}, the rest {@code en}. It is not listed in the manifest.</li>
 * </ul>
 *
 * <h2>Format</h2> UTF-8 without BOM, CRLF line ends, RFC 4180 quoting: a field is quoted only when it holds
 * a comma, a double quote or a line break, and inner quotes are doubled. List fields
 * ({@code orgSourcedIds}, {@code agentSourcedIds}, {@code userIds}, {@code grades}) are comma-separated
 * without spaces, hence quoted when they hold more than one value.
 *
 * <h2>Content</h2>
 * <ul>
 * <li>Orgs: one {@code district} org (sourcedId {@value #DISTRICT_ID}), and one org per site taken, in
 * order, from the demo {@code sites.csv} of platform-demo ({@code name}, and {@code identifier} = the
 * Homeroom site code such as {@code E01}); sourcedIds are opaque ({@code school-1001}, …) so an importer
 * has to map by {@code identifier}. All sites are type {@code school}, offices included (they get staff
 * but no students and no enrollments). The demo {@code sites.csv} is found through the system property
 * {@code homeroom.demoSites}, the class path resource {@code /demo/sites.csv}, or by walking up from the
 * working directory / class location to {@code bundles/platform-demo/src/main/resources/demo/sites.csv}.</li>
 * <li>Grades come from the site's {@code grades} column (PK-5, K-5, 6-8, 9-12, 6-12, PK) as CEDS codes
 * {@code PK, KG, 01 … 12}. Each grade cohort is split between the sites offering it, with a random size
 * factor per site, so high schools come out larger than elementary schools.</li>
 * <li>Students ({@code stu-NNNNNN}): role {@code student}, {@code orgSourcedIds} = their school,
 * {@code grades} = one CEDS code, {@code agentSourcedIds} = their guardians, {@code userIds} =
 * {@code {SIS:<student number>}}, a district e-mail for grade 03 and up. Households have about
 * {@link Sizes#studentsPerHousehold()} students (geometric) and share their guardians; in about 8% of
 * multi-student households one guardian is linked to one child only (blended family).</li>
 * <li>Guardians ({@code gdn-NNNNNN}): role {@code guardian} (about 80%), {@code parent} (about 17%) or
 * {@code relative}; {@code orgSourcedIds} = the schools of their students; {@code agentSourcedIds} =
 * their students. About 80% have an e-mail (some mixed case, about 5% of second guardians share the
 * first one's), about 90% an {@code sms} (mobile, mostly E.164 {@code +1AAA55501XX}, some
 * {@code (AAA) 555-01XX}), about 30% a {@code phone} (the household landline, in mixed formats). All
 * phone numbers are NANP fictional numbers 555-0100…555-0199, spread over area codes so that they are
 * unique across households ({@link Summary#phoneNumbersReused()} counts reuse once the roughly 78,000
 * such numbers run out). E-mail domains are reserved {@code example}/{@code .example} names.</li>
 * <li>Staff ({@code stf-NNNNN}): {@code teacher}, {@code aide} or {@code administrator} (each school's
 * first staff member is an administrator), e-mail {@code first.last@district.example}, {@code phone} =
 * the site's phone. About 1% are district-level ({@code orgSourcedIds=district}, no enrollment), about
 * 3% of teachers work at two schools.</li>
 * <li>Names: about half the households are Hispanic, with accents (José, Peña, Muñoz …), compound and
 * two-surname families; Vietnamese (Nguyễn, some ASCII-folded), Arabic, East African, Native American
 * (Oklahoma) names; a few apostrophes, hyphens, {@code , Jr.} suffixes and quoted nicknames, to exercise
 * quoting.</li>
 * <li>Enrollments ({@code enr-<user>-<site>-<grade>}): one per student, and one per staff member per
 * school, in the homeroom class {@code class-<site>-<grade>} (class ids are references only:
 * {@code classes.csv} is declared absent). Students: role {@code student}; teachers: {@code teacher},
 * {@code primary=true} for the first teacher of a class; aides: {@code teacher} with
 * {@code primary=false} (the v1.1 enrollment roles are administrator, proctor, student, teacher);
 * administrators: {@code administrator}. School year 2025-08-14 to 2026-05-21; about 6% of students
 * started later (transfers).</li>
 * <li>Demographics: students only; birth date consistent with the grade, {@code sex} male/female, race
 * and ethnicity flags consistent with the family's origin, country/state/city of birth, CEDS residence
 * status codes.</li>
 * </ul>
 *
 * <p>Everything comes from one {@link Random} seeded with the {@code seed} argument (plus a second one,
 * derived from it, that orders the phone number pool): the same seed and sizes give byte-identical files.
 * {@link #mutate} turns a set into "the next night's" set and reports what it changed.
 */
public final class OneRosterGenerator {

    // ------------------------------------------------------------------------------------------ headers

    public static final String DISTRICT_ID = "district";
    public static final String MANIFEST = "manifest.csv";
    public static final String ORGS = "orgs.csv";
    public static final String USERS = "users.csv";
    public static final String ENROLLMENTS = "enrollments.csv";
    public static final String DEMOGRAPHICS = "demographics.csv";
    public static final String LANGUAGES = "homeroom_languages.csv";

    public static final List<String> MANIFEST_HEADER = List.of("propertyName", "value");
    public static final List<String> ORGS_HEADER = List.of("sourcedId", "status", "dateLastModified", "name", "type",
            "identifier", "parentSourcedId");
    public static final List<String> USERS_HEADER = List.of("sourcedId", "status", "dateLastModified", "enabledUser",
            "orgSourcedIds", "role", "username", "userIds", "givenName", "familyName", "middleName", "identifier", "email",
            "sms", "phone", "agentSourcedIds", "grades", "password");
    public static final List<String> ENROLLMENTS_HEADER = List.of("sourcedId", "status", "dateLastModified",
            "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate");
    public static final List<String> DEMOGRAPHICS_HEADER = List.of("sourcedId", "status", "dateLastModified", "birthDate",
            "sex", "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican", "nativeHawaiianOrOtherPacificIslander",
            "white", "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
            "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus");
    public static final List<String> LANGUAGES_HEADER = List.of("sourcedId", "language");

    /** The {@code file.*} manifest properties of OneRoster 1.1, in the order they are written. */
    static final List<String> MANIFEST_FILES = List.of("academicSessions", "categories", "classes", "classResources",
            "courses", "courseResources", "demographics", "enrollments", "lineItems", "orgs", "resources", "results", "users");
    static final Set<String> BULK_FILES = Set.of("demographics", "enrollments", "orgs", "users");

    // users.csv column indexes
    static final int U_ID = 0, U_STATUS = 1, U_MODIFIED = 2, U_ENABLED = 3, U_ORGS = 4, U_ROLE = 5, U_USERNAME = 6,
            U_USERIDS = 7, U_GIVEN = 8, U_FAMILY = 9, U_MIDDLE = 10, U_IDENTIFIER = 11, U_EMAIL = 12, U_SMS = 13,
            U_PHONE = 14, U_AGENTS = 15, U_GRADES = 16, U_PASSWORD = 17;
    // enrollments.csv column indexes
    static final int E_ID = 0, E_STATUS = 1, E_MODIFIED = 2, E_CLASS = 3, E_SCHOOL = 4, E_USER = 5, E_ROLE = 6;
    // demographics.csv column indexes
    static final int D_ID = 0, D_STATUS = 1, D_MODIFIED = 2;

    static final LocalDate YEAR_START = LocalDate.of(2025, 8, 14);
    static final LocalDate YEAR_END = LocalDate.of(2026, 5, 21);
    /** "Now" of the generated set: the nightly export of 1 October 2025. */
    static final Instant GENERATED_AT = Instant.parse("2025-10-01T06:00:00Z");
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final String STAFF_DOMAIN = "district.example";
    private static final String STUDENT_DOMAIN = "students.district.example";
    private static final String DISTRICT_PHONE = "(405) 555-0100";
    private static final String[] GRADE_CODES = {"PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
            "11", "12"};
    /** Relative size of each grade cohort (index = CEDS grade index + 1; PK is half-day and not universal). */
    private static final double[] GRADE_WEIGHT = {0.45, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.1, 1.0, 0.93, 0.88};

    private OneRosterGenerator() {
    }

    // -------------------------------------------------------------------------------------------- API

    /**
     * How big the district is. {@code guardiansPerStudent} and {@code studentsPerHousehold} are means; the
     * guardians per household are {@code guardiansPerStudent × studentsPerHousehold} on average.
     */
    public record Sizes(int students, int sites, double guardiansPerStudent, double studentsPerHousehold, int staff) {

        public Sizes {
            if (students < 0 || staff < 0 || sites < 1) {
                throw new IllegalArgumentException("students and staff must be >= 0 and sites >= 1");
            }
            if (guardiansPerStudent <= 0 || studentsPerHousehold < 1) {
                throw new IllegalArgumentException("guardiansPerStudent must be > 0 and studentsPerHousehold >= 1");
            }
        }

        /** The target district: 46,000 students in 70 sites, about 75,000 guardians, 5,000 staff. */
        public static Sizes defaults() {
            return new Sizes(46_000, 70, 1.6, 1.3, 5_000);
        }

        /** For unit tests: 3 elementary schools, 120 students, about 190 guardians, 15 staff. */
        public static Sizes small() {
            return new Sizes(120, 3, 1.6, 1.3, 15);
        }

        /** The same district with {@code n} students; staff scale with it (at least one). */
        public Sizes withStudents(int n) {
            int s = students == 0 ? staff : (int) Math.max(1, Math.round((double) staff * n / students));
            return new Sizes(n, sites, guardiansPerStudent, studentsPerHousehold, s);
        }
    }

    /**
     * What {@link #write} produced. {@code rows}: data rows (header excluded) per file name, in writing
     * order. {@code phoneNumbersReused}: fictional numbers handed out twice because the pool ran out (0 at
     * the default sizes).
     */
    public record Summary(Map<String, Integer> rows, int schools, int students, int guardians, int staff, int households,
            int phoneNumbersReused, long elapsedMs) {

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            rows.forEach((f, n) -> b.append(String.format("%-24s %,9d rows%n", f, n)));
            b.append(String.format("schools %d, students %,d, guardians %,d, staff %,d, households %,d, "
                    + "phone numbers reused %d, %d ms", schools, students, guardians, staff, households,
                    phoneNumbersReused, elapsedMs));
            return b.toString();
        }
    }

    /**
     * A nightly change for {@link #mutate}. Rates are per existing guardian ({@code contactChangeRate}) and
     * per existing student ({@code studentRemoveRate}, {@code studentAddRate}: the number of new students
     * is {@code round(rate × students)}); {@code siblingShare} of the new students join an existing
     * household. {@code dropRemoved}: withdrawn students (and guardians left with no student) are left out
     * of the files, as in a true bulk set, and references to them are removed; otherwise their rows (user,
     * enrollment, demographics) stay with {@code status=tobedeleted} and {@code dateLastModified=asOf}.
     */
    public record Mutation(double contactChangeRate, double studentRemoveRate, double studentAddRate, double siblingShare,
            boolean dropRemoved, Instant asOf) {

        /** 1% of guardians change phone/e-mail, 0.5% of students leave, 0.5% arrive; removed rows dropped. */
        public static Mutation nightly() {
            return new Mutation(0.01, 0.005, 0.005, 0.25, true, GENERATED_AT.plusSeconds(86_400));
        }

        public Mutation markRemoved() {
            return new Mutation(contactChangeRate, studentRemoveRate, studentAddRate, siblingShare, false, asOf);
        }

        public Mutation withDropRemoved(boolean drop) {
            return new Mutation(contactChangeRate, studentRemoveRate, studentAddRate, siblingShare, drop, asOf);
        }
    }

    /**
     * What {@link #mutate} changed, as sourcedIds. {@code contactsChanged} = {@code emailsChanged} ∪
     * {@code phonesChanged} (sms or phone column). {@code relinkedGuardians}: existing guardians whose
     * {@code agentSourcedIds} changed (a new sibling, or, with {@code dropRemoved}, a removed student).
     */
    public record Changes(Set<String> contactsChanged, Set<String> emailsChanged, Set<String> phonesChanged,
            Set<String> removedStudents, Set<String> removedGuardians, Set<String> addedStudents,
            Set<String> addedGuardians, Set<String> relinkedGuardians) {

        @Override
        public String toString() {
            return String.format("contacts changed %d (e-mail %d, phone %d), students removed %d, guardians removed %d, "
                    + "students added %d, guardians added %d, guardians relinked %d", contactsChanged.size(),
                    emailsChanged.size(), phonesChanged.size(), removedStudents.size(), removedGuardians.size(),
                    addedStudents.size(), addedGuardians.size(), relinkedGuardians.size());
        }
    }

    /**
     * How many ways families can be reached. {@code TYPICAL}: the rates described above. {@code EVERY}: the
     * worst case DOMAIN.md sizes a district-wide emergency by ("6 phones + 2 e-mails per family", about
     * 370,000 deliveries): every student is their own household with two guardians, and every guardian
     * has an own e-mail, an own mobile (texted and called) and a second, landline-style number (called), so
     * each family has 2 e-mails, 2 texts and 4 calls. That needs ~184,000 distinct numbers, more than the
     * fictional 555-01XX range holds, so this profile also hands out 555-0200 … 555-0399: not assigned in
     * practice, but real-looking, so use it only where nothing reaches a real carrier (the benches do).
     */
    public enum Contacts { TYPICAL, EVERY }

    /**
     * {@code dir [students] [seed] [typical|every]}: writes a set (default 46,000 students, seed 1, typical
     * contacts) and prints a summary.
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: OneRosterGenerator dir [students] [seed] [typical|every]");
            System.exit(2);
        }
        Contacts contacts = args.length > 3 ? Contacts.valueOf(args[3].toUpperCase(java.util.Locale.ROOT)) : Contacts.TYPICAL;
        Sizes sizes = contacts == Contacts.EVERY ? new Sizes(46_000, 70, 2.0, 1.0, 5_000) : Sizes.defaults();
        if (args.length > 1) {
            sizes = sizes.withStudents(Integer.parseInt(args[1].replace("_", "")));
        }
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1L;
        Summary summary = write(Path.of(args[0]), sizes, seed, contacts);
        System.out.println(summary);
    }

    // ------------------------------------------------------------------------------------------ write

    /** Writes a complete bulk set into {@code dir} (created if missing; the six files are overwritten). */
    public static Summary write(Path dir, Sizes sizes, long seed) {
        return write(dir, sizes, seed, Contacts.TYPICAL);
    }

    /** As {@link #write(Path, Sizes, long)}, with a choice of how many contact points families have. */
    public static Summary write(Path dir, Sizes sizes, long seed, Contacts contacts) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dir);
            List<Site> allSites = readSites();
            if (sizes.sites() > allSites.size()) {
                throw new IllegalArgumentException("sites.csv has only " + allSites.size() + " sites, asked for " + sizes.sites());
            }
            List<Site> sites = new ArrayList<>(allSites.subList(0, sizes.sites()));
            Random rnd = new Random(seed);
            Ctx ctx = new Ctx(rnd, new PhonePool(seed, contacts == Contacts.EVERY ? 300 : 100), contacts);
            sites.forEach(s -> ctx.phones.markUsed(s.phone));

            Slot[] slots = allocateStudents(rnd, sites, sizes.students());

            // households: students and guardians
            List<Student> students = new ArrayList<>(sizes.students());
            List<Guardian> guardians = new ArrayList<>((int) (sizes.students() * sizes.guardiansPerStudent()) + 16);
            double guardiansPerHousehold = sizes.guardiansPerStudent() * sizes.studentsPerHousehold();
            int households = 0;
            for (int pos = 0; pos < slots.length; ) {
                int k = Math.min(householdSize(rnd, sizes.studentsPerHousehold()), slots.length - pos);
                Household h = makeHousehold(ctx, Arrays.asList(slots).subList(pos, pos + k),
                        guardianCount(rnd, guardiansPerHousehold), null);
                pos += k;
                students.addAll(h.students);
                guardians.addAll(h.guardians);
                households++;
            }
            List<Staff> staff = makeStaff(ctx, sites, students, sizes.staff());

            Map<String, Integer> rows = new LinkedHashMap<>();
            try (Csv w = new Csv(dir.resolve(MANIFEST), MANIFEST_HEADER)) {
                writeManifest(w);
                rows.put(MANIFEST, w.rows);
            }
            try (Csv w = new Csv(dir.resolve(ORGS), ORGS_HEADER)) {
                w.row(DISTRICT_ID, "", "", "Oklahoma City Public Schools (demo)", "district", "DIST", "");
                for (Site s : sites) {
                    w.row(s.orgId, "", "", s.name, "school", s.code, DISTRICT_ID);
                }
                rows.put(ORGS, w.rows);
            }
            try (Csv w = new Csv(dir.resolve(USERS), USERS_HEADER)) {
                for (Student s : students) {
                    w.row(s.userRow());
                }
                for (Guardian g : guardians) {
                    w.row(g.userRow());
                }
                for (Staff s : staff) {
                    w.row(s.userRow());
                }
                rows.put(USERS, w.rows);
            }
            try (Csv w = new Csv(dir.resolve(ENROLLMENTS), ENROLLMENTS_HEADER)) {
                for (Student s : students) {
                    w.row(s.enrollmentRow());
                }
                for (Staff s : staff) {
                    for (String[] e : s.enrollments) {
                        w.row(e);
                    }
                }
                rows.put(ENROLLMENTS, w.rows);
            }
            try (Csv w = new Csv(dir.resolve(DEMOGRAPHICS), DEMOGRAPHICS_HEADER)) {
                for (Student s : students) {
                    w.row(s.demographics);
                }
                rows.put(DEMOGRAPHICS, w.rows);
            }
            try (Csv w = new Csv(dir.resolve(LANGUAGES), LANGUAGES_HEADER)) {
                for (Guardian g : guardians) {
                    w.row(g.id, g.language);
                }
                rows.put(LANGUAGES, w.rows);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new Summary(Collections.unmodifiableMap(rows), sites.size(), students.size(), guardians.size(),
                    staff.size(), households, ctx.phones.reused, ms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeManifest(Csv w) throws IOException {
        w.row("manifest.version", "1.0");
        w.row("oneroster.version", "1.1");
        for (String f : MANIFEST_FILES) {
            w.row("file." + f, BULK_FILES.contains(f) ? "bulk" : "absent");
        }
        w.row("source.systemName", "Homeroom OneRoster test-data generator");
        w.row("source.systemCode", "homeroom-testdata");
    }

    // ----------------------------------------------------------------------------------------- mutate

    /**
     * Rewrites the set in {@code dir} (made by {@link #write}) as the next night's export: about
     * {@code contactChangeRate} of the guardians get a new mobile, e-mail, or lose their landline; about
     * {@code studentRemoveRate} of the students are withdrawn (with the guardians left without a student);
     * about {@code studentAddRate} new students arrive, some as siblings of existing students, the rest
     * with new guardians. {@code users.csv}, {@code enrollments.csv}, {@code demographics.csv} and
     * {@code homeroom_languages.csv} are rewritten (new rows at the end), {@code orgs.csv} and
     * {@code manifest.csv} are left alone. Deterministic in the input files and {@code seed}.
     */
    public static Changes mutate(Path dir, long seed, Mutation m) {
        try {
            List<String[]> users = readCsv(dir.resolve(USERS), USERS_HEADER);
            List<String[]> enrollments = readCsv(dir.resolve(ENROLLMENTS), ENROLLMENTS_HEADER);
            List<String[]> demographics = readCsv(dir.resolve(DEMOGRAPHICS), DEMOGRAPHICS_HEADER);
            List<String[]> languages = readCsv(dir.resolve(LANGUAGES), LANGUAGES_HEADER);
            Map<String, String> siteCodeByOrg = new HashMap<>();
            for (String[] o : readCsv(dir.resolve(ORGS), ORGS_HEADER)) {
                siteCodeByOrg.put(o[0], o[5]);
            }
            Random rnd = new Random(seed ^ 0x6E6967687431L);
            Ctx ctx = new Ctx(rnd, new PhonePool(seed ^ 0x70686F6E6573L, 100), Contacts.TYPICAL);
            String asOf = DATE_TIME.format(m.asOf());

            Map<String, String[]> byId = new HashMap<>();
            List<String[]> studentRows = new ArrayList<>();
            List<String[]> guardianRows = new ArrayList<>();
            int maxStudent = 100_000, maxGuardian = 100_000;
            for (String[] u : users) {
                byId.put(u[U_ID], u);
                ctx.phones.markUsed(u[U_SMS]);
                ctx.phones.markUsed(u[U_PHONE]);
                if (!u[U_EMAIL].isEmpty()) {
                    ctx.emails.add(u[U_EMAIL].toLowerCase());
                }
                ctx.usernames.add(u[U_USERNAME].toLowerCase());
                boolean live = !"tobedeleted".equals(u[U_STATUS]);
                if ("student".equals(u[U_ROLE])) {
                    maxStudent = Math.max(maxStudent, number(u[U_ID], "stu-"));
                    if (live) {
                        studentRows.add(u);
                    }
                } else if (isGuardianRole(u[U_ROLE])) {
                    maxGuardian = Math.max(maxGuardian, number(u[U_ID], "gdn-"));
                    if (live) {
                        guardianRows.add(u);
                    }
                }
            }
            ctx.nextStudent = maxStudent + 1;
            ctx.nextGuardian = maxGuardian + 1;
            Map<String, String[]> demographicsById = new HashMap<>();
            demographics.forEach(d -> demographicsById.put(d[D_ID], d));

            // 1. withdrawals, and the guardians they leave without a student
            Set<String> removedStudents = new TreeSet<>();
            for (String[] s : studentRows) {
                if (rnd.nextDouble() < m.studentRemoveRate()) {
                    removedStudents.add(s[U_ID]);
                }
            }
            Set<String> removedGuardians = new TreeSet<>();
            for (String[] g : guardianRows) {
                List<String> agents = split(g[U_AGENTS]);
                if (!agents.isEmpty() && removedStudents.containsAll(agents)) {
                    removedGuardians.add(g[U_ID]);
                }
            }

            // 2. contact changes among the remaining guardians
            Set<String> emailsChanged = new TreeSet<>();
            Set<String> phonesChanged = new TreeSet<>();
            for (String[] g : guardianRows) {
                if (removedGuardians.contains(g[U_ID]) || rnd.nextDouble() >= m.contactChangeRate()) {
                    continue;
                }
                double r = rnd.nextDouble();
                if (r < 0.45 || (r >= 0.90 && g[U_PHONE].isEmpty())) {
                    g[U_SMS] = formatMobile(rnd, ctx.phones.take());
                    phonesChanged.add(g[U_ID]);
                } else if (r < 0.80) {
                    g[U_EMAIL] = newEmail(ctx, g[U_GIVEN], g[U_FAMILY], g[U_EMAIL]);
                    emailsChanged.add(g[U_ID]);
                } else if (r < 0.90) {
                    g[U_SMS] = formatMobile(rnd, ctx.phones.take());
                    g[U_EMAIL] = newEmail(ctx, g[U_GIVEN], g[U_FAMILY], g[U_EMAIL]);
                    phonesChanged.add(g[U_ID]);
                    emailsChanged.add(g[U_ID]);
                } else {
                    g[U_PHONE] = ""; // the family dropped its landline
                    phonesChanged.add(g[U_ID]);
                }
            }

            // 3. arrivals
            List<String[]> remaining = new ArrayList<>();
            for (String[] s : studentRows) {
                if (!removedStudents.contains(s[U_ID])) {
                    remaining.add(s);
                }
            }
            Map<String, Slot> combos = new LinkedHashMap<>(); // (org, grade) pairs that have students
            for (String[] s : remaining) {
                combos.computeIfAbsent(s[U_ORGS] + "|" + s[U_GRADES],
                        k -> new Slot(s[U_ORGS], siteCodeByOrg.getOrDefault(s[U_ORGS], s[U_ORGS]), s[U_GRADES]));
            }
            List<Slot> comboList = new ArrayList<>(combos.values());
            List<Slot> earlyCombos = new ArrayList<>();
            for (Slot c : comboList) {
                if (c.grade.equals("PK") || c.grade.equals("KG") || c.grade.equals("01")) {
                    earlyCombos.add(c);
                }
            }
            int toAdd = (int) Math.round(m.studentAddRate() * studentRows.size());
            Set<String> addedStudents = new TreeSet<>();
            Set<String> addedGuardians = new TreeSet<>();
            Set<String> relinked = new TreeSet<>();
            List<String[]> newUsers = new ArrayList<>();
            List<String[]> newGuardianRows = new ArrayList<>();
            List<String[]> newEnrollments = new ArrayList<>();
            List<String[]> newDemographics = new ArrayList<>();
            List<String[]> newLanguages = new ArrayList<>();
            LocalDate begin = LocalDate.ofInstant(m.asOf(), ZoneOffset.UTC);
            while (addedStudents.size() < toAdd && !comboList.isEmpty()) {
                if (!remaining.isEmpty() && rnd.nextDouble() < m.siblingShare()) {
                    // a younger sibling of an existing student enrols
                    String[] sibling = remaining.get(rnd.nextInt(remaining.size()));
                    List<String> guardianIds = split(sibling[U_AGENTS]);
                    List<Slot> pool = earlyCombos.isEmpty() ? comboList : earlyCombos;
                    Slot slot = pool.get(rnd.nextInt(pool.size()));
                    String[] sibDemo = demographicsById.get(sibling[U_ID]);
                    Origin origin = sibDemo == null ? Origin.WHITE : originOf(sibDemo);
                    Student s = makeStudent(ctx, origin, sibling[U_FAMILY], slot, guardianIds, begin, false);
                    if (sibDemo != null) { // same family, same race/ethnicity answers
                        System.arraycopy(sibDemo, 5, s.demographics, 5, 7);
                    }
                    newUsers.add(s.userRow());
                    newEnrollments.add(s.enrollmentRow());
                    newDemographics.add(s.demographics);
                    addedStudents.add(s.id);
                    for (String gid : guardianIds) {
                        String[] g = byId.get(gid);
                        if (g != null) {
                            g[U_AGENTS] = join(append(split(g[U_AGENTS]), s.id));
                            g[U_ORGS] = join(append(split(g[U_ORGS]), slot.orgId));
                            relinked.add(gid);
                        }
                    }
                } else {
                    int k = Math.min(householdSize(rnd, 1.3), Math.max(1, toAdd - addedStudents.size()));
                    List<Slot> kids = new ArrayList<>();
                    for (int i = 0; i < k; i++) {
                        kids.add(comboList.get(rnd.nextInt(comboList.size())));
                    }
                    Household h = makeHousehold(ctx, kids, guardianCount(rnd, 1.6 * 1.3), begin);
                    for (Student s : h.students) {
                        newUsers.add(s.userRow());
                        newEnrollments.add(s.enrollmentRow());
                        newDemographics.add(s.demographics);
                        addedStudents.add(s.id);
                    }
                    for (Guardian g : h.guardians) {
                        newGuardianRows.add(g.userRow());
                        newLanguages.add(new String[] {g.id, g.language});
                        addedGuardians.add(g.id);
                    }
                }
            }
            newUsers.addAll(newGuardianRows);

            // 4. apply the withdrawals
            Map<String, String> orgOfStudent = new HashMap<>();
            for (String[] u : users) {
                if ("student".equals(u[U_ROLE])) {
                    orgOfStudent.put(u[U_ID], u[U_ORGS]);
                }
            }
            Set<String> gone = new HashSet<>(removedStudents);
            gone.addAll(removedGuardians);
            if (m.dropRemoved()) {
                users.removeIf(u -> gone.contains(u[U_ID]));
                enrollments.removeIf(e -> gone.contains(e[E_USER]));
                demographics.removeIf(d -> gone.contains(d[D_ID]));
                languages.removeIf(l -> gone.contains(l[0]));
                for (String[] g : guardianRows) {
                    if (gone.contains(g[U_ID])) {
                        continue;
                    }
                    List<String> agents = split(g[U_AGENTS]);
                    if (agents.removeIf(removedStudents::contains)) {
                        g[U_AGENTS] = join(agents);
                        Set<String> orgs = new LinkedHashSet<>();
                        agents.forEach(a -> orgs.add(orgOfStudent.getOrDefault(a, "")));
                        orgs.remove("");
                        if (!orgs.isEmpty()) {
                            g[U_ORGS] = join(new ArrayList<>(orgs));
                        }
                        relinked.add(g[U_ID]);
                    }
                }
            } else {
                for (String[] u : users) {
                    if (gone.contains(u[U_ID])) {
                        u[U_STATUS] = "tobedeleted";
                        u[U_MODIFIED] = asOf;
                    }
                }
                for (String[] e : enrollments) {
                    if (gone.contains(e[E_USER])) {
                        e[E_STATUS] = "tobedeleted";
                        e[E_MODIFIED] = asOf;
                    }
                }
                for (String[] d : demographics) {
                    if (gone.contains(d[D_ID])) {
                        d[D_STATUS] = "tobedeleted";
                        d[D_MODIFIED] = asOf;
                    }
                }
            }
            users.addAll(newUsers);
            enrollments.addAll(newEnrollments);
            demographics.addAll(newDemographics);
            languages.addAll(newLanguages);

            writeAll(dir.resolve(USERS), USERS_HEADER, users);
            writeAll(dir.resolve(ENROLLMENTS), ENROLLMENTS_HEADER, enrollments);
            writeAll(dir.resolve(DEMOGRAPHICS), DEMOGRAPHICS_HEADER, demographics);
            writeAll(dir.resolve(LANGUAGES), LANGUAGES_HEADER, languages);

            Set<String> contacts = new TreeSet<>(emailsChanged);
            contacts.addAll(phonesChanged);
            return new Changes(frozen(contacts), frozen(emailsChanged), frozen(phonesChanged), frozen(removedStudents),
                    frozen(removedGuardians), frozen(addedStudents), frozen(addedGuardians), frozen(relinked));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> frozen(Set<String> s) {
        return Collections.unmodifiableSet(s);
    }

    private static boolean isGuardianRole(String role) {
        return "guardian".equals(role) || "parent".equals(role) || "relative".equals(role);
    }

    private static int number(String id, String prefix) {
        if (id.startsWith(prefix)) {
            try {
                return Integer.parseInt(id.substring(prefix.length()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    private static Origin originOf(String[] demographics) {
        if ("true".equals(demographics[11])) {
            return Origin.HISPANIC;
        }
        if ("true".equals(demographics[6])) {
            return Origin.OTHER_ASIAN;
        }
        if ("true".equals(demographics[7])) {
            return Origin.BLACK;
        }
        if ("true".equals(demographics[5])) {
            return Origin.NATIVE;
        }
        return Origin.WHITE;
    }

    private static void writeAll(Path file, List<String> header, List<String[]> rows) throws IOException {
        try (Csv w = new Csv(file, header)) {
            for (String[] r : rows) {
                w.row(r);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ sites

    static final class Site {
        final String code, name, kind, phone, orgId;
        final List<String> grades;
        int students;

        Site(String code, String name, String kind, String phone, String gradeSpec, String orgId) {
            this.code = code;
            this.name = name;
            this.kind = kind;
            this.phone = phone;
            this.orgId = orgId;
            this.grades = parseGrades(gradeSpec);
        }
    }

    /** A place a student can be: a school org and a grade. */
    record Slot(String orgId, String siteCode, String grade) {
    }

    static List<Site> readSites() throws IOException {
        List<String[]> rows;
        String prop = System.getProperty("homeroom.demoSites");
        if (prop != null) {
            rows = parseCsv(Files.readString(Path.of(prop), StandardCharsets.UTF_8));
        } else {
            try (InputStream in = OneRosterGenerator.class.getResourceAsStream("/demo/sites.csv")) {
                if (in != null) {
                    rows = parseCsv(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } else {
                    rows = parseCsv(Files.readString(locateSites(), StandardCharsets.UTF_8));
                }
            }
        }
        List<Site> sites = new ArrayList<>();
        String[] header = null;
        Map<String, Integer> col = new HashMap<>();
        for (String[] r : rows) {
            if (r.length == 0 || r[0].startsWith("#") || (r.length == 1 && r[0].isBlank())) {
                continue;
            }
            if (header == null) {
                header = r;
                for (int i = 0; i < r.length; i++) {
                    col.put(r[i].trim(), i);
                }
                for (String c : List.of("code", "name", "kind", "phone", "grades")) {
                    if (!col.containsKey(c)) {
                        throw new IllegalStateException("demo sites.csv has no column " + c);
                    }
                }
                continue;
            }
            sites.add(new Site(r[col.get("code")], r[col.get("name")], r[col.get("kind")], r[col.get("phone")],
                    r[col.get("grades")], "school-" + (1001 + sites.size())));
        }
        return sites;
    }

    private static Path locateSites() {
        Path rel = Path.of("bundles", "platform-demo", "src", "main", "resources", "demo", "sites.csv");
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(OneRosterGenerator.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: the working directory has to do
        }
        for (Path start : starts) {
            for (Path d = start; d != null; d = d.getParent()) {
                if (Files.isRegularFile(d.resolve(rel))) {
                    return d.resolve(rel);
                }
            }
        }
        throw new IllegalStateException("cannot find " + rel + " above " + starts
                + "; set -Dhomeroom.demoSites=/path/to/sites.csv");
    }

    static List<String> parseGrades(String spec) {
        List<String> out = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return out;
        }
        String[] p = spec.trim().split("-");
        int lo = gradeIndex(p[0]);
        int hi = p.length > 1 ? gradeIndex(p[1]) : lo;
        for (int g = lo; g <= hi; g++) {
            out.add(GRADE_CODES[g + 1]);
        }
        return out;
    }

    /** PK = -1, K/KG = 0, 1…12. */
    static int gradeIndex(String g) {
        String t = g.trim().toUpperCase();
        switch (t) {
            case "PK":
                return -1;
            case "K":
            case "KG":
                return 0;
            default:
                return Integer.parseInt(t);
        }
    }

    /**
     * Splits {@code n} students over (site, grade): each grade cohort (weighted, PK smaller) is shared by
     * the sites that offer the grade, in proportion to a random size factor per site. Largest remainder
     * rounding, so exactly {@code n} slots; then shuffled.
     */
    static Slot[] allocateStudents(Random rnd, List<Site> sites, int n) {
        double[] factor = new double[sites.size()];
        double[] sumByGrade = new double[GRADE_CODES.length];
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            if (s.grades.isEmpty()) {
                continue;
            }
            double kind = switch (s.kind) {
                case "alternative" -> 0.12;
                case "early-childhood" -> 5.0;
                default -> 1.0;
            };
            factor[i] = (0.6 + 0.8 * rnd.nextDouble()) * kind;
            for (String g : s.grades) {
                sumByGrade[gradeIndex(g) + 1] += factor[i];
            }
        }
        double totalWeight = 0;
        for (int g = 0; g < GRADE_CODES.length; g++) {
            if (sumByGrade[g] > 0) {
                totalWeight += GRADE_WEIGHT[g];
            }
        }
        if (n > 0 && totalWeight == 0) {
            throw new IllegalArgumentException("none of the chosen sites has grades, cannot place students");
        }
        List<Slot> cells = new ArrayList<>();
        List<Double> exact = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            Site s = sites.get(i);
            for (String g : s.grades) {
                int gi = gradeIndex(g) + 1;
                cells.add(new Slot(s.orgId, s.code, g));
                double noise = 0.9 + 0.2 * rnd.nextDouble(); // grades are never exactly even
                exact.add(n * (GRADE_WEIGHT[gi] / totalWeight) * (factor[i] / sumByGrade[gi]) * noise);
            }
        }
        double sum = 0;
        for (double e : exact) {
            sum += e;
        }
        for (int c = 0; c < exact.size() && sum > 0; c++) {
            exact.set(c, exact.get(c) * n / sum);
        }
        int[] count = new int[cells.size()];
        int assigned = 0;
        Integer[] order = new Integer[cells.size()];
        for (int c = 0; c < cells.size(); c++) {
            count[c] = (int) Math.floor(exact.get(c));
            assigned += count[c];
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> {
            int cmp = Double.compare(exact.get(b) - count[b], exact.get(a) - count[a]);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        for (int k = 0; assigned < n; k = (k + 1) % order.length) {
            count[order[k]]++;
            assigned++;
        }
        Slot[] slots = new Slot[n];
        int p = 0;
        Map<String, Site> byOrg = new HashMap<>();
        sites.forEach(s -> byOrg.put(s.orgId, s));
        for (int c = 0; c < cells.size(); c++) {
            byOrg.get(cells.get(c).orgId).students += count[c];
            for (int k = 0; k < count[c]; k++) {
                slots[p++] = cells.get(c);
            }
        }
        for (int i = slots.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Slot t = slots[i];
            slots[i] = slots[j];
            slots[j] = t;
        }
        return slots;
    }

    // ------------------------------------------------------------------------------------- households

    static final class Ctx {
        final Random rnd;
        final PhonePool phones;
        final boolean everyContact;
        final Set<String> emails = new HashSet<>(); // lower case; membership only (never iterated)
        final Set<String> usernames = new HashSet<>();
        int nextStudent = 100_001;
        int nextGuardian = 100_001;
        int nextStaff = 10_001;

        Ctx(Random rnd, PhonePool phones, Contacts contacts) {
            this.rnd = rnd;
            this.phones = phones;
            this.everyContact = contacts == Contacts.EVERY;
        }
    }

    static final class Household {
        final List<Student> students = new ArrayList<>();
        final List<Guardian> guardians = new ArrayList<>();
    }

    static final class Student {
        String id, username, given, family, middle, identifier, email;
        Slot slot;
        boolean male;
        LocalDate begin;
        final List<String> guardians = new ArrayList<>();
        String[] demographics;

        String[] userRow() {
            return new String[] {id, "", "", "true", slot.orgId, "student", username, "{SIS:" + identifier + "}", given,
                    family, middle, identifier, email, "", "", join(guardians), slot.grade, ""};
        }

        String[] enrollmentRow() {
            return new String[] {"enr-" + id + "-" + slot.siteCode + "-" + slot.grade, "", "", classId(slot.siteCode, slot.grade),
                    slot.orgId, id, "student", "", begin.toString(), YEAR_END.toString()};
        }
    }

    static final class Guardian {
        String id, role, username, given, family, middle, email = "", sms = "", phone = "", language;
        final List<String> students = new ArrayList<>();
        final List<String> orgs = new ArrayList<>();

        String[] userRow() {
            return new String[] {id, "", "", "true", join(orgs), role, username, "", given, family, middle, "", email, sms,
                    phone, join(students), "", ""};
        }
    }

    static final class Staff {
        String id, role, username, given, family, middle, identifier, email, phone;
        boolean enabled = true;
        final List<String> orgs = new ArrayList<>();
        final List<String> grades = new ArrayList<>();
        final List<String[]> enrollments = new ArrayList<>();

        String[] userRow() {
            return new String[] {id, "", "", String.valueOf(enabled), join(orgs), role, username,
                    "{SIS:" + identifier + "},{LDAP:" + username + "}", given, family, middle, identifier, email, "", phone, "",
                    join(grades), ""};
        }
    }

    static String classId(String siteCode, String grade) {
        return "class-" + siteCode + "-" + grade;
    }

    /** 1 + geometric: P(k+1 | k) = 1 - 1/mean, so the mean is {@code mean} (capped at 6 children). */
    static int householdSize(Random rnd, double mean) {
        double p = 1.0 / mean;
        int k = 1;
        while (k < 6 && rnd.nextDouble() >= p) {
            k++;
        }
        return k;
    }

    /** Mean {@code mean}, mostly floor/ceil of it, sometimes one more or one less; 1 to 5. */
    static int guardianCount(Random rnd, double mean) {
        int base = (int) Math.floor(mean);
        int g = base + (rnd.nextDouble() < mean - base ? 1 : 0);
        double r = rnd.nextDouble();
        if (r < 0.075) {
            g--;
        } else if (r < 0.15) {
            g++;
        }
        return Math.max(1, Math.min(5, g));
    }

    /**
     * One family: guardians and the students of {@code kids} (one per slot). {@code begin}: enrollment
     * start for all (null = school-year start, or a transfer date for a few).
     */
    static Household makeHousehold(Ctx c, List<Slot> kids, int guardianCount, LocalDate begin) {
        Random r = c.rnd;
        Origin o = Origin.pick(r, Origin.FAMILY_WEIGHTS);
        String lang = o.householdLanguage(r);
        boolean ascii = o == Origin.VIETNAMESE && r.nextDouble() < 0.4; // SIS entered without diacritics
        String f1 = o.family(r);
        boolean otherSurname = r.nextDouble() < (o == Origin.HISPANIC ? 0.45 : 0.25);
        String f2 = f1;
        if (otherSurname) {
            Origin o2 = r.nextDouble() < 0.15 ? Origin.pick(r, Origin.FAMILY_WEIGHTS) : o;
            for (int i = 0; i < 5 && f2.equals(f1); i++) {
                f2 = o2.family(r);
            }
        }
        String kidsName = f1;
        if (otherSurname && o == Origin.HISPANIC && r.nextDouble() < 0.35) {
            kidsName = f1 + " " + f2; // two surnames
        } else if (otherSurname && r.nextDouble() < 0.10) {
            kidsName = f1 + "-" + f2;
        }
        Household h = new Household();
        boolean firstFemale = r.nextDouble() < 0.62;
        long landline = r.nextDouble() < 0.33 ? c.phones.take() : -1;
        for (int gi = 0; gi < guardianCount; gi++) {
            Guardian g = new Guardian();
            g.id = "gdn-" + (c.nextGuardian++);
            boolean female = gi == 0 ? firstFemale : gi == 1 ? (r.nextDouble() < 0.96) != firstFemale : r.nextDouble() < 0.55;
            double rr = r.nextDouble();
            if (gi < 2) {
                g.role = rr < 0.80 ? "guardian" : rr < 0.97 ? "parent" : "relative";
            } else {
                g.role = rr < 0.60 ? "guardian" : rr < 0.70 ? "parent" : "relative";
            }
            g.given = o.given(r, female);
            g.middle = g.given.contains(" ") ? "" : o.middle(r, female, 0.3);
            g.family = gi == 0 ? f1 : gi == 1 ? f2 : o.family(r);
            if (!female && gi < 2 && (o == Origin.WHITE || o == Origin.BLACK) && r.nextDouble() < 0.01) {
                g.family = g.family + (r.nextBoolean() ? ", Jr." : " Jr.");
            }
            if (r.nextDouble() < 0.003) {
                String[] nick = female ? FEMALE_NICKNAMES : MALE_NICKNAMES;
                g.given = g.given + " \"" + nick[r.nextInt(nick.length)] + "\"";
            }
            if (ascii) {
                g.given = fold(g.given, true);
                g.family = fold(g.family, true);
                g.middle = fold(g.middle, true);
            }
            Guardian first = h.guardians.isEmpty() ? null : h.guardians.get(0);
            boolean shared = false;
            // the random draws come first so that the typical profile stays byte-identical
            if (r.nextDouble() < 0.80 || c.everyContact) {
                if (gi == 1 && !first.email.isEmpty() && r.nextDouble() < 0.05 && !c.everyContact) {
                    g.email = first.email; // one family address for both
                    shared = true;
                } else {
                    g.email = newEmail(c, g.given, g.family, null);
                }
            }
            if (r.nextDouble() < 0.90 || c.everyContact) {
                g.sms = gi == 1 && !first.sms.isEmpty() && r.nextDouble() < 0.03 && !c.everyContact ? first.sms
                        : formatMobile(r, c.phones.take());
            }
            if (c.everyContact) {
                g.phone = formatLandline(r, c.phones.take()); // an own second number (work, or a landline)
            } else if (landline >= 0 && r.nextDouble() < 0.9) {
                g.phone = formatLandline(r, landline);
            }
            g.username = !g.email.isEmpty() && !shared ? g.email.toLowerCase() : "parent" + g.id.substring(4);
            c.usernames.add(g.username);
            g.language = lang.equals("en") || r.nextDouble() >= 0.08 ? lang : "en";
            h.guardians.add(g);
        }
        List<String> guardianIds = new ArrayList<>();
        h.guardians.forEach(g -> guardianIds.add(g.id));
        boolean blended = kids.size() > 1 && guardianCount > 1 && r.nextDouble() < 0.08;
        for (int k = 0; k < kids.size(); k++) {
            List<String> links = guardianIds;
            if (blended && k > 0) {
                links = guardianIds.subList(0, guardianIds.size() - 1); // last guardian: first child only
            }
            Student s = makeStudent(c, o, kidsName, kids.get(k), links, begin, ascii);
            h.students.add(s);
            for (String gid : links) {
                Guardian g = h.guardians.get(guardianIds.indexOf(gid));
                g.students.add(s.id);
                if (!g.orgs.contains(s.slot.orgId)) {
                    g.orgs.add(s.slot.orgId);
                }
            }
        }
        return h;
    }

    static Student makeStudent(Ctx c, Origin o, String family, Slot slot, List<String> guardians, LocalDate begin,
            boolean ascii) {
        Random r = c.rnd;
        Student s = new Student();
        int n = c.nextStudent++;
        s.id = String.format("stu-%06d", n);
        s.identifier = String.valueOf(1_000_000 + (n * 7919L) % 9_000_000);
        s.male = r.nextDouble() < 0.51;
        s.given = o.given(r, !s.male);
        s.middle = s.given.contains(" ") ? "" : o.middle(r, !s.male, 0.5);
        s.family = family;
        if (ascii) {
            s.given = fold(s.given, true);
            s.middle = fold(s.middle, true);
            s.family = fold(s.family, true);
        }
        s.slot = slot;
        s.guardians.addAll(guardians);
        String initial = fold(s.given, false);
        s.username = uniqueUsername(c, (initial.isEmpty() ? "s" : initial.substring(0, 1)) + fold(s.family, false),
                s.identifier);
        int gi = gradeIndex(slot.grade);
        s.email = gi >= 3 ? s.username + "@" + STUDENT_DOMAIN : "";
        if (begin != null) {
            s.begin = begin;
        } else if (r.nextDouble() < 0.06) {
            s.begin = YEAR_START.plusDays(1 + r.nextInt(47)); // transfer, up to 30 September
        } else {
            s.begin = YEAR_START;
        }
        s.demographics = demographics(r, o, s, gi);
        return s;
    }

    private static String uniqueUsername(Ctx c, String base, String number) {
        String b = base.length() > 12 ? base.substring(0, 12) : base;
        String u = b + number.substring(number.length() - 4);
        for (int i = 2; !c.usernames.add(u); i++) {
            u = b + number.substring(number.length() - 4) + i;
        }
        return u;
    }

    /** Birth date consistent with the grade (age 5 on 1 September in KG, some a year older), race/ethnicity. */
    private static String[] demographics(Random r, Origin o, Student s, int gradeIndex) {
        int ageOnSept1 = 5 + gradeIndex + (r.nextDouble() < 0.04 ? 1 : 0);
        LocalDate latest = LocalDate.of(2025 - ageOnSept1, 9, 1);
        LocalDate birth = latest.minusDays(r.nextInt(365));
        boolean indian = false, asian = false, black = false, pacific = false, white = false, two = false, hispanic = false;
        double x = r.nextDouble();
        switch (o) {
            case HISPANIC -> {
                hispanic = true;
                if (x < 0.60) {
                    white = true;
                } else if (x < 0.65) {
                    indian = true;
                } else if (x < 0.68) {
                    black = true;
                } else if (x < 0.70) {
                    white = indian = two = true;
                } // else: no race reported, as is common for Hispanic students
            }
            case WHITE -> {
                white = true;
                if (x < 0.05) {
                    black = two = true;
                } else if (x < 0.08) {
                    indian = two = true;
                }
            }
            case BLACK -> {
                black = true;
                if (x < 0.07) {
                    white = two = true;
                }
            }
            case NATIVE -> {
                indian = true;
                if (x < 0.25) {
                    white = two = true;
                }
            }
            case VIETNAMESE, OTHER_ASIAN -> {
                asian = true;
                if (x < 0.02) {
                    pacific = true;
                    two = true;
                }
            }
            case ARAB -> white = true;
            case EAST_AFRICAN -> black = true;
        }
        String[] place = o.birthPlace(r);
        double y = r.nextDouble();
        String residence = y < 0.95 ? "01652" : y < 0.99 ? "01653" : "01654";
        return new String[] {s.id, "", "", birth.toString(), s.male ? "male" : "female", b(indian), b(asian), b(black),
                b(pacific), b(white), b(two), b(hispanic), place[0], place[1], place[2], residence};
    }

    private static String b(boolean v) {
        return v ? "true" : "false";
    }

    // ------------------------------------------------------------------------------------------ staff

    static List<Staff> makeStaff(Ctx c, List<Site> sites, List<Student> students, int total) {
        Random r = c.rnd;
        List<Site> schools = new ArrayList<>();
        List<Site> offices = new ArrayList<>();
        for (Site s : sites) {
            (s.grades.isEmpty() ? offices : schools).add(s);
        }
        int districtLevel = total >= 50 ? (int) Math.round(total * 0.01) : 0;
        int perOffice = total >= 50 ? (int) Math.round(total * 0.015) : 0;
        int rest = total - districtLevel - perOffice * offices.size();
        if (schools.isEmpty()) {
            districtLevel += Math.max(0, rest);
            rest = 0;
        }
        // staff per school ∝ its students (largest remainder)
        int[] perSchool = new int[schools.size()];
        long studentTotal = 0;
        for (Site s : schools) {
            studentTotal += s.students;
        }
        double[] exact = new double[schools.size()];
        int assigned = 0;
        for (int i = 0; i < schools.size(); i++) {
            exact[i] = studentTotal == 0 ? (double) rest / schools.size() : (double) rest * schools.get(i).students / studentTotal;
            perSchool[i] = (int) Math.floor(exact[i]);
            assigned += perSchool[i];
        }
        Integer[] order = new Integer[schools.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int cmp = Double.compare(exact[b] - perSchool[b], exact[a] - perSchool[a]);
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        for (int k = 0; assigned < rest; k = (k + 1) % order.length) {
            perSchool[order[k]]++;
            assigned++;
        }
        Set<String> primaryTaken = new HashSet<>();
        Set<String> staffEmails = new HashSet<>();
        List<Staff> out = new ArrayList<>(total);
        for (int i = 0; i < districtLevel; i++) {
            Staff s = newStaff(c, staffEmails, "administrator", DISTRICT_PHONE);
            s.orgs.add(DISTRICT_ID);
            out.add(s);
        }
        for (Site o : offices) {
            for (int i = 0; i < perOffice; i++) {
                Staff s = newStaff(c, staffEmails, "administrator", o.phone);
                s.orgs.add(o.orgId);
                out.add(s);
            }
        }
        for (int si = 0; si < schools.size(); si++) {
            Site site = schools.get(si);
            for (int i = 0; i < perSchool[si]; i++) {
                double x = r.nextDouble();
                String role = i == 0 ? "administrator" : x < 0.68 ? "teacher" : x < 0.88 ? "aide" : "administrator";
                Staff s = newStaff(c, staffEmails, role, site.phone);
                s.orgs.add(site.orgId);
                String grade = site.grades.get(r.nextInt(site.grades.size()));
                if (role.equals("teacher") && r.nextDouble() < 0.12) {
                    s.grades.addAll(site.grades); // specials: music, PE, art …
                } else if (!role.equals("administrator")) {
                    s.grades.add(grade);
                }
                enrol(s, site, role.equals("administrator") ? site.grades.get(0) : grade, primaryTaken);
                if (role.equals("teacher") && r.nextDouble() < 0.03) { // itinerant: a second school of the same kind
                    List<Site> same = new ArrayList<>();
                    for (Site other : schools) {
                        if (other != site && other.kind.equals(site.kind)) {
                            same.add(other);
                        }
                    }
                    if (!same.isEmpty()) {
                        Site second = same.get(r.nextInt(same.size()));
                        s.orgs.add(second.orgId);
                        enrol(s, second, second.grades.contains(grade) ? grade : second.grades.get(0), primaryTaken);
                    }
                }
                out.add(s);
            }
        }
        return out;
    }

    private static void enrol(Staff s, Site site, String grade, Set<String> primaryTaken) {
        String cls = classId(site.code, grade);
        String role = s.role.equals("administrator") ? "administrator" : "teacher";
        String primary = "";
        if (s.role.equals("teacher")) {
            primary = String.valueOf(primaryTaken.add(cls));
        } else if (s.role.equals("aide")) {
            primary = "false";
        }
        s.enrollments.add(new String[] {"enr-" + s.id + "-" + site.code + "-" + grade, "", "", cls, site.orgId, s.id, role,
                primary, YEAR_START.toString(), YEAR_END.toString()});
    }

    private static Staff newStaff(Ctx c, Set<String> staffEmails, String role, String phone) {
        Random r = c.rnd;
        Origin o = Origin.pick(r, Origin.STAFF_WEIGHTS);
        boolean female = r.nextDouble() < 0.72;
        Staff s = new Staff();
        int n = c.nextStaff++;
        s.id = "stf-" + n;
        s.identifier = "E" + (100_000 + (n * 7919L) % 900_000);
        s.role = role;
        s.given = o.given(r, female);
        s.middle = s.given.contains(" ") ? "" : o.middle(r, female, 0.25);
        s.family = o.family(r);
        String base = fold(s.given.split(" ")[0], false) + "." + fold(s.family, false);
        String local = base;
        for (int i = 2; !staffEmails.add(local); i++) {
            local = base + i;
        }
        s.username = local;
        c.usernames.add(local);
        s.email = local + "@" + STAFF_DOMAIN;
        s.phone = phone;
        s.enabled = r.nextDouble() >= 0.01;
        return s;
    }

    // -------------------------------------------------------------------------------- contact points

    /**
     * Fictional NANP numbers: 555-0100 … 555-0199 in every geographic-looking area code (N11, 555,
     * toll-free and premium codes left out), about 78,000 numbers, handed out in a seeded random order so
     * that no two households share one until the pool is exhausted. {@code lines} above 100 extends each
     * area code past the fictional range (see {@link Contacts#EVERY}).
     */
    static final class PhonePool {
        private final int[] areaCodes;
        private final int[] order;
        private final Set<Long> used = new HashSet<>();
        private final Random rnd;
        private int next;
        int reused;

        private final int lines;

        PhonePool(long seed, int lines) {
            this.lines = lines;
            List<Integer> codes = new ArrayList<>();
            Set<Integer> excluded = Set.of(555, 800, 833, 844, 855, 866, 877, 888, 900, 976);
            for (int ac = 200; ac <= 999; ac++) {
                if (ac % 100 != 11 && !excluded.contains(ac)) {
                    codes.add(ac);
                }
            }
            areaCodes = codes.stream().mapToInt(Integer::intValue).toArray();
            order = new int[areaCodes.length * lines];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            rnd = new Random(seed * 0x5DEECE66DL + 11);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }

        private long numberAt(int index) {
            return areaCodes[index / lines] * 10_000_000L + 5_550_100L + index % lines;
        }

        void markUsed(String formatted) {
            long n = normalize(formatted);
            if (n > 0) {
                used.add(n);
            }
        }

        /** A 10-digit number (area code + 555 01XX) not handed out before, or a reused one once all are. */
        long take() {
            while (next < order.length) {
                long n = numberAt(order[next++]);
                if (used.add(n)) {
                    return n;
                }
            }
            reused++;
            return numberAt(order[rnd.nextInt(order.length)]);
        }

        /** The 10 NANP digits of a formatted number, or -1. */
        static long normalize(String formatted) {
            if (formatted == null || formatted.isEmpty()) {
                return -1;
            }
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < formatted.length(); i++) {
                char ch = formatted.charAt(i);
                if (ch >= '0' && ch <= '9') {
                    d.append(ch);
                }
            }
            if (d.length() == 11 && d.charAt(0) == '1') {
                d.deleteCharAt(0);
            }
            return d.length() == 10 ? Long.parseLong(d.toString()) : -1;
        }
    }

    static String e164(long n) {
        return "+1" + n;
    }

    static String formatMobile(Random r, long n) {
        double x = r.nextDouble();
        return x < 0.90 ? e164(n) : x < 0.96 ? paren(n) : dashed(n);
    }

    static String formatLandline(Random r, long n) {
        double x = r.nextDouble();
        return x < 0.55 ? paren(n) : x < 0.85 ? dashed(n) : e164(n);
    }

    private static String paren(long n) {
        String s = Long.toString(n);
        return "(" + s.substring(0, 3) + ") " + s.substring(3, 6) + "-" + s.substring(6);
    }

    private static String dashed(long n) {
        String s = Long.toString(n);
        return s.substring(0, 3) + "-" + s.substring(3, 6) + "-" + s.substring(6);
    }

    private static final String[] MAIL_DOMAINS = {"example.com", "example.com", "example.com", "example.net", "example.net",
            "example.org", "mail.example", "mail.example", "correo.example", "correo.example"};

    /** A personal e-mail at a reserved domain, unique (case-insensitively), different from {@code old}. */
    static String newEmail(Ctx c, String given, String family, String old) {
        Random r = c.rnd;
        String f = fold(given.split("[ \"]")[0], false);
        String l = fold(family.split(",")[0], false);
        if (f.isEmpty()) {
            f = "familia";
        }
        if (l.isEmpty()) {
            l = "x";
        }
        boolean caps = r.nextDouble() < 0.08;
        String cf = caps ? capitalize(f) : f;
        String cl = caps ? capitalize(l) : l;
        String local = switch (r.nextInt(7)) {
            case 0 -> cf + "." + cl;
            case 1 -> cf + cl + (10 + r.nextInt(90));
            case 2 -> cf.charAt(0) + cl + (1000 + r.nextInt(9000));
            case 3 -> cl + cf;
            case 4 -> cf + "_" + cl + (70 + r.nextInt(30));
            case 5 -> cf + (100 + r.nextInt(900));
            default -> cf + "." + cl + (1 + r.nextInt(30));
        };
        String domain = MAIL_DOMAINS[r.nextInt(MAIL_DOMAINS.length)];
        String email = local + "@" + domain;
        while (!c.emails.add(email.toLowerCase()) || email.equalsIgnoreCase(old)) {
            email = local + r.nextInt(10) + "@" + domain;
            local = email.substring(0, email.indexOf('@'));
        }
        return email;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Strips diacritics. {@code keepCase}: keep letters, spaces, hyphens, apostrophes; else lower-case [a-z0-9]. */
    static String fold(String s, boolean keepCase) {
        if (s == null || s.isEmpty()) {
            return s;
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .replace("đ", "d").replace("Đ", "D").replace("ß", "ss").replace("ø", "o").replace("ł", "l");
        if (keepCase) {
            return d;
        }
        StringBuilder b = new StringBuilder();
        for (char ch : d.toLowerCase().toCharArray()) {
            if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
                b.append(ch);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------------------------------ names

    private static final String[] MALE_NICKNAMES = {"Chuy", "Beto", "Bobby", "Tony", "Manny", "Lalo", "Pancho", "Junior"};
    private static final String[] FEMALE_NICKNAMES = {"Lupita", "Nena", "Kiki", "Cookie", "Lulu", "Maggie"};

    enum Origin {
        HISPANIC(new String[] {"José", "Juan", "Luis", "Carlos", "Jesús", "Miguel", "Ángel", "Alejandro", "Diego", "Mateo",
                "Santiago", "Sebastián", "Emiliano", "Julián", "Adrián", "Andrés", "Héctor", "Raúl", "Ramón", "Rubén", "Óscar",
                "Iván", "Martín", "Fernando", "Jorge", "Eduardo", "Ricardo", "Francisco", "Javier", "Manuel", "Joaquín",
                "Tomás", "Nicolás", "Gael", "Leonardo", "Daniel", "Efraín", "Germán", "Juan Carlos", "José Luis",
                "Jesús Alberto", "Josué"},
                new String[] {"María", "Guadalupe", "Sofía", "Valentina", "Camila", "Ximena", "Lucía", "Isabella", "Mariana",
                        "Daniela", "Gabriela", "Verónica", "Mónica", "Inés", "Raquel", "Beatriz", "Leticia", "Rocío", "Yesenia",
                        "Araceli", "Noemí", "Anahí", "Itzel", "Natalia", "Renata", "Paola", "Alejandra", "Fernanda", "Carmen",
                        "Rosa", "Ana", "Elena", "Belén", "Dulce", "Jazmín", "Zoé", "Nayeli", "Citlali", "Maricela",
                        "María José", "María Fernanda", "María Guadalupe", "Ana Sofía", "Ángela"},
                new String[] {"García", "Hernández", "López", "Martínez", "González", "Rodríguez", "Pérez", "Sánchez",
                        "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Cruz", "Morales", "Ortiz",
                        "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Mendoza", "Vásquez", "Castillo", "Jiménez", "Moreno",
                        "Romero", "Álvarez", "Herrera", "Medina", "Aguilar", "Vargas", "Castro", "Muñoz", "Domínguez", "Peña",
                        "Ibáñez", "Núñez", "Delgado", "Salazar", "Guzmán", "Orozco", "Cortés", "Estrada", "Zúñiga", "Solís",
                        "Ávila", "Cervantes", "de la Cruz", "De León", "Ochoa", "Rosales", "Villaseñor", "Saldaña",
                        "Treviño", "Maldonado", "Espinoza"},
                new String[] {"Luis", "Alberto", "Antonio", "Manuel", "Ángel", "Eduardo", "David"},
                new String[] {"Guadalupe", "Isabel", "Elena", "del Carmen", "Fernanda", "Sofía", "Andrea"}),
        WHITE(new String[] {"James", "John", "Robert", "Michael", "William", "David", "Christopher", "Joshua", "Matthew",
                "Andrew", "Tyler", "Ryan", "Jacob", "Ethan", "Noah", "Liam", "Logan", "Carter", "Wyatt", "Hunter", "Cody",
                "Dustin", "Travis", "Brandon", "Austin", "Caleb", "Colton", "Bryce", "André", "Noël"},
                new String[] {"Jennifer", "Jessica", "Ashley", "Amanda", "Sarah", "Emily", "Megan", "Brittany", "Heather",
                        "Amber", "Kayla", "Hannah", "Madison", "Emma", "Olivia", "Ava", "Harper", "Avery", "Addison",
                        "Brooklyn", "Paisley", "Kinsley", "Chloe", "Zoë", "Renée", "Chloé"},
                new String[] {"Smith", "Johnson", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore",
                        "Martin", "Thompson", "White", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright",
                        "Scott", "Baker", "Nelson", "Carter", "Mitchell", "Campbell", "Roberts", "Phillips", "Evans", "Turner",
                        "Parker", "Collins", "Edwards", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper",
                        "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ward", "Gray", "Watson", "Sullivan", "O'Brien",
                        "O'Connor", "McAllister", "Müller", "Schröder", "Van Buren"},
                new String[] {"Lee", "James", "Ray", "Allen", "Wayne", "Michael", "Dean"},
                new String[] {"Marie", "Ann", "Lynn", "Grace", "Rose", "Elizabeth", "Nicole"}),
        BLACK(new String[] {"DeShawn", "Jamal", "Malik", "Darius", "Terrell", "Marcus", "Andre", "Jaylen", "Isaiah", "Elijah",
                "Jeremiah", "Xavier", "Cameron", "Kendrick", "Tyrone", "Dominic", "Jalen", "Josiah", "Micah", "Khalil",
                "Darnell", "Reginald", "Cedric", "Demetrius", "D'Andre"},
                new String[] {"Keisha", "Latoya", "Aaliyah", "Imani", "Jasmine", "Destiny", "Ebony", "Tiana", "Nia", "Kiara",
                        "Aniyah", "Zariah", "Janae", "Tamika", "Monique", "Dominique", "Brianna", "Jada", "Amari", "Kennedy",
                        "Layla", "Nevaeh", "Raven", "Ja'Nya"},
                new String[] {"Washington", "Jefferson", "Jackson", "Johnson", "Williams", "Brown", "Jones", "Davis",
                        "Harris", "Robinson", "Walker", "Thomas", "Green", "Lewis", "Coleman", "Jenkins", "Brooks", "Bell",
                        "Simmons", "Butler", "Franklin", "Bryant", "Freeman", "Hayes", "Gaines", "Dixon", "Mosley", "Banks",
                        "Booker", "Okafor", "Adeyemi", "Mensah"},
                new String[] {"Lamar", "Antoine", "DeWayne", "Maurice", "Jerome", "Earl"},
                new String[] {"Renee", "Monique", "Denise", "Simone", "Nicole", "Marie"}),
        NATIVE(new String[] {"Cody", "Dakota", "Levi", "Wesley", "Joseph", "Tanner", "Kaden", "Takoda", "Chayton", "Koda",
                "Elijah", "Tyler"},
                new String[] {"Ayasha", "Aiyana", "Tallulah", "Winona", "Cheyenne", "Savannah", "Skye", "Halona", "Kaya",
                        "Shawnee", "Raelynn"},
                new String[] {"Whitehorse", "Tsosie", "Harjo", "Yahola", "Chupco", "Littlebear", "Deere", "Bighorse",
                        "Sixkiller", "Wildcat", "Tiger", "Fixico", "Bearpaw", "Hummingbird", "Goingsnake", "Redcorn",
                        "Tallchief", "Ahhaitty", "Begay", "Yazzie", "Youngbird", "Wolfe", "Mankiller"},
                new String[] {"Lee", "Ray", "Wade", "James"},
                new String[] {"Dawn", "Rose", "Marie", "Lynn"}),
        VIETNAMESE(new String[] {"Minh", "Huy", "Quang", "Đức", "Tuấn", "Khoa", "Bảo", "Long", "Phúc", "Hoàng", "Nam", "Thành",
                "Việt", "Khang", "Dũng"},
                new String[] {"Linh", "Thảo", "Anh", "Phương", "Ngọc", "Trang", "Hương", "Mai", "Vy", "Hạnh", "Thu", "Lan",
                        "Nhi", "Quỳnh", "Trâm"},
                new String[] {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                        "Ngô", "Dương", "Lý"},
                new String[] {"Văn", "Văn", "Minh", "Đức", "Quốc"},
                new String[] {"Thị", "Thị", "Ngọc", "Thanh", "Kim"}),
        ARAB(new String[] {"Ahmed", "Mohammed", "Omar", "Ali", "Yusuf", "Ibrahim", "Khalid", "Hassan", "Mustafa", "Karim",
                "Tariq", "Sami", "Zayd", "Adam"},
                new String[] {"Fatima", "Aisha", "Layla", "Mariam", "Noor", "Amira", "Zainab", "Huda", "Rania", "Salma",
                        "Yasmin", "Hana", "Lina", "Reem"},
                new String[] {"Al-Sayed", "Haddad", "Nasser", "Mansour", "Khalil", "Hamdan", "Abdullah", "Saleh", "Al-Amin",
                        "Darwish", "Jaber", "Karam", "Qasim", "Al-Rawi", "Aziz", "El-Khoury"},
                new String[] {"Abdul", "Hassan", "Ali"},
                new String[] {"Noor", "Amal", "Huda"}),
        EAST_AFRICAN(new String[] {"Baraka", "Juma", "Amani", "Jabari", "Emmanuel", "Jean-Pierre", "Patrick", "Innocent",
                "Didier", "Olivier", "Éric", "Faraji"},
                new String[] {"Neema", "Imani", "Zawadi", "Rehema", "Furaha", "Esther", "Aline", "Béatrice", "Chantal",
                        "Grâce", "Josiane", "Amina"},
                new String[] {"Mwangi", "Mutombo", "Niyonzima", "Uwimana", "Habimana", "Kabila", "Mukendi", "Ilunga",
                        "Kasongo", "Bahati", "Mbuyi", "Nshimiyimana", "Ndayisenga", "Tshimanga"},
                new String[] {"Claude", "Joseph", "Pierre"},
                new String[] {"Marie", "Claire", "Grâce"}),
        OTHER_ASIAN(new String[] {"Ji-ho", "Min-jun", "Arjun", "Rohan", "Wei", "Jun", "Aung", "Kyaw", "Kenji", "Ravi"},
                new String[] {"Seo-yeon", "Ji-woo", "Priya", "Ananya", "Mei", "Xiu", "Hnin", "Thandar", "Yuki", "Deepa"},
                new String[] {"Kim", "Park", "Lee", "Choi", "Patel", "Shah", "Singh", "Chen", "Wang", "Zhang", "Htun", "Win",
                        "Tanaka"},
                new String[] {"Kumar", "Min"},
                new String[] {"Kumari", "Mei"});

        /** Families: OKC-like mix, about half Hispanic. */
        static final double[] FAMILY_WEIGHTS = {0.52, 0.18, 0.19, 0.05, 0.025, 0.015, 0.01, 0.01};
        static final double[] STAFF_WEIGHTS = {0.20, 0.55, 0.15, 0.05, 0.02, 0.01, 0.005, 0.015};

        private final String[] male, female, family, maleMiddle, femaleMiddle;

        Origin(String[] male, String[] female, String[] family, String[] maleMiddle, String[] femaleMiddle) {
            this.male = male;
            this.female = female;
            this.family = family;
            this.maleMiddle = maleMiddle;
            this.femaleMiddle = femaleMiddle;
        }

        static Origin pick(Random r, double[] weights) {
            double x = r.nextDouble();
            Origin[] all = values();
            for (int i = 0; i < all.length - 1; i++) {
                x -= weights[i];
                if (x < 0) {
                    return all[i];
                }
            }
            return all[all.length - 1];
        }

        String given(Random r, boolean isFemale) {
            String[] list = isFemale ? female : male;
            return list[r.nextInt(list.length)];
        }

        String middle(Random r, boolean isFemale, double p) {
            double pp = this == VIETNAMESE ? Math.max(p, 0.7) : p;
            if (r.nextDouble() >= pp) {
                return "";
            }
            String[] list = isFemale ? femaleMiddle : maleMiddle;
            return list[r.nextInt(list.length)];
        }

        String family(Random r) {
            return family[r.nextInt(family.length)];
        }

        String householdLanguage(Random r) {
            double x = r.nextDouble();
            return switch (this) {
                case HISPANIC -> x < 0.74 ? "es" : "en";
                case VIETNAMESE -> x < 0.60 ? "vi" : "en";
                case ARAB -> x < 0.70 ? "ar" : "en";
                case EAST_AFRICAN -> x < 0.70 ? "sw" : "en";
                default -> "en";
            };
        }

        /** {country, state, city}: mostly Oklahoma, some abroad depending on the family's origin. */
        String[] birthPlace(Random r) {
            double abroad = switch (this) {
                case HISPANIC -> 0.12;
                case VIETNAMESE -> 0.25;
                case ARAB -> 0.45;
                case EAST_AFRICAN -> 0.55;
                case OTHER_ASIAN -> 0.30;
                default -> 0.0;
            };
            if (r.nextDouble() < abroad) {
                String[][] places = switch (this) {
                    case HISPANIC -> new String[][] {{"MX", "Ciudad de México"}, {"MX", "Guadalajara"}, {"MX", "Monterrey"},
                            {"MX", "Chihuahua"}, {"MX", "Morelia"}, {"MX", "San Luis Potosí"}, {"MX", "Querétaro"},
                            {"MX", "León"}, {"GT", "Ciudad de Guatemala"}, {"GT", "Huehuetenango"}, {"SV", "San Salvador"},
                            {"HN", "San Pedro Sula"}, {"HN", "Tegucigalpa"}};
                    case VIETNAMESE -> new String[][] {{"VN", "Hà Nội"}, {"VN", "Thành phố Hồ Chí Minh"}, {"VN", "Đà Nẵng"},
                            {"VN", "Huế"}, {"VN", "Cần Thơ"}};
                    case ARAB -> new String[][] {{"IQ", "Baghdad"}, {"IQ", "Mosul"}, {"SY", "Damascus"}, {"SY", "Aleppo"},
                            {"YE", "Sana'a"}, {"AF", "Kabul"}};
                    case EAST_AFRICAN -> new String[][] {{"CD", "Kinshasa"}, {"CD", "Bukavu"}, {"CD", "Goma"},
                            {"TZ", "Kigoma"}, {"RW", "Kigali"}, {"KE", "Nairobi"}};
                    default -> new String[][] {{"KR", "Seoul"}, {"IN", "Ahmedabad"}, {"CN", "Guangzhou"}, {"MM", "Hakha"}};
                };
                String[] p = places[r.nextInt(places.length)];
                return new String[] {p[0], "", r.nextDouble() < 0.15 ? "" : p[1]};
            }
            double x = r.nextDouble();
            String[] p;
            if (x < 0.82) {
                String[] ok = {"Oklahoma City", "Oklahoma City", "Oklahoma City", "Oklahoma City", "Tulsa", "Norman", "Edmond",
                        "Moore", "Midwest City", "Del City", "Lawton", "Yukon"};
                p = new String[] {"OK", ok[r.nextInt(ok.length)]};
            } else {
                String[][] other = {{"TX", "Dallas"}, {"TX", "Houston"}, {"TX", "San Antonio"}, {"TX", "Amarillo"},
                        {"KS", "Wichita"}, {"CA", "Los Angeles"}, {"AR", "Fort Smith"}, {"MO", "Kansas City"}};
                p = other[r.nextInt(other.length)];
            }
            return new String[] {"US", p[0], r.nextDouble() < 0.15 ? "" : p[1]};
        }
    }

    // -------------------------------------------------------------------------------------------- CSV

    /** RFC 4180 writer: UTF-8 (no BOM), CRLF, quotes only fields with a comma, quote, CR or LF. */
    static final class Csv implements Closeable {
        private final BufferedWriter out;
        private final int width;
        private final StringBuilder line = new StringBuilder(256);
        int rows;

        Csv(Path file, List<String> header) throws IOException {
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            width = header.size();
            write(header.toArray(new String[0]));
        }

        void row(String... fields) throws IOException {
            if (fields.length != width) {
                throw new IllegalArgumentException("row has " + fields.length + " fields, header " + width + ": "
                        + String.join("|", fields));
            }
            write(fields);
            rows++;
        }

        private void write(String[] fields) throws IOException {
            line.setLength(0);
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                String f = fields[i] == null ? "" : fields[i];
                if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                    line.append('"').append(f.replace("\"", "\"\"")).append('"');
                } else {
                    line.append(f);
                }
            }
            line.append("\r\n");
            out.write(line.toString());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads a CSV written by {@link Csv}; checks the header and returns the data rows. */
    static List<String[]> readCsv(Path file, List<String> header) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String[]> rows = parseCsv(text);
        if (rows.isEmpty() || !Arrays.asList(rows.get(0)).equals(header)) {
            throw new IllegalStateException(file + ": unexpected header " + (rows.isEmpty() ? "(empty)" : String.join(",", rows.get(0))));
        }
        return new ArrayList<>(rows.subList(1, rows.size()));
    }

    /** RFC 4180 parser (quoted fields, doubled quotes, CRLF or LF). */
    static List<String[]> parseCsv(String text) {
        List<String[]> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false, any = false;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < n && text.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
                any = true;
            } else if (ch == ',') {
                fields.add(f.toString());
                f.setLength(0);
                any = true;
            } else if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (any || f.length() > 0) {
                    fields.add(f.toString());
                    rows.add(fields.toArray(new String[0]));
                }
                fields.clear();
                f.setLength(0);
                any = false;
            } else {
                f.append(ch);
                any = true;
            }
        }
        if (any || f.length() > 0) {
            fields.add(f.toString());
            rows.add(fields.toArray(new String[0]));
        }
        return rows;
    }

    static String join(List<String> values) {
        return String.join(",", values);
    }

    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        if (list == null || list.isEmpty()) {
            return out;
        }
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static List<String> append(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
        return list;
    }
}
