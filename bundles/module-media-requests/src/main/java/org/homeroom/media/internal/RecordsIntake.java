package org.homeroom.media.internal;

import org.homeroom.platform.api.CurrentUser;

/** Files an open records request for a media requester; registered by {@link OpenRecordsIntake} only when the open records module runs. */
public interface RecordsIntake {

    /** Submits the request as news media (no search fee, 51 O.S. §24A.5); returns its tracking number. */
    String submitForMedia(Requester requester, String description, CurrentUser staff);

    record Requester(String name, String email, String phone, String organisation, String language) {
    }
}
