package org.homeroom.openrecords.internal;

import java.sql.Connection;

import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.search.SearchIndex;

/** What the platform's one search knows of a request: its number, description and requester, indexed as it is written. */
final class OpenRecordsSearch {

    private OpenRecordsSearch() {
    }

    static RecordRef ref(String trackingNumber) {
        return new RecordRef(JdbcOpenRecords.MODULE, OpenRecordsResolver.KIND, trackingNumber);
    }

    static String title(String trackingNumber, String description) {
        String d = description == null ? "" : description.strip().replaceAll("\\s+", " ");
        return "Request " + trackingNumber + (d.isEmpty() ? "" : ": " + (d.length() > 80 ? d.substring(0, 79) + "…" : d));
    }

    /** In the caller's transaction; nothing when the platform's search is not running. Requests are district-wide. */
    static void index(SearchIndex search, Connection c, String trackingNumber, String description, String requester, String organisation) {
        if (search != null) {
            search.index(c, ref(trackingNumber), null, title(trackingNumber, description),
                    String.join(" ", description == null ? "" : description, requester == null ? "" : requester, organisation == null ? "" : organisation));
        }
    }
}
