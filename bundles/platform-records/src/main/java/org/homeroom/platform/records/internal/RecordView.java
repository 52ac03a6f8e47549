package org.homeroom.platform.records.internal;

import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.ResolvedRecord;

/**
 * A record as one user may be shown it: with its title when its module is installed and says the user may see
 * it; as the bare reference ("module not installed", no title) when its module is absent.
 */
public record RecordView(String ref, String module, String kind, String id, boolean installed, String title, String site, String status) {

    static final String MODULE_NOT_INSTALLED = "module not installed";

    static RecordView of(ResolvedRecord record) {
        RecordRef r = record.ref();
        return new RecordView(r.toString(), r.module(), r.kind(), r.id(), true, record.title(), record.site(), "available");
    }

    static RecordView notInstalled(RecordRef r) {
        return new RecordView(r.toString(), r.module(), r.kind(), r.id(), false, null, null, MODULE_NOT_INSTALLED);
    }
}
