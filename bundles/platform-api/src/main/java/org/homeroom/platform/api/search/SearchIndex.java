package org.homeroom.platform.api.search;

import java.sql.Connection;

import org.homeroom.platform.api.records.RecordRef;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The platform's search index, kept in the platform database. A module calls {@link #index} and
 * {@link #remove} inside the transaction that writes the record, so the index changes exactly when the record
 * does, on every node. What a user finds is still checked through the module's
 * {@link org.homeroom.platform.api.records.RecordResolver} before it is shown.
 */
@ProviderType
public interface SearchIndex {

    /**
     * Indexes (or re-indexes) a record: its title (weighs more) and text, and its site ({@code null} for a
     * district-wide record), which narrows what site staff are offered.
     */
    void index(Connection transaction, RecordRef ref, String site, String title, String text);

    /** Takes a record out of the index (nothing happens if it was not in it). */
    void remove(Connection transaction, RecordRef ref);
}
