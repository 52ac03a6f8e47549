package org.homeroom.platform.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a request may reach a module and returns the module's JAX-RS resource. Applies,
 * in order: the module is running; for SITE modules the site exists and is open, a signed-in user is
 * a member of it, and the module is enabled there. Role annotations on the module's methods are
 * checked after this by the platform's access filter (anonymous callers only reach {@code @PermitAll}).
 */
@ProviderType
public interface ModuleRouter {

    /**
     * @param site          site code, or null for a DISTRICT module
     * @param user          null when nobody signed in
     * @throws ProblemException 403 or 404 with a reason the caller can act on
     */
    Object route(String site, String moduleId, CurrentUser user);
}
