package org.homeroom.platform.records.internal;

import static org.homeroom.platform.records.internal.JdbcLinksTest.COMMS;
import static org.homeroom.platform.records.internal.JdbcLinksTest.E01;
import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Test;

public class JdbcSearchTest {

    final TestDatabase database = new TestDatabase();
    final Resolvers resolvers = new Resolvers();
    final SiteRecords directory = new SiteRecords("directory");
    final SiteRecords openRecords = new SiteRecords("open-records");

    {
        resolvers.add(directory);
        resolvers.add(openRecords);
    }

    JdbcSearch search = new JdbcSearch(database, resolvers, Clock.systemUTC(), JdbcSearch.POSTINGS_CAP);

    void index(SiteRecords module, String kind, String id, String site, String title, String text) {
        RecordRef ref = module.add(kind, id, title, site);
        database.inTransaction(c -> {
            search.index(c, ref, site, title, text);
            return null;
        });
    }

    List<String> refs(String q, org.homeroom.platform.api.CurrentUser user) {
        return search.search(q, user, 20).results().stream().map(SearchHit::ref).toList();
    }

    @Test
    public void everyWordMustMatchTitlesWeighMoreAndAccentsFold() {
        index(directory, "person", "g-1", "E01", "María Peña", "guardian E01");
        index(openRecords, "request", "2026-0042", "E01", "Request 2026-0042", "All emails about Peña Street bus contracts");
        index(openRecords, "request", "2026-0043", "H01", "Request 2026-0043", "Budget of the band");

        assertEquals(List.of("directory:person:g-1", "open-records:request:2026-0042"), refs("pena", COMMS));
        assertEquals(List.of("open-records:request:2026-0042"), refs("Peña bus", COMMS));
        assertEquals(List.of("open-records:request:2026-0042"), refs("2026-0042", COMMS));
        assertTrue(refs("peña band", COMMS).isEmpty());
        SearchHit hit = search.search("maria", COMMS, 20).results().get(0);
        assertEquals("directory", hit.module());
        assertEquals("María Peña", hit.title());
        assertEquals("person", hit.kind());
    }

    @Test
    public void siteStaffFindOnlyWhatTheirSitesRecordsModulesShowThem() {
        index(openRecords, "request", "1", "E01", "Request 1", "playground contract");
        index(openRecords, "request", "2", "H01", "Request 2", "playground contract");
        index(openRecords, "request", "3", null, "Request 3", "playground contract district");
        assertEquals(3, refs("playground", COMMS).size());
        // request 3 is district-wide: in E01's ranges, but its module does not show it to E01 staff
        assertEquals(List.of("open-records:request:1"), refs("playground", E01));
    }

    @Test
    public void reindexingReplacesAndRemovingForgetsAndAnAbsentModuleShowsNothing() {
        index(directory, "person", "s-1", "E01", "Ana Peña", "student grade 3");
        index(directory, "person", "s-1", "E01", "Ana Torres", "student grade 4");
        assertTrue(refs("pena", COMMS).isEmpty());
        assertEquals(List.of("directory:person:s-1"), refs("torres", COMMS));
        assertEquals(1, count("SELECT COUNT(*) FROM HR_SEARCH_DOC"));

        resolvers.remove(directory);
        assertTrue("a module that is not installed shows nothing", refs("torres", COMMS).isEmpty());
        resolvers.add(directory);

        database.inTransaction(c -> {
            search.remove(c, new RecordRef("directory", "person", "s-1"));
            return null;
        });
        assertTrue(refs("torres", COMMS).isEmpty());
        assertEquals(0, count("SELECT COUNT(*) FROM HR_SEARCH_TERM"));
    }

    @Test
    public void anIndexWriteRollsBackWithTheModulesTransaction() {
        RecordRef ref = directory.add("person", "x", "Lost Record", "E01");
        try {
            database.inTransaction(c -> {
                search.index(c, ref, "E01", "Lost Record", "never committed");
                throw new IllegalStateException("the module's write failed");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        assertTrue(refs("lost", COMMS).isEmpty());
        assertEquals(0, count("SELECT COUNT(*) FROM HR_SEARCH_DOC"));
    }

    @Test
    public void aWordInMoreRecordsThanTheCapIsCheckedAgainstTheRarerWordsHits() {
        search = new JdbcSearch(database, resolvers, Clock.systemUTC(), 5);
        for (int i = 0; i < 12; i++) {
            index(directory, "person", "p-" + i, "E01", "Person " + i, "student" + (i == 7 ? " violin" : ""));
        }
        assertEquals(List.of("directory:person:p-7"), refs("student violin", COMMS));
        assertEquals(List.of("directory:person:p-7"), refs("violin student", E01));
    }

    @Test
    public void aQueryWithoutAWordIsRefused() {
        assertEquals(Set.of("q"), fields(problem(() -> search.search(" ", COMMS, 20))));
        assertEquals(Set.of("q"), fields(problem(() -> search.search("the de a", COMMS, 20))));
        assertEquals(Set.of("q"), fields(problem(() -> search.search("x".repeat(501), COMMS, 20))));
    }

    @Test
    public void pagesFillWithVisibleHitsOnly() {
        for (int i = 0; i < 30; i++) {
            index(directory, "person", "h-" + i, "H01", "Smith H01 " + i, "");
        }
        for (int i = 0; i < 3; i++) {
            index(directory, "person", "e-" + i, "E01", "Smith E01 " + i, "");
        }
        assertEquals(3, refs("smith", E01).size());
        assertEquals(20, refs("smith", COMMS).size());
    }

    int count(String sql) {
        return database.read(c -> {
            try (var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
