package org.homeroom.platform.api.sites;

import java.util.Optional;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Page;
import org.homeroom.platform.api.PageRequest;
import org.osgi.annotation.versioning.ProviderType;

/** School sites and offices. Every change is audited; nothing is ever deleted (archive instead). */
@ProviderType
public interface SiteService {

    Page<Site> list(SiteQuery query, PageRequest page);

    Optional<Site> find(String code);

    /** @throws org.homeroom.platform.api.ProblemException 422 on invalid fields, 409 if the code exists */
    Site create(SiteDraft draft, CurrentUser actor);

    /** Replaces the site's fields (not its code). */
    Site update(String code, SiteDraft draft, CurrentUser actor);

    /** Marks the site archived: hidden from lists by default, its data kept. */
    Site archive(String code, CurrentUser actor);

    /** Site count, including archived ones. */
    long count();
}
