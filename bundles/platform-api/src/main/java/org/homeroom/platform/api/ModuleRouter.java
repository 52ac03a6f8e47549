package org.homeroom.platform.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Decides whether a request may reach a module and returns the module's JAX-RS resource. Applies,
 * in order: the module is running; for SITE modules the site exists, the user may see it, and the
 * module is enabled there; the module's public routes or role rules.
 */
@ProviderType
public interface ModuleRouter {

    /**
     * @param site          site code, or null for a DISTRICT module
     * @param remainingPath the path below the module root, e.g. {@code "" or "42"}
     * @param user          null when nobody signed in
     * @throws ProblemException 401, 403 or 404 with a reason the caller can act on
     */
    Object route(String site, String moduleId, String method, String remainingPath, CurrentUser user);
}
