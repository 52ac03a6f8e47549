package org.homeroom.platform.api;

/**
 * Role names as they come from the JAAS realm. Site membership is a role too ({@code site:E01}), so a
 * directory group maps onto it without any Homeroom-specific user store.
 */
public final class Roles {
    /** Runs the platform: modules, sites, audit. Passes every role check. */
    public static final String ADMIN = "admin";
    /** Communications department staff: every site. */
    public static final String COMMS = "comms";
    /** School staff: only the sites named by their {@code site:} roles. */
    public static final String SITE_STAFF = "site-staff";
    /** Prefix of a site-membership role. */
    public static final String SITE_PREFIX = "site:";

    private Roles() {
    }

    public static String site(String code) {
        return SITE_PREFIX + code;
    }
}
