package org.homeroom.openrecords.internal;

import java.util.List;
import java.util.function.Predicate;

import org.homeroom.openrecords.api.Assignment;
import org.homeroom.openrecords.api.OpenRecordsRequest;
import org.homeroom.openrecords.api.RequestDetail;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Roles;
import org.homeroom.platform.api.sites.ModuleSettingsService;

/**
 * What site staff see of a request: their part, nothing more. The office (comms, admin) sees everything.
 * A site's staff get the description, dates and status, their own sites' assignments and the entries
 * of those parts (the office's note for them, their notes, files, claims); never other departments'
 * notes, the fee, letters or the requester's name and contact details, unless the module setting
 * {@value #SEE_REQUESTER} is true for a site whose part they are working on.
 */
final class StaffView {

    /** The module setting (district default, or per site) that shows site staff who the requester is. */
    static final String SEE_REQUESTER = "siteStaffSeeRequester";

    private StaffView() {
    }

    /** True for site staff and anyone else who is not the office. */
    static boolean restricted(CurrentUser viewer) {
        return !viewer.hasRole(Roles.COMMS);
    }

    /** Whether site {@code code}'s staff may see who the requester is, read on every call (a change applies at once). */
    static Predicate<String> seesRequester(ModuleSettingsService settings) {
        return code -> Boolean.TRUE.equals(settings.effective(code, OpenRecordsModule.DESCRIPTOR).settings().get(SEE_REQUESTER));
    }

    /** Whether the viewer may see the requester on a request with these assignments: through one of their open parts. */
    static boolean seesRequester(CurrentUser viewer, List<Assignment> assignments, Predicate<String> siteAllows) {
        return !restricted(viewer) || RequestStore.openParts(assignments, viewer).stream().anyMatch(siteAllows);
    }

    /** The request as the viewer may see it (a list row or the head of a detail). */
    static OpenRecordsRequest request(OpenRecordsRequest r, CurrentUser viewer, boolean seesRequester) {
        if (!restricted(viewer)) {
            return r;
        }
        boolean who = seesRequester;
        return new OpenRecordsRequest(r.id(), r.trackingNumber(), r.channel(), who ? r.name() : null, who ? r.email() : null,
                who ? r.phone() : null, who ? r.organisation() : null, r.requesterType(), r.language(), r.description(), r.preferredFormat(),
                r.commercialPurpose(), r.status(), r.closure(), r.receivedOn(), r.acknowledgeBy(), r.targetDate(), r.due(),
                r.acknowledgedAt(), r.closedAt(), null, null, r.createdAt(), r.createdBy());
    }

    /** The detail as the viewer may see it: for site staff, their sites' part only. */
    static RequestDetail detail(RequestDetail full, CurrentUser viewer, Predicate<String> siteAllows) {
        if (!restricted(viewer)) {
            return full;
        }
        var mine = viewer.sites();
        return new RequestDetail(request(full.request(), viewer, seesRequester(viewer, full.assignments(), siteAllows)), null,
                full.assignments().stream().filter(a -> mine.contains(a.department())).toList(),
                full.entries().stream().filter(e -> e.department() != null && mine.contains(e.department())).toList());
    }

    /** The part a site staff member's note or file belongs to: the first of their sites with open work on the request. */
    static String partOf(CurrentUser actor, List<Assignment> assignments) {
        if (!restricted(actor)) {
            return null;
        }
        return RequestStore.openParts(assignments, actor).stream().findFirst().orElse(null);
    }
}
