package org.homeroom.platform.api.records;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Registered by each module for its own records (one service per module). The platform asks it before it
 * shows a link, a goal's tag or a search hit, so nothing of a record reaches a user the module would not
 * show it to. While a module is not installed its resolver is gone and the platform shows its references as
 * "module not installed", never their titles.
 */
@ConsumerType
public interface RecordResolver {

    /** The module id, the first part of every reference this resolver answers for. */
    String module();

    /**
     * The record, if it exists and {@code user} may see it; empty otherwise (an unknown record and one the
     * user may not see look the same, so a reference reveals nothing).
     */
    Optional<ResolvedRecord> resolve(RecordRef ref, CurrentUser user);

    /**
     * {@link #resolve} for several references at once (a page of search hits): only those that exist and
     * {@code user} may see are in the answer. A module whose lookups cost a query each overrides it with one query.
     */
    default Map<RecordRef, ResolvedRecord> resolveAll(Collection<RecordRef> refs, CurrentUser user) {
        Map<RecordRef, ResolvedRecord> found = new LinkedHashMap<>();
        for (RecordRef ref : refs) {
            resolve(ref, user).ifPresent(r -> found.put(ref, r));
        }
        return found;
    }
}
