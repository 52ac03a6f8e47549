package org.homeroom.platform.api.sites;

import java.util.Set;

/**
 * @param text            matches code or name, case-insensitive; null for all
 * @param kind            a {@link SiteKind#code()}; null for all
 * @param onlyCodes       restrict to these codes (a site-staff user's sites); null for no restriction
 */
public record SiteQuery(String text, String kind, boolean includeArchived, Set<String> onlyCodes) {
}
