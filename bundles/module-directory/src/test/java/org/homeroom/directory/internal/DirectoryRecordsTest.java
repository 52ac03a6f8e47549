package org.homeroom.directory.internal;

import static org.homeroom.directory.internal.JdbcDirectoryTest.ANA;
import static org.homeroom.directory.internal.JdbcDirectoryTest.CLERK;
import static org.homeroom.directory.internal.JdbcDirectoryTest.LUIS;
import static org.homeroom.directory.internal.JdbcDirectoryTest.MARIA;
import static org.homeroom.directory.internal.JdbcDirectoryTest.PRINCIPAL;
import static org.homeroom.directory.internal.JdbcDirectoryTest.SITES;
import static org.homeroom.directory.internal.JdbcDirectoryTest.TEACHER;
import static org.homeroom.directory.internal.JdbcDirectoryTest.USERS_HEADER;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.search.SearchIndex;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The directory's part in the platform's records: it feeds the search as it imports, and resolves people by its own rule. */
public class DirectoryRecordsTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    /** What the import handed the index, and whether it was inside a transaction. */
    final List<String> indexed = new ArrayList<>();
    final SearchIndex index = new SearchIndex() {
        @Override public void index(Connection c, RecordRef ref, String site, String title, String text) {
            try {
                assertTrue("inside the import's transaction", !c.getAutoCommit());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            indexed.add(ref + "|" + site + "|" + title);
        }
        @Override public void remove(Connection c, RecordRef ref) {
            throw new UnsupportedOperationException();
        }
    };
    final TestDatabase database = new TestDatabase();
    final JdbcDirectory directory = new JdbcDirectory(database, new RecordingAuditLog(), SITES, new MutableClock(Instant.parse("2026-11-24T12:00:00Z")), 5.0);
    final DirectoryResolver resolver = new DirectoryResolver(database);

    Path files(String... users) throws IOException {
        Path dir = temp.newFolder().toPath();
        Files.writeString(dir.resolve("orgs.csv"), String.join("\n",
                "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
                "district,active,,Homeroom Public Schools,district,,",
                "org-e01,active,,Bluestem Elementary,school,E01,district",
                "org-e02,active,,Spruce Elementary,school,e02,district"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("users.csv"), USERS_HEADER + "\n" + String.join("\n", users) + "\n", StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    public void anImportFeedsTheSearchWithWhatChangedInItsOwnTransactions() throws IOException {
        directory.search = index;
        directory.importOneRoster(files(ANA, LUIS, MARIA, TEACHER), CLERK);
        assertEquals(Set.of("directory:person:s-1|E01|Ana Peña", "directory:person:s-2|E02|Luis Peña", "directory:person:g-1|E01|María Peña",
                "directory:person:t-1|E01|Grace Hopper"), Set.copyOf(indexed));
        indexed.clear();
        directory.importOneRoster(files(ANA, LUIS, MARIA, TEACHER.replace("Hopper", "Murray")), CLERK);
        assertEquals(List.of("directory:person:t-1|E01|Grace Murray"), indexed); // unchanged people are not written again
    }

    @Test
    public void peopleResolveByTheDirectorysOwnRule() throws IOException {
        directory.importOneRoster(files(ANA, LUIS, MARIA, TEACHER), CLERK);
        assertEquals("Luis Peña", resolver.resolve(new RecordRef("directory", "person", "s-2"), CLERK).orElseThrow().title());
        assertEquals("E01", resolver.resolve(new RecordRef("directory", "person", "s-1"), PRINCIPAL).orElseThrow().site());
        assertTrue("Luis is at E02", resolver.resolve(new RecordRef("directory", "person", "s-2"), PRINCIPAL).isEmpty());
        assertTrue(resolver.resolve(new RecordRef("directory", "person", "nobody"), CLERK).isEmpty());
        assertTrue(resolver.resolve(new RecordRef("directory", "household", "s-1"), CLERK).isEmpty());
        assertTrue(resolver.resolve(new RecordRef("directory", "person", "s-1"), new CurrentUser("family", Set.of())).isEmpty());
    }

    @Test
    public void theResolverAgreesWithTheDirectoryOnWhoMaySeeWhomAndResolvesAPageAtOnce() throws IOException {
        // Luis (E02) and his guardian María, whose own site is E02 here: E01 staff see her through Ana (E01)
        directory.importOneRoster(files(ANA, LUIS, MARIA.replace("org-e01", "org-e02"), TEACHER), CLERK);
        CurrentUser e02 = new CurrentUser("e02", Set.of("site-staff", "site:E02"));
        CurrentUser h01 = new CurrentUser("h01", Set.of("site-staff", "site:H01"));
        List<RecordRef> everyone = List.of("s-1", "s-2", "g-1", "t-1", "nobody").stream().map(id -> new RecordRef("directory", "person", id)).toList();
        for (CurrentUser user : List.of(CLERK, PRINCIPAL, e02, h01)) {
            Set<String> byDirectory = new java.util.TreeSet<>();
            for (RecordRef ref : everyone) {
                try {
                    directory.person(ref.id(), user);
                    byDirectory.add(ref.id());
                } catch (org.homeroom.platform.api.ProblemException hidden) {
                    // not theirs
                }
            }
            Set<String> byResolver = new java.util.TreeSet<>();
            resolver.resolveAll(everyone, user).keySet().forEach(r -> byResolver.add(r.id()));
            assertEquals(user.name(), byDirectory, byResolver);
        }
        assertEquals(Set.of("s-1", "g-1", "t-1"), Set.copyOf(resolver.resolveAll(everyone, PRINCIPAL).keySet().stream().map(RecordRef::id).toList()));
    }
}
