package org.homeroom.openrecords.internal;

import java.util.Optional;

import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.OpenRecordsService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.RecordResolver;
import org.homeroom.platform.api.records.ResolvedRecord;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
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
    /*
     * The service is fetched when a record is resolved, not when this component starts: the request service
     * feeds the platform search, whose resolvers include this one, so binding it here made a DS cycle at boot.
     */
    private final BundleContext context;
    private final ServiceReference<OpenRecordsService> service;
    private final OpenRecordsService direct;

    @Activate
    public OpenRecordsResolver(BundleContext context, @Reference(service = OpenRecordsService.class) ServiceReference<OpenRecordsService> service) {
        this.context = context;
        this.service = service;
        this.direct = null;
    }

    /** For unit tests: a request service already at hand. */
    OpenRecordsResolver(OpenRecordsService records) {
        this.context = null;
        this.service = null;
        this.direct = records;
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
        OpenRecordsService records = direct != null ? direct : context.getService(service);
        if (records == null) {
            return Optional.empty(); // the module is stopping
        }
        try {
            OpenRecordsRequest r = records.detail(ref.id(), user).request();
            return Optional.of(new ResolvedRecord(ref, OpenRecordsSearch.title(r.trackingNumber(), r.description()), null));
        } catch (ProblemException e) {
            return Optional.empty(); // unknown, or not the user's: the same to the caller
        } finally {
            if (direct == null) {
                context.ungetService(service);
            }
        }
    }
}
