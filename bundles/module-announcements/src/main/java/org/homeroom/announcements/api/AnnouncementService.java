package org.homeroom.announcements.api;

import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

@ProviderType
public interface AnnouncementService {

    /** @param status scheduled, current, expired, withdrawn, or null for all but withdrawn */
    Page<Announcement> list(String site, String status, String text, PageRequest page);

    Optional<Announcement> find(String site, long id);

    Announcement create(String site, AnnouncementDraft draft, int defaultDays, CurrentUser actor);

    Announcement update(String site, long id, AnnouncementDraft draft, int defaultDays, CurrentUser actor);

    /** Takes the announcement down; it is kept, with its history. */
    Announcement withdraw(String site, long id, CurrentUser actor);
}
