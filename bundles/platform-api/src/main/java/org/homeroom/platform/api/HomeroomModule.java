package org.homeroom.platform.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A department function. Register one as an OSGi service and the platform routes
 * {@code /api/sites/{code}/{id}/…} (SITE scope) or {@code /api/{id}/…} (DISTRICT scope) to
 * {@link #resource()}, a JAX-RS annotated object whose paths are relative to that root.
 *
 * <p>Modules are served through one platform resource on the JAX-RS whiteboard (a sub-resource
 * locator), so a module coming or going never rebuilds the shared JAX-RS application; see
 * docs/ARCHITECTURE.md.
 */
@ConsumerType
public interface HomeroomModule {

    ModuleDescriptor descriptor();

    /** The JAX-RS resource serving this module; by default the module object itself. */
    default Object resource() {
        return this;
    }
}
