package org.homeroom.directory.internal;

import java.sql.Connection;

import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.search.SearchIndex;

/** What the platform's one search knows of a person: the name, site and sourcedId, indexed in the import's transaction. */
final class DirectorySearch {

    private DirectorySearch() {
    }

    static String title(String givenName, String familyName) {
        return (givenName + " " + familyName).strip();
    }

    /** Nothing when the platform's search is not running, or for a sourcedId a record reference cannot carry. */
    static void index(SearchIndex search, Connection c, OneRosterFiles.Row row) {
        if (search == null) {
            return;
        }
        RecordRef ref = RecordRef.parse(JdbcDirectory.MODULE + ":" + DirectoryResolver.KIND + ":" + row.sourcedId()).orElse(null);
        if (ref != null) {
            search.index(c, ref, row.siteCode(), title(row.givenName(), row.familyName()), row.sourcedId());
        }
    }
}
