package org.homeroom.platform.rest.internal;

import javax.ws.rs.core.Application;

import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationBase;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * The one JAX-RS application at /api. Platform resources and extensions join it through the
 * whiteboard; modules are reached through the module locators, so this application is not rebuilt
 * when a module comes or goes.
 */
@Component(service = Application.class)
@JaxrsApplicationBase(HomeroomRest.BASE)
@JaxrsName(HomeroomRest.APPLICATION_NAME)
public class HomeroomApplication extends Application {
}
