package org.homeroom.openrecords.internal;

import java.util.Optional;

import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.OpenRecordsService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.RecordResolver;
import org.homeroom.platform.api.records.ResolvedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Open records requests as the platform's links, goals and search show them
 * ({@code open-records:request:<tracking number>}): by the module's own rule (comms see every request, site
 * staff those assigned to their sites or claimed by them).
 */
@Component(service = RecordResolver.class)
public class OpenRecordsResolver implements RecordResolver {

    static final String KIND = "request";
    private final OpenRecordsService records;

    @Activate
    public OpenRecordsResolver(@Reference OpenRecordsService records) {
        this.records = records;
    }

    @Override
    public String module() {
        return JdbcOpenRecords.MODULE;
    }

    @Override
    public Optional<ResolvedRecord> resolve(RecordRef ref, CurrentUser user) {
        if (!KIND.equals(ref.kind()) || user == null) {
            return Optional.empty();
        }
        try {
            OpenRecordsRequest r = records.detail(ref.id(), user).request();
            return Optional.of(new ResolvedRecord(ref, OpenRecordsSearch.title(r.trackingNumber(), r.description()), null));
        } catch (ProblemException e) {
            return Optional.empty(); // unknown, or not the user's: the same to the caller
        }
    }
}
