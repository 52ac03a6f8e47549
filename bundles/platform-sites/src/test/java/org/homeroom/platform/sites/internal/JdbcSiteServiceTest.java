package org.homeroom.platform.sites.internal;

import static org.homeroom.platform.testing.Problems.problem;
import static org.homeroom.platform.testing.Problems.fields;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteDraft;
import org.homeroom.platform.api.sites.SiteQuery;
import org.junit.Before;
import org.junit.Test;
import org.homeroom.platform.testing.TestDatabase;
import org.homeroom.platform.testing.RecordingAuditLog;

public class JdbcSiteServiceTest {

    private static final CurrentUser COMMS = new CurrentUser("comms1", Set.of("comms"));
    private static final PageRequest ALL = PageRequest.of(null, null);

    private RecordingAuditLog audit;
    private JdbcSiteService sites;

    @Before
    public void setUp() {
        audit = new RecordingAuditLog();
        sites = new JdbcSiteService(new TestDatabase(), audit);
    }

    private static SiteDraft draft(String code, String name, String kind) {
        return new SiteDraft(code, name, kind, "1 Main St", "(555) 010-2000", "Dr. Ada Lee", "K-5", List.of("en", "es"));
    }



    private List<String> codes(SiteQuery query) {
        return sites.list(query, ALL).items().stream().map(Site::code).toList();
    }

    @Test
    public void reportsEveryInvalidFieldAtOnceAndStoresNothing() {
        ProblemException e = problem(() -> sites.create(new SiteDraft("x", " ", "castle", "a".repeat(301), "call me",
                "p", "13-K!", List.of("english")), COMMS));
        assertEquals(422, e.status());
        assertEquals(Set.of("code", "name", "kind", "address", "phone", "grades", "languages"), fields(e));
        assertEquals(0, sites.count());
        assertTrue(audit.entries.isEmpty());
    }

    @Test
    public void refusesControlCharactersAndMissingKind() {
        ProblemException e = problem(() -> sites.create(draft("E01", "Lincoln\u0007 Elementary", null), COMMS));
        assertEquals(422, e.status());
        assertEquals(Set.of("name", "kind"), fields(e));
        assertEquals(Set.of("principal"), fields(problem(() -> sites.create(
                new SiteDraft("E01", "Lincoln", "elementary", null, null, "Dr.\nLee", null, null), COMMS))));
    }

    @Test
    public void refusesGradeSpansThatAreNotRealSpans() {
        for (String grades : List.of("13-K", "8-6", "99")) {
            SiteDraft d = new SiteDraft("E01", "Lincoln", "elementary", null, null, null, grades, null);
            assertEquals(grades, Set.of("grades"), fields(problem(() -> sites.create(d, COMMS))));
        }
    }

    @Test
    public void createNormalisesAndFindReadsTheStoredSite() {
        Site created = sites.create(new SiteDraft(" e01 ", "  Lincoln Elementary ", "Elementary", " ", null, null, "pk-5", null), COMMS);
        assertEquals("E01", created.code());
        Site stored = sites.find("e01").orElseThrow();
        assertEquals("Lincoln Elementary", stored.name());
        assertEquals("elementary", stored.kind());
        assertEquals(null, stored.address());
        assertEquals("PK-5", stored.grades());
        assertEquals(List.of("en"), stored.languages());
        assertFalse(stored.archived());
        assertEquals(List.of(new RecordingAuditLog.Entry("comms1", "site.create", "site", "E01", "Lincoln Elementary")), audit.entries);

        sites.create(new SiteDraft("h01", "Roosevelt High", "high", null, null, null, "9-12", List.of("ES", " en ", "es")), null);
        assertEquals(List.of("es", "en"), sites.find("H01").orElseThrow().languages());
        assertEquals("system", audit.entries.get(1).actor());
    }

    @Test
    public void duplicateCodeIsAConflictAndChangesNothing() {
        sites.create(draft("E01", "Lincoln Elementary", "elementary"), COMMS);
        ProblemException e = problem(() -> sites.create(draft("e01", "Impostor", "high"), COMMS));
        assertEquals(409, e.status());
        assertEquals("Lincoln Elementary", sites.find("E01").orElseThrow().name());
        assertEquals(1, sites.count());
        assertEquals(List.of("site.create"), audit.actions());
    }

    @Test
    public void updateReplacesFieldsButNeverTheCode() {
        sites.create(draft("E01", "Lincoln Elementary", "elementary"), COMMS);
        sites.update("e01", new SiteDraft(null, "Lincoln Academy", "alternative", null, null, null, null, List.of("vi")), COMMS);
        Site stored = sites.find("E01").orElseThrow();
        assertEquals("Lincoln Academy", stored.name());
        assertEquals("alternative", stored.kind());
        assertEquals(null, stored.phone());
        assertEquals(List.of("vi"), stored.languages());
        assertEquals(List.of("site.create", "site.update"), audit.actions());

        ProblemException codeChange = problem(() -> sites.update("E01", draft("E02", "Moved", "elementary"), COMMS));
        assertEquals(422, codeChange.status());
        assertEquals(Set.of("code"), fields(codeChange));
        assertTrue(sites.find("E02").isEmpty());
        assertEquals("Lincoln Academy", sites.find("E01").orElseThrow().name());

        assertEquals(404, problem(() -> sites.update("ZZ9", draft("ZZ9", "Nowhere", "office"), COMMS)).status());
        assertEquals(422, problem(() -> sites.update("E01", draft(null, "", "elementary"), COMMS)).status());
        assertEquals("Lincoln Academy", sites.find("E01").orElseThrow().name());
        assertEquals(List.of("site.create", "site.update"), audit.actions());
    }

    @Test
    public void archiveHidesFromDefaultListButKeepsTheData() {
        sites.create(draft("E01", "Lincoln Elementary", "elementary"), COMMS);
        sites.create(draft("E02", "Grant Elementary", "elementary"), COMMS);
        assertTrue(sites.archive("e01", COMMS).archived());

        assertEquals(List.of("E02"), codes(new SiteQuery(null, null, false, null)));
        assertEquals(List.of("E01", "E02"), codes(new SiteQuery(null, null, true, null)));
        Site archived = sites.find("E01").orElseThrow();
        assertTrue(archived.archived());
        assertEquals("Lincoln Elementary", archived.name());
        assertEquals("Dr. Ada Lee", archived.principal());
        assertEquals(2, sites.count());

        sites.archive("E01", COMMS); // already archived: no second entry
        assertEquals(List.of("site.create", "site.create", "site.archive"), audit.actions());
        assertEquals(404, problem(() -> sites.archive("ZZ9", COMMS)).status());
        assertEquals(3, audit.entries.size());
    }

    @Test
    public void searchesCodeAndNameCaseInsensitivelyWithWildcardsTakenLiterally() {
        sites.create(draft("E01", "Lincoln Elementary", "elementary"), COMMS);
        sites.create(draft("M01", "Washington 100% Middle", "middle"), COMMS);
        sites.create(draft("H01", "Adams_High", "high"), COMMS);
        sites.create(draft("H02", "AdamsXHigh", "high"), COMMS);

        assertEquals(List.of("E01"), codes(new SiteQuery("  LINCOLN ", null, false, null)));
        assertEquals(List.of("H01", "H02"), codes(new SiteQuery("h0", null, false, null)));
        assertEquals(List.of("M01"), codes(new SiteQuery("%", null, false, null)));
        assertEquals(List.of("M01"), codes(new SiteQuery("0% m", null, false, null)));
        assertEquals(List.of("H01"), codes(new SiteQuery("s_h", null, false, null)));
        assertEquals(List.of(), codes(new SiteQuery("\\", null, false, null)));
    }

    @Test
    public void filtersByKindAndCodesAndPages() {
        for (String code : List.of("M01", "E01", "H02", "H01")) {
            sites.create(draft(code, "School " + code, code.startsWith("E") ? "elementary" : code.startsWith("M") ? "middle" : "high"), COMMS);
        }
        assertEquals(List.of("H01", "H02"), codes(new SiteQuery(null, "HIGH", false, null)));
        ProblemException badKind = problem(() -> sites.list(new SiteQuery(null, "castle", false, null), ALL));
        assertEquals(Set.of("kind"), fields(badKind));

        assertEquals(List.of("E01", "H02"), codes(new SiteQuery(null, null, false, Set.of("H02", "E01", "X99"))));
        Page<Site> none = sites.list(new SiteQuery(null, null, false, Set.of()), ALL);
        assertEquals(0, none.total());
        assertTrue(none.items().isEmpty());

        Page<Site> page = sites.list(new SiteQuery(null, null, false, null), new PageRequest(1, 2));
        assertEquals(4, page.total());
        assertEquals(1, page.offset());
        assertEquals(2, page.limit());
        assertEquals(List.of("H01", "H02"), page.items().stream().map(Site::code).toList());
        assertEquals(1, sites.list(new SiteQuery(null, "high", false, null), new PageRequest(1, 5)).items().size());
    }
}
