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
    final JdbcDirectory directory = new JdbcDirectory(new TestDatabase(), new RecordingAuditLog(), SITES, new MutableClock(Instant.parse("2026-11-24T12:00:00Z")));
    final DirectoryResolver resolver = new DirectoryResolver(directory);

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
}
