package org.homeroom.directory.internal;

import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.homeroom.directory.api.AudienceQuery;
import org.homeroom.directory.api.ImportReport;
import org.homeroom.directory.api.PeopleQuery;
import org.homeroom.directory.api.Person;
import org.homeroom.directory.api.PersonDetail;
import org.homeroom.directory.api.Recipient;
import org.homeroom.directory.testdata.OneRosterGenerator;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteDraft;
import org.homeroom.platform.api.sites.SiteQuery;
import org.homeroom.platform.api.sites.SiteService;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Imports never silently disable families: every way a real SIS export goes wrong (a header-only
 * users.csv, a file saved as Windows-1252, a CSV error half-way, a delta, school identifiers that do not
 * match, one bad field), on sets made as the OneRoster 1.1 CSV spec describes them
 * ({@link OneRosterGenerator}, and hand-written rows in the spec's column order).
 */
public class OneRosterImportTest {

    static final CurrentUser CLERK = new CurrentUser("clerk", Set.of("comms"));
    static final CurrentUser PRINCIPAL = new CurrentUser("principal", Set.of("site-staff", "site:E01"));
    static final PageRequest ALL = new PageRequest(0, 500);

    /** Every code of the demo district is a site; X99 is not; C01 is archived. */
    static final SiteService SITES = new SiteService() {
        @Override public Optional<Site> find(String code) {
            return code.matches("[A-Z]\\d\\d") && !"X99".equals(code) ? Optional.of(new Site(code, "Site " + code, "elementary", null, null, null,
                    "PK-5", List.of("en"), "C01".equals(code), Instant.EPOCH, Instant.EPOCH)) : Optional.empty();
        }
        @Override public Page<Site> list(SiteQuery query, PageRequest page) { throw new UnsupportedOperationException(); }
        @Override public Site create(SiteDraft draft, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public Site update(String code, SiteDraft draft, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public Site archive(String code, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public long count() { return 70; }
    };

    static final String MANIFEST = "propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.1\r\nfile.academicSessions,absent\r\n"
            + "file.categories,absent\r\nfile.classes,absent\r\nfile.classResources,absent\r\nfile.courses,absent\r\nfile.courseResources,absent\r\n"
            + "file.demographics,absent\r\nfile.enrollments,%s\r\nfile.lineItems,absent\r\nfile.orgs,%s\r\nfile.resources,absent\r\n"
            + "file.results,absent\r\nfile.users,%s\r\nsource.systemName,Test SIS\r\nsource.systemCode,test\r\n";
    static final String ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\r\n"
            + "district,,,Homeroom Public Schools,district,,\r\n"
            + "org-e01,,,Bluestem Elementary,school,E01,district\r\n"
            + "org-e02,,,Spruce Elementary,school,E02,district\r\n"
            + "dept-e01-sped,,,Bluestem Special Education,department,,org-e01\r\n"
            + "dept-transport,,,Transportation,department,,district\r\n";
    static final String USERS = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
            + "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\r\n";

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private TestDatabase database;
    private JdbcDirectory directory;

    @Before
    public void setUp() {
        database = new TestDatabase();
        directory = new JdbcDirectory(database, new RecordingAuditLog(), SITES, clock, 5.0);
    }

    private Path set(String usersMode, String users) throws IOException {
        Path dir = temp.newFolder().toPath();
        Files.writeString(dir.resolve("manifest.csv"), String.format(MANIFEST, "absent", "bulk", usersMode), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("orgs.csv"), ORGS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users.csv"), USERS + users, StandardCharsets.UTF_8);
        return dir;
    }

    private Path generated(long seed) {
        Path dir = temp.getRoot().toPath().resolve("district-" + seed + "-" + System.nanoTime());
        OneRosterGenerator.write(dir, OneRosterGenerator.Sizes.small(), seed);
        return dir;
    }

    private long active() {
        return directory.people(new PeopleQuery(null, null, null, true), new PageRequest(0, 1), CLERK).total();
    }

    private int emergencyReach(String site) {
        List<Recipient> reached = new ArrayList<>();
        directory.audience(new AudienceQuery("families", site == null ? null : List.of(site), null, null, "emergency"), reached::add);
        return reached.size();
    }

    @Test
    public void aHeaderOnlyUsersFileIsHeldAndACorrectFileReactivatesWhoeverItDeactivated() throws IOException {
        Path good = generated(7);
        ImportReport first = directory.importOneRoster(good, CLERK);
        assertEquals(ImportReport.APPLIED, first.state());
        assertEquals("bulk", first.files().get("users"));
        assertEquals("absent", first.files().get("classes"));
        long everyone = active();
        assertTrue(everyone > 300);
        int reach = emergencyReach(null);
        assertTrue(reach > 100);

        Path bad = generated(7);
        Files.writeString(bad.resolve("users.csv"), String.join(",", OneRosterGenerator.USERS_HEADER) + "\r\n", StandardCharsets.UTF_8);
        ImportReport held = directory.importOneRoster(bad, CLERK);
        assertEquals(ImportReport.HELD, held.state());
        assertEquals(everyone, held.deactivated());
        assertEquals(everyone, held.activeBefore());
        assertTrue(held.reason(), held.reason().contains("(100.0 %)") && held.reason().contains("more than the 5 %"));
        // the counts per school a person reads before confirming
        assertTrue(held.schools().stream().filter(s -> s.site() != null).allMatch(s -> s.activeAfter() == 0 && s.deactivated() == s.activeBefore()));
        assertEquals(everyone, held.schools().stream().mapToInt(ImportReport.SchoolCount::activeBefore).sum());
        assertEquals(held, directory.importReport(held.id()));
        assertEquals(everyone, active()); // nothing changed
        assertEquals(reach, emergencyReach(null));
        assertEquals(List.of(held.id()), directory.imports("held", ALL).items().stream().map(ImportReport::id).toList());

        // someone confirms it anyway: everyone leaves; the next correct file brings them all back
        ImportReport confirmed = directory.confirmImport(held.id(), CLERK);
        assertEquals(ImportReport.CONFIRMED, confirmed.state());
        assertEquals(0, active());
        assertEquals(0, emergencyReach(null));
        ImportReport again = directory.importOneRoster(generated(7), CLERK);
        assertEquals(ImportReport.APPLIED, again.state());
        assertEquals(everyone, again.reactivated());
        assertEquals(0, again.created());
        assertEquals(everyone, active());
        assertEquals(reach, emergencyReach(null));
        assertEquals(List.of(again.id(), confirmed.id(), first.id()), directory.imports(null, ALL).items().stream()
                .filter(r -> !"refused".equals(r.state())).map(ImportReport::id).toList());
    }

    @Test
    public void aFileSavedAsWindows1252IsRefusedNamingTheFileLineAndByteAndChangesNothing() throws IOException {
        Path dir = generated(11);
        String users = Files.readString(dir.resolve("users.csv"), StandardCharsets.UTF_8);
        byte[] cp1252 = users.getBytes(Charset.forName("windows-1252"));
        Files.write(dir.resolve("users.csv"), cp1252);
        int at = 0;
        while ((cp1252[at] & 0xFF) < 0x80) {
            at++;
        }
        int line = 0; // lines before the first byte that is not ASCII (José, Peña …)
        for (int i = 0; i < at; i++) {
            line += cp1252[i] == '\n' ? 1 : 0;
        }
        String hex = String.format("0x%02X", cp1252[at] & 0xFF);

        ImportReport refused = directory.importOneRoster(dir, CLERK);
        assertEquals(ImportReport.REFUSED, refused.state());
        ImportReport.RowError why = refused.refusals().get(0);
        assertEquals("users.csv", why.file());
        assertEquals(line + 1, why.line());
        assertTrue(why.message(), why.message().contains("line " + (line + 1)) && why.message().contains(hex) && why.message().contains("UTF-8"));
        assertEquals(0, refused.created());
        assertEquals(0, active());
        assertEquals(ImportReport.REFUSED, directory.importReport(refused.id()).state());
        assertEquals(1, directory.imports("refused", ALL).total());
        assertEquals(409, problem(() -> directory.confirmImport(refused.id(), CLERK)).status());
    }

    @Test
    public void aByteOrderMarkIsAccepted() throws IOException {
        Path plain = generated(3);
        Path bom = generated(3);
        for (String name : List.of("manifest.csv", "orgs.csv", "users.csv", "enrollments.csv", "homeroom_languages.csv")) {
            byte[] content = Files.readAllBytes(bom.resolve(name));
            byte[] marked = new byte[content.length + 3];
            marked[0] = (byte) 0xEF;
            marked[1] = (byte) 0xBB;
            marked[2] = (byte) 0xBF;
            System.arraycopy(content, 0, marked, 3, content.length);
            Files.write(bom.resolve(name), marked);
        }
        ImportReport report = directory.importOneRoster(bom, CLERK);
        assertEquals(report.refusals().toString(), ImportReport.APPLIED, report.state());
        assertTrue(report.created() > 300);
        assertEquals(report.created(), directory.importOneRoster(plain, CLERK).unchanged());
    }

    @Test
    public void aCsvErrorHalfWayRefusesTheWholeSet() throws IOException {
        Path good = generated(5);
        directory.importOneRoster(good, CLERK);
        long everyone = active();
        Path broken = generated(5);
        List<String> lines = new ArrayList<>(Files.readAllLines(broken.resolve("users.csv")));
        int middle = lines.size() / 2;
        lines.set(middle, lines.get(middle).replaceFirst(",", ",\"unterminated ")); // a quote opened and never closed
        Files.write(broken.resolve("users.csv"), lines);
        ImportReport refused = directory.importOneRoster(broken, CLERK);
        assertEquals(ImportReport.REFUSED, refused.state());
        assertEquals("users.csv", refused.refusals().get(0).file());
        assertTrue(refused.refusals().toString(), refused.refusals().get(0).line() >= middle);
        assertEquals(everyone, active());
        assertEquals(0, refused.deactivated());
    }

    @Test
    public void aDeltaChangesOnlyItsRowsAndNeverDeactivatesAnyoneForBeingAbsent() throws IOException {
        directory.importOneRoster(set("bulk", String.join("\r\n",
                "s-1,,,true,org-e01,student,,,Ana,Peña,,,,,,g-1,03,",
                "s-2,,,true,org-e02,student,,,Luis,Peña,,,,,,g-1,KG,",
                "g-1,,,true,org-e01,guardian,,,María,Peña,,,maria@example.org,(405) 555-0123,,\"s-1,s-2\",,",
                "t-1,,,true,org-e01,teacher,,,Grace,Hopper,,,ghopper@district.example,,,,,", "")), CLERK);
        assertEquals(4, active());
        // a delta without orgs.csv: María has a new number, the teacher left; nobody else is in the file
        Path delta = temp.newFolder().toPath();
        Files.writeString(delta.resolve("manifest.csv"), String.format(MANIFEST, "absent", "absent", "delta"), StandardCharsets.UTF_8);
        Files.writeString(delta.resolve("users.csv"), USERS
                + "g-1,active,2026-11-24T02:00:00.000Z,true,org-e01,guardian,,,María,Peña,,,maria@example.org,405-555-0177,,\"s-1,s-2\",,\r\n"
                + "t-1,tobedeleted,2026-11-24T02:00:00.000Z,true,org-e01,teacher,,,Grace,Hopper,,,,,,,,\r\n", StandardCharsets.UTF_8);
        // the hold applies to deltas too (1 of 4 leaving is more than 5 %): this district allows 50 %
        JdbcDirectory lenient = new JdbcDirectory(database, new RecordingAuditLog(), SITES, clock, 50.0);
        ImportReport report = lenient.importOneRoster(delta, CLERK);
        assertEquals(report.reason(), ImportReport.APPLIED, report.state());
        assertEquals("delta", report.files().get("users"));
        assertEquals(2, report.updated());
        assertEquals(1, report.deactivated());
        assertEquals(3, active());
        assertTrue(directory.person("s-1", CLERK).person().active());
        assertFalse(directory.person("t-1", CLERK).person().active());
        PersonDetail maria = directory.person("g-1", CLERK);
        assertEquals("E01", maria.person().siteCode()); // org-e01 from the orgs stored by the bulk import
        assertEquals(List.of("s-1", "s-2"), maria.linked().stream().map(Person::sourcedId).toList());
        assertTrue(maria.contacts().stream().anyMatch(c -> c.value().equals("+14055550177")));
    }

    @Test
    public void oneBadFieldDropsThatFieldWithAWarningNotThePerson() throws IOException {
        ImportReport report = directory.importOneRoster(set("bulk", String.join("\r\n",
                "s-1,,,true,org-e01,student,,,Ana,Peña,,,ana@@school,,,g-1,Other,",
                "s-2,,,true,org-e01,student,,,Eva,Sola,,,,,,,14,",
                "g-1,,,true,org-e01,guardian,,,María,Peña,,,maria@example.org,+52 1 55 1234 5678,405-555-0123 x204,s-1,,",
                "g-2,,,true,org-e01,parent,,,José,Peña,,,jose@example,405.555.0124,(405) 555-0199 ext. 3,s-1,,", "")), CLERK);
        assertEquals(ImportReport.APPLIED, report.state());
        assertEquals(4, report.created());
        assertEquals(List.of(), report.errors());
        assertEquals(report.warnings().toString(), 6, report.warnings().size());
        assertTrue(report.warnings().stream().anyMatch(w -> "g-1".equals(w.sourcedId()) && w.message().contains("+52")
                && w.message().contains("not a US phone number")));
        assertTrue(report.warnings().stream().anyMatch(w -> "g-1".equals(w.sourcedId()) && w.message().contains("extension")));
        assertTrue(report.warnings().stream().anyMatch(w -> "g-2".equals(w.sourcedId()) && w.message().contains("jose@example")));
        assertTrue(report.warnings().stream().anyMatch(w -> "s-2".equals(w.sourcedId()) && w.message().contains("grade 14")));
        assertEquals("Other", directory.person("s-1", CLERK).person().grade()); // the spec allows it
        assertNull(directory.person("s-2", CLERK).person().grade());
        assertEquals(List.of("maria@example.org"), directory.person("g-1", CLERK).contacts().stream().map(c -> c.value()).toList());
        assertEquals(List.of("+14055550124"), directory.person("g-2", CLERK).contacts().stream().map(c -> c.value()).toList());
    }

    @Test
    public void departmentsBelongToTheirSchoolAndAnUnmatchedSchoolsPeopleAreKeptAsTheyAre() throws IOException {
        directory.importOneRoster(set("bulk", String.join("\r\n",
                "s-1,,,true,org-e02,student,,,Luis,Peña,,,,,,,KG,",
                "t-1,,,true,dept-e01-sped,teacher,,,Grace,Hopper,,,ghopper@district.example,,,,,",
                "t-2,,,true,dept-transport,administrator,,,Ada,Lovelace,,,ada@district.example,,,,,",
                "t-3,,,true,district,administrator,,,Alan,Turing,,,alan@district.example,,,,,",
                "t-4,,,true,org-e02,teacher,,,Edsger,Dijkstra,,,edsger@district.example,,,,,", "")), CLERK);
        assertEquals("E01", directory.person("t-1", CLERK).person().siteCode()); // a school's department
        assertNull(directory.person("t-2", CLERK).person().siteCode()); // a district department: no one site
        assertNull(directory.person("t-3", CLERK).person().siteCode());

        // the SIS changed E02's identifier: its people are listed, kept as they are, and nobody is deactivated
        Path renamed = set("bulk", String.join("\r\n",
                "s-1,,,true,org-e02,student,,,Luis,Peña,,,,,,,KG,",
                "t-1,,,true,dept-e01-sped,teacher,,,Grace,Hopper,,,ghopper@district.example,,,,,",
                "t-2,,,true,dept-transport,administrator,,,Ada,Lovelace,,,ada@district.example,,,,,",
                "t-3,,,true,district,administrator,,,Alan,Turing,,,alan@district.example,,,,,",
                "t-4,,,true,org-e02,teacher,,,Edsger,Dijkstra,,,edsger.new@district.example,,,,,", ""));
        Files.writeString(renamed.resolve("orgs.csv"), ORGS.replace("school,E02,", "school,SPRUCE,"), StandardCharsets.UTF_8);
        ImportReport report = directory.importOneRoster(renamed, CLERK);
        assertEquals(ImportReport.APPLIED, report.state());
        assertEquals(0, report.deactivated());
        ImportReport.RowError org = report.errors().stream().filter(e -> "orgs.csv".equals(e.file())).findFirst().orElseThrow();
        assertEquals("org-e02", org.sourcedId());
        assertTrue(org.message(), org.message().contains("identifier SPRUCE") && org.message().contains("set the org's identifier to the site's code"));
        assertEquals(Set.of("s-1", "t-4"), report.errors().stream().filter(e -> "users.csv".equals(e.file())).map(ImportReport.RowError::sourcedId)
                .collect(java.util.stream.Collectors.toSet()));
        assertEquals("E02", directory.person("t-4", CLERK).person().siteCode());
        assertTrue(directory.person("s-1", CLERK).person().active());

        Path badType = set("bulk", "");
        Files.writeString(badType.resolve("orgs.csv"), ORGS + "x-1,,,Somewhere,campus,E09,district\r\n", StandardCharsets.UTF_8);
        assertTrue(directory.importOneRoster(badType, CLERK).errors().stream().anyMatch(e -> "x-1".equals(e.sourcedId())
                && e.message().contains("department, school, district, local, state, national")));
    }

    @Test
    public void theManifestIsReadAndASetItDoesNotDescribeIsRefused() throws IOException {
        Path v12 = set("bulk", "");
        Files.writeString(v12.resolve("manifest.csv"), String.format(MANIFEST, "absent", "bulk", "bulk").replace("1.1", "1.2"));
        ImportReport refused = directory.importOneRoster(v12, CLERK);
        assertEquals(ImportReport.REFUSED, refused.state());
        assertTrue(refused.reason(), refused.reason().contains("OneRoster 1.1"));

        Path missing = set("bulk", "");
        Files.writeString(missing.resolve("manifest.csv"), String.format(MANIFEST, "bulk", "bulk", "bulk"));
        ImportReport noEnrollments = directory.importOneRoster(missing, CLERK);
        assertEquals(ImportReport.REFUSED, noEnrollments.state());
        assertEquals("enrollments.csv", noEnrollments.refusals().get(0).file());

        Path badMode = set("full", "");
        assertTrue(directory.importOneRoster(badMode, CLERK).refusals().get(0).message().contains("bulk, delta or absent"));

        Path noColumns = set("bulk", "");
        Files.writeString(noColumns.resolve("users.csv"), "sourcedId,givenName\r\nx,y\r\n");
        ImportReport columns = directory.importOneRoster(noColumns, CLERK);
        assertEquals(ImportReport.REFUSED, columns.state());
        assertTrue(columns.refusals().get(0).message().contains("missing the columns status, orgSourcedIds"));
        assertEquals(0, active());
    }

    @Test
    public void aHoldGoesStaleWhenAnotherImportIsAppliedAndTheShareIsConfigurable() throws IOException {
        String ana = "s-1,,,true,org-e01,student,,,Ana,Peña,,,,,,,03,";
        String luis = "s-2,,,true,org-e02,student,,,Luis,Peña,,,,,,,KG,";
        String eva = "s-3,,,true,org-e01,student,,,Eva,Sola,,,,,,,04,";
        directory.importOneRoster(set("bulk", String.join("\r\n", ana, luis, eva, "")), CLERK);
        ImportReport held = directory.importOneRoster(set("bulk", String.join("\r\n", ana, luis, "")), CLERK); // 1 of 3 > 5 %
        assertEquals(ImportReport.HELD, held.state());
        assertEquals(ImportReport.APPLIED, directory.importOneRoster(set("bulk", String.join("\r\n", ana, luis, eva, "")), CLERK).state());
        var stale = problem(() -> directory.confirmImport(held.id(), CLERK));
        assertEquals(409, stale.status());
        assertTrue(stale.getMessage(), stale.getMessage().contains("import the file again"));
        assertEquals(404, problem(() -> directory.confirmImport(9999, CLERK)).status());

        // a district that allows 50 %: one of three leaves at once, but a school emptied is still held
        JdbcDirectory lenient = new JdbcDirectory(database, new RecordingAuditLog(), SITES, clock, 50.0);
        assertEquals(ImportReport.APPLIED, lenient.importOneRoster(set("bulk", String.join("\r\n", ana, luis, "")), CLERK).state());
        ImportReport emptied = lenient.importOneRoster(set("bulk", String.join("\r\n", ana, "")), CLERK);
        assertEquals(ImportReport.HELD, emptied.state());
        assertTrue(emptied.reason(), emptied.reason().contains("every active person of E02 (1)"));
    }

    @Test
    public void siteStaffNeverSeeAGuardiansChildrenAtOtherSites() throws IOException {
        directory.importOneRoster(set("bulk", String.join("\r\n",
                "s-1,,,true,org-e01,student,,,Ana,Peña,,,,,,g-1,03,",
                "s-2,,,true,org-e02,student,,,Luis,Peña,,,,,,g-1,KG,",
                "g-1,,,true,org-e02,guardian,,,María,Peña,,,maria@example.org,(405) 555-0123,,\"s-1,s-2\",,", "")), CLERK);
        assertEquals(List.of("s-1", "s-2"), directory.person("g-1", CLERK).linked().stream().map(Person::sourcedId).toList());
        PersonDetail seen = directory.person("g-1", PRINCIPAL);
        assertEquals(List.of("s-1"), seen.linked().stream().map(Person::sourcedId).toList());
        assertNull(seen.person().siteCode()); // her own org is E02: not shown to E01
        assertFalse(seen.toString().contains("E02"));
        assertFalse(seen.toString().contains("Luis"));
        assertEquals(List.of("g-1"), directory.person("s-1", PRINCIPAL).linked().stream().map(Person::sourcedId).toList());
        assertFalse(directory.person("s-1", PRINCIPAL).toString().contains("E02"));
        Page<Person> found = directory.people(new PeopleQuery("peña", null, null, null), ALL, PRINCIPAL);
        assertEquals(List.of("s-1", "g-1"), found.items().stream().map(Person::sourcedId).sorted(java.util.Comparator.reverseOrder()).toList());
        assertFalse(found.toString().contains("E02"));
        assertEquals(404, problem(() -> directory.person("s-2", PRINCIPAL)).status());
        assertEquals(403, problem(() -> directory.people(new PeopleQuery(null, null, "E02", null), ALL, PRINCIPAL)).status());
        CurrentUser nowhere = new CurrentUser("new-hire", Set.of("site-staff"));
        assertEquals(0, directory.people(new PeopleQuery(null, null, null, null), ALL, nowhere).total());
        assertEquals(404, problem(() -> directory.person("s-1", nowhere)).status());
        assertEquals(404, problem(() -> directory.optOut("s-2", "photos", null, PRINCIPAL)).status());
    }
}
