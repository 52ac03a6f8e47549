package org.homeroom.platform.rest.internal;

import java.util.Locale;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;

import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * A CORS preflight ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method}) is
 * matched as the request it announces, so the method that would answer it decides, by its own
 * {@code @PermitAll}, whether another origin may call it; {@link CorsFilter} then answers the preflight
 * before that method (or any other filter) runs.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("homeroom.cors-preflight")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION - 200)
public class CorsPreflightFilter implements ContainerRequestFilter {

    static final String PREFLIGHT = "homeroom.cors.preflight";

    @Override
    public void filter(ContainerRequestContext request) {
        String requested = request.getHeaderString("Access-Control-Request-Method");
        if ("OPTIONS".equals(request.getMethod()) && request.getHeaderString("Origin") != null && requested != null
                && requested.matches("[A-Za-z]{1,10}")) {
            request.setProperty(PREFLIGHT, Boolean.TRUE);
            request.setMethod(requested.toUpperCase(Locale.ROOT));
        }
    }
}
