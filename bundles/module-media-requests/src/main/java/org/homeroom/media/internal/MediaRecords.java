package org.homeroom.media.internal;

import java.util.Optional;

import org.homeroom.media.api.MediaRequest;
import org.homeroom.media.api.MediaService;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.records.RecordResolver;
import org.homeroom.platform.api.records.RecordRef;
import org.homeroom.platform.api.records.ResolvedRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code media-requests:request:<id>} for links and search: shown only to whom the request itself is shown. */
@Component(service = RecordResolver.class)
public class MediaRecords implements RecordResolver {

    private final MediaService media;

    @Activate
    public MediaRecords(@Reference MediaService media) {
        this.media = media;
    }

    @Override
    public String module() {
        return JdbcMediaService.MODULE;
    }

    @Override
    public Optional<ResolvedRecord> resolve(RecordRef ref, CurrentUser user) {
        if (!module().equals(ref.module()) || !"request".equals(ref.kind()) || !ref.id().matches("[1-9][0-9]{0,17}")) {
            return Optional.empty();
        }
        return media.request(Long.parseLong(ref.id()), user).map(r -> new ResolvedRecord(ref, title(r), r.sites().isEmpty() ? null : r.sites().get(0)));
    }

    static String title(MediaRequest r) {
        return "Media request " + r.id() + ": " + r.outletName() + ", " + r.topic() + " (" + r.status() + ")";
    }
}
