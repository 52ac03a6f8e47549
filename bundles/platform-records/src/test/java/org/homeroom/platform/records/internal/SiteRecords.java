package org.homeroom.platform.records.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.RecordResolver;
import org.homeroom.platform.api.records.ResolvedRecord;

/** A module's resolver as the contract asks for: its records by id, each seen by comms and by the staff of its site. */
final class SiteRecords implements RecordResolver {

    private final String module;
    private final Map<String, ResolvedRecord> records = new HashMap<>();
    int calls;

    SiteRecords(String module) {
        this.module = module;
    }

    RecordRef add(String kind, String id, String title, String site) {
        RecordRef ref = new RecordRef(module, kind, id);
        records.put(ref.toString(), new ResolvedRecord(ref, title, site));
        return ref;
    }

    @Override
    public String module() {
        return module;
    }

    @Override
    public Optional<ResolvedRecord> resolve(RecordRef ref, CurrentUser user) {
        calls++;
        ResolvedRecord r = records.get(ref.toString());
        return r != null && (user.seesAllSites() || (r.site() != null && user.canAccessSite(r.site()))) ? Optional.of(r) : Optional.empty();
    }
}
