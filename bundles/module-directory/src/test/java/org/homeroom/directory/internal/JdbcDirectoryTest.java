package org.homeroom.directory.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.homeroom.directory.api.ContactPoint;
import org.homeroom.directory.api.ImportReport;
import org.homeroom.directory.api.PeopleQuery;
import org.homeroom.directory.api.PersonDetail;
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

public class JdbcDirectoryTest {

    static final CurrentUser CLERK = new CurrentUser("clerk", Set.of("comms"));
    static final CurrentUser PRINCIPAL = new CurrentUser("principal", Set.of("site-staff", "site:E01"));
    static final PageRequest ALL = new PageRequest(0, 500);

    /** E01 and H01 are Homeroom sites; X99 is not. */
    static final SiteService SITES = new SiteService() {
        @Override public Optional<Site> find(String code) {
            return Set.of("E01", "E02", "H01").contains(code) ? Optional.of(new Site(code, "Site " + code, "elementary", null, null, null,
                    "PK-5", List.of("en"), false, Instant.EPOCH, Instant.EPOCH)) : Optional.empty();
        }
        @Override public Page<Site> list(SiteQuery query, PageRequest page) { throw new UnsupportedOperationException(); }
        @Override public Site create(SiteDraft draft, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public Site update(String code, SiteDraft draft, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public Site archive(String code, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public long count() { return 3; }
    };

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    private RecordingAuditLog audit;
    private JdbcDirectory directory;

    static final String USERS_HEADER = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
            + "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password";

    @Before
    public void setUp() {
        audit = new RecordingAuditLog();
        directory = new JdbcDirectory(new TestDatabase(), audit, SITES, clock, 5.0);
    }

    private Path files(String... users) throws IOException {
        Path dir = temp.newFolder().toPath();
        Files.writeString(dir.resolve("orgs.csv"), String.join("\n",
                "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
                "district,active,,Homeroom Public Schools,district,,",
                "org-e01,active,,Bluestem Elementary,school,E01,district",
                "org-e02,active,,Spruce Elementary,school,e02,district",
                "org-x99,active,,Closed School,school,X99,district"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users.csv"), USERS_HEADER + "\n" + String.join("\n", users) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("homeroom_languages.csv"), "sourcedId,language\ng-1,es\ng-2,xx1\n", StandardCharsets.UTF_8);
        return dir;
    }

    static final String ANA = "s-1,active,,true,org-e01,student,,,Ana,Peña,,,,,,\"g-1,g-2\",03,";
    static final String LUIS = "s-2,active,,true,org-e02,student,,,Luis,Peña,,,,,,g-1,KG,";
    static final String MARIA = "g-1,active,,true,org-e01,guardian,,,María,Peña,,,maria@example.org,(405) 555-0123,,\"s-1,s-2\",,";
    static final String JOSE = "g-2,active,,true,org-e01,parent,,,José,Peña,,,,405.555.0124,405-555-0199,s-1,,";
    static final String TEACHER = "t-1,active,,true,org-e01,teacher,,,Grace,Hopper,,,ghopper@district.example,,,,,";

    @Test
    public void anImportAppliesGoodRowsListsBadOnesAndIsIdempotent() throws IOException {
        Path dir = files(ANA, LUIS, MARIA, JOSE, TEACHER,
                "s-3,active,,true,org-x99,student,,,Ghost,Student,,,,,,,05,",          // school matches no site
                "g-9,active,,true,org-e01,guardian,,,Bad,Phone,,,,555-12,,,,",          // not a phone number
                "x-1,active,,true,org-e01,janitor,,,Role,Less,,,,,,,,",                 // unknown role
                "g-1,active,,true,org-e01,guardian,,,Dup,Licate,,,,,,,,",               // second row for g-1
                "s-4,active,,true,org-e01,student,,,,Nameless,,,,,,,02,");              // no given name
        ImportReport first = directory.importOneRoster(dir, CLERK);
        assertEquals(ImportReport.APPLIED, first.state());
        assertEquals(6, first.created()); // g-9 too: a bad phone number drops the field, not the person
        assertEquals(List.of("orgs.csv", "users.csv", "users.csv", "users.csv", "users.csv"),
                first.errors().stream().map(ImportReport.RowError::file).sorted().toList());
        assertTrue(first.warnings().stream().anyMatch(e -> "g-9".equals(e.sourcedId()) && e.message().contains("555-12")));
        assertTrue(first.warnings().stream().anyMatch(e -> "homeroom_languages.csv".equals(e.file()) && e.message().contains("xx1")));
        assertTrue(first.errors().stream().anyMatch(e -> "orgs.csv".equals(e.file()) && e.message().contains("identifier X99")
                && e.message().contains("add site X99")));
        assertTrue(directory.person("g-9", CLERK).contacts().isEmpty());
        assertEquals(3, first.links()); // Ana–María, Ana–José, Luis–María
        assertEquals(5, first.contacts());

        PersonDetail maria = directory.person("g-1", CLERK);
        assertEquals("es", maria.person().language());
        assertEquals("María", maria.person().givenName());
        assertEquals(List.of("s-1", "s-2"), maria.linked().stream().map(p -> p.sourcedId()).toList()); // Ana, then Luis
        assertEquals(List.of("maria@example.org", "+14055550123"), maria.contacts().stream().map(ContactPoint::value).toList());
        assertEquals("en", directory.person("g-2", CLERK).person().language()); // "xx1" was refused, English is the fallback

        ImportReport again = directory.importOneRoster(dir, CLERK);
        assertEquals(0, again.created());
        assertEquals(0, again.updated());
        assertEquals(6, again.unchanged());
        assertEquals(0, again.links());
        assertEquals(List.of("directory.import", "directory.import"), audit.actions());
        assertEquals(first.errors().size(), directory.importReport(first.id()).errors().size());
    }

    @Test
    public void theNextNightsFileChangesMovesAndRemovesPeople() throws IOException {
        directory.importOneRoster(files(ANA, LUIS, MARIA, JOSE, TEACHER), CLERK);
        // María has a new mobile; Luis is gone; José is marked for deletion
        Path nextNight = files(ANA, "g-1,active,,true,org-e01,guardian,,,María,Peña,,,maria@example.org,405-555-0177,,s-1,,",
                JOSE.replace("active,,true", "tobedeleted,,true"), TEACHER);
        // 2 of 5 is more than 5 %, and E02 loses its only person: held, nothing changed yet
        ImportReport held = directory.importOneRoster(nextNight, CLERK);
        assertEquals(ImportReport.HELD, held.state());
        assertTrue(held.reason(), held.reason().contains("2 of 5 active people") && held.reason().contains("every active person of E02 (1)"));
        assertEquals(List.of("+14055550123"), directory.person("g-1", CLERK).contacts().stream().filter(c -> !c.value().contains("@"))
                .map(ContactPoint::value).toList());
        assertTrue(directory.person("s-2", CLERK).person().active());
        ImportReport.SchoolCount e02 = held.schools().stream().filter(s -> "E02".equals(s.site())).findFirst().orElseThrow();
        assertEquals(new ImportReport.SchoolCount("E02", 1, 0, 0, 0, 1, 0), e02);

        ImportReport next = directory.confirmImport(held.id(), CLERK);
        assertEquals(ImportReport.CONFIRMED, next.state());
        assertEquals(held.id(), next.id());
        assertEquals("clerk", next.confirmedBy());
        assertEquals(ImportReport.CONFIRMED, directory.importReport(held.id()).state());
        assertEquals(409, problem(() -> directory.confirmImport(held.id(), CLERK)).status());
        assertEquals(2, next.updated());
        assertEquals(2, next.deactivated()); // José (tobedeleted) and Luis (absent)
        assertEquals(List.of("+14055550177"), directory.person("g-1", CLERK).contacts().stream().filter(c -> !c.value().contains("@"))
                .map(ContactPoint::value).toList());
        assertFalse(directory.person("s-2", CLERK).person().active());
        assertEquals(3, directory.people(new PeopleQuery(null, null, null, true), ALL, CLERK).total());
        assertEquals(5, directory.people(new PeopleQuery(null, null, null, null), ALL, CLERK).total());
    }

    @Test
    public void aNumberTheFamilyAskedToDeleteNeverComesBack() throws IOException {
        Path dir = files(ANA, MARIA, JOSE);
        directory.importOneRoster(dir, CLERK);
        directory.suppress("405-555-0123", "Mother asked on the phone, 2026-11-24", CLERK);
        assertTrue(directory.person("g-1", CLERK).contacts().stream().noneMatch(c -> c.value().equals("+14055550123")));
        // the same file again, and a changed row that still carries the number: kept out both times
        assertEquals(0, directory.importOneRoster(dir, CLERK).contactsKeptOut()); // unchanged row: nothing re-read
        ImportReport changed = directory.importOneRoster(files(ANA, MARIA.replace("María", "Maria"), JOSE), CLERK);
        assertEquals(1, changed.contactsKeptOut());
        assertTrue(directory.person("g-1", CLERK).contacts().stream().noneMatch(c -> c.value().equals("+14055550123")));
        assertTrue(directory.people(new PeopleQuery("555-0123", null, null, null), ALL, CLERK).items().isEmpty());
    }

    @Test
    public void consentIsPerNumberAndCategoryAndARevocationNeverStopsEmergencies() throws IOException {
        directory.importOneRoster(files(ANA, MARIA), CLERK);
        directory.changeConsent("+1 405 555 0123", List.of("school-mission", "general", "promotional"), "revoked", "STOP reply", null, "sms-webhook");
        ContactPoint mobile = directory.person("g-1", CLERK).contacts().stream().filter(c -> c.channel().equals("mobile")).findFirst().orElseThrow();
        assertTrue(mobile.consent().get("emergency"));
        assertTrue(mobile.consent().get("attendance"));
        assertFalse(mobile.consent().get("general"));
        assertFalse(mobile.consent().get("promotional"));
        ContactPoint email = directory.person("g-1", CLERK).contacts().get(0);
        assertTrue(email.consent().get("general"));
        assertFalse("promotional needs an explicit opt-in", email.consent().get("promotional"));

        assertEquals(Set.of("basis"), fields(problem(() -> directory.changeConsent("maria@example.org", List.of("promotional"), "granted",
                "given-to-school", null, "clerk"))));
        assertEquals(Set.of("value", "categories", "state"), fields(problem(() -> directory.changeConsent("not a number", List.of("spam"),
                "maybe", "x", null, "clerk"))));
        directory.changeConsent("maria@example.org", List.of("promotional"), "granted", "explicit-opt-in", "PTA form", "clerk");
        assertTrue(directory.person("g-1", CLERK).contacts().get(0).consent().get("promotional"));
        assertEquals(3, directory.consentHistory("(405) 555-0123").size());
        assertTrue(audit.entries.stream().allMatch(e -> e.entityId() == null || !e.entityId().contains("5550123")));
    }

    @Test
    public void siteStaffSeeOnlyTheirSitesPeopleAndFindThemByNamePhoneOrEmail() throws IOException {
        directory.importOneRoster(files(ANA, LUIS, MARIA, JOSE, TEACHER), CLERK);
        assertEquals(List.of("g-1", "g-2", "s-1", "t-1"), ids(directory.people(new PeopleQuery(null, null, null, true), ALL, PRINCIPAL)));
        assertEquals(404, problem(() -> directory.person("s-2", PRINCIPAL)).status());
        assertEquals("s-1", directory.person("s-1", PRINCIPAL).person().sourcedId());
        assertEquals(403, problem(() -> directory.people(new PeopleQuery(null, null, "E02", null), ALL, PRINCIPAL)).status());
        assertEquals(List.of("g-1"), ids(directory.people(new PeopleQuery("0123", null, null, null), ALL, CLERK)));
        assertEquals(List.of("g-1"), ids(directory.people(new PeopleQuery("MARIA@example", null, null, null), ALL, CLERK)));
        assertEquals(List.of("g-2"), ids(directory.people(new PeopleQuery("josé", null, null, null), ALL, CLERK)));
        assertEquals(List.of("s-1", "s-2"), ids(directory.people(new PeopleQuery(null, "student", null, null), ALL, CLERK)));
    }

    private static List<String> ids(Page<org.homeroom.directory.api.Person> page) {
        return page.items().stream().map(p -> p.sourcedId()).sorted().toList();
    }

    @Test
    public void ferpaOptOutsAreRecordedForStudentsWithARenewalDate() throws IOException {
        directory.importOneRoster(files(ANA, MARIA), CLERK);
        PersonDetail ana = directory.optOut("s-1", "photos", null, PRINCIPAL);
        assertEquals("photos", ana.ferpaOptOuts().get(0).scope());
        assertEquals(LocalDate.of(2027, 8, 1), ana.ferpaOptOuts().get(0).renewBy());
        assertEquals(Set.of("scope"), fields(problem(() -> directory.optOut("s-1", "everything", null, CLERK))));
        assertEquals(Set.of("sourcedId"), fields(problem(() -> directory.optOut("g-1", "all", null, CLERK))));
        assertEquals(Set.of("renewBy"), fields(problem(() -> directory.optOut("s-1", "all", LocalDate.of(2020, 1, 1), CLERK))));
    }

    @Test
    public void anAudienceStreamsEachUsableContactWithItsConsentForTheCategory() throws IOException {
        directory.importOneRoster(files(ANA, LUIS, MARIA, JOSE, TEACHER), CLERK);
        directory.changeConsent("+14055550123", List.of("general"), "revoked", "STOP reply", null, "sms-webhook");
        directory.suppress("+14055550199", "asked to delete", CLERK); // José's landline

        List<org.homeroom.directory.api.Recipient> general = new java.util.ArrayList<>();
        directory.audience(new org.homeroom.directory.api.AudienceQuery("families", List.of("e01"), null, null, "general"), general::add);
        // Ana (E01): María's email and mobile, José's mobile; the deleted landline is not there at all
        assertEquals(List.of("+14055550123", "+14055550124", "maria@example.org"), general.stream().map(r -> r.value()).sorted().toList());
        assertFalse(general.stream().filter(r -> r.value().equals("+14055550123")).findFirst().orElseThrow().allowed());
        assertEquals("Ana", general.get(0).studentName());
        assertEquals("es", general.stream().filter(r -> r.sourcedId().equals("g-1")).findFirst().orElseThrow().language());

        List<org.homeroom.directory.api.Recipient> emergency = new java.util.ArrayList<>();
        directory.audience(new org.homeroom.directory.api.AudienceQuery("families", null, null, null, "emergency"), emergency::add);
        assertTrue(emergency.stream().allMatch(r -> r.allowed()));
        assertEquals(5, emergency.size()); // Ana: three contacts; Luis (E02): María's two again. De-duplication is the sender's job

        List<org.homeroom.directory.api.Recipient> staff = new java.util.ArrayList<>();
        directory.audience(new org.homeroom.directory.api.AudienceQuery("staff", null, null, null, "general"), staff::add);
        assertEquals(List.of("ghopper@district.example"), staff.stream().map(r -> r.value()).toList());
        assertEquals(Set.of("role", "category"), fields(problem(() -> directory.audience(
                new org.homeroom.directory.api.AudienceQuery("pets", null, null, null, "spam"), r -> { }))));
    }

    @Test
    public void theSenderLearnsJustBeforeSendingWhichContactsRefuseACategoryNow() throws IOException {
        directory.importOneRoster(files(ANA, LUIS, MARIA, JOSE, TEACHER), CLERK);
        List<String> contacts = List.of("+14055550123", "+14055550124", "+14055550199", "maria@example.org", "nobody@example.org");
        assertEquals(Set.of(), directory.refusing("general", contacts));
        directory.changeConsent("+14055550123", List.of("general"), "revoked", "STOP reply", null, "sms-webhook");
        directory.suppress("+14055550199", "asked to delete", CLERK);
        directory.changeConsent("maria@example.org", List.of("promotional"), "granted", "explicit-opt-in", "PTA form", "clerk");
        assertEquals(Set.of("+14055550123", "+14055550199"), directory.refusing("general", contacts));
        // a revocation of routine messages never stops emergencies; only deleting the number does
        assertEquals(Set.of("+14055550199"), directory.refusing("emergency", contacts));
        // promotional: only with an explicit opt-in
        assertEquals(Set.of("+14055550123", "+14055550124", "+14055550199", "nobody@example.org"), directory.refusing("promotional", contacts));
        assertEquals(Set.of(), directory.refusing("general", List.of()));
        List<String> many = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 1200).mapToObj(i -> String.format("+1405666%04d", i)).toList());
        many.add("+14055550123");
        assertEquals(Set.of("+14055550123"), directory.refusing("general", many)); // more than one chunk
    }

    @Test
    public void familiesListEveryStudentWithEachActiveGuardianOrNone() throws IOException {
        String orphan = "s-5,active,,true,org-e01,student,,,Eva,Sola,,,,,,,04,";
        directory.importOneRoster(files(ANA, LUIS, MARIA, JOSE, TEACHER, orphan), CLERK);
        List<org.homeroom.directory.api.FamilyMember> all = new java.util.ArrayList<>();
        directory.families(new org.homeroom.directory.api.AudienceQuery("families", null, null, null, null), all::add);
        assertEquals(List.of("s-1:g-1", "s-1:g-2", "s-2:g-1", "s-5:null"),
                all.stream().map(f -> f.studentId() + ":" + f.guardianId()).sorted().toList());
        org.homeroom.directory.api.FamilyMember ana = all.stream().filter(f -> f.studentId().equals("s-1")).findFirst().orElseThrow();
        assertEquals("Ana Peña", ana.studentName());
        assertEquals("E01", ana.siteCode());
        assertEquals("03", ana.grade());
        assertEquals(List.of("g-1 María Peña es María Ana", "g-2 José Peña en José Ana", "null null null null Eva"), all.stream()
                .filter(f -> !f.studentId().equals("s-2")).map(f -> f.guardianId() + " " + f.guardianName() + " " + f.language() + " "
                        + f.guardianGivenName() + " " + f.studentGivenName()).sorted().toList());

        List<org.homeroom.directory.api.FamilyMember> e02 = new java.util.ArrayList<>();
        directory.families(new org.homeroom.directory.api.AudienceQuery("families", List.of("e02"), null, null, null), e02::add);
        assertEquals(List.of("s-2:g-1"), e02.stream().map(f -> f.studentId() + ":" + f.guardianId()).toList());
        List<org.homeroom.directory.api.FamilyMember> jose = new java.util.ArrayList<>();
        directory.families(new org.homeroom.directory.api.AudienceQuery("families", null, null, List.of("g-2"), null), jose::add);
        assertEquals(List.of("s-1:g-2"), jose.stream().map(f -> f.studentId() + ":" + f.guardianId()).toList());
        assertEquals(Set.of("role"), fields(problem(() -> directory.families(
                new org.homeroom.directory.api.AudienceQuery("staff", null, null, null, null), f -> { }))));

        directory.checkAudience(new org.homeroom.directory.api.AudienceQuery("families", List.of("e01", "H01"), List.of("KG", "03"), null, "general"));
        var refused = problem(() -> directory.checkAudience(new org.homeroom.directory.api.AudienceQuery("families", List.of("E01", "Z99"),
                List.of("03", "14"), null, "general")));
        assertEquals(Set.of("audience.sites", "audience.grades"), fields(refused));
        assertTrue(refused.errors().toString(), refused.errors().toString().contains("there is no site Z99"));
    }
}
