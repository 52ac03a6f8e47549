package org.homeroom.platform.rest.internal;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MultivaluedMap;
import javax.ws.rs.core.Response;

import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Cross-origin calls from school websites. Decided by the matched method, never by a list of paths:
 * a public ({@code @PermitAll}, as the access filter reads it) GET or HEAD may be read by any origin;
 * a public POST (PUT, DELETE…) only by the origins in {@code corsOrigins}; everything else gets no
 * CORS header at all and stays same-origin. Preflights are answered 204 here, before the access
 * filter, the rate limiter or the method run.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class}, configurationPid = RestConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@JaxrsExtension
@JaxrsName("homeroom.cors")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Priority(Priorities.AUTHORIZATION - 100)
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_ORIGIN = "homeroom.cors.origin";
    static final String ALLOWED_HEADERS = "Accept, Accept-Language, Content-Type, If-None-Match, X-Tracking-Token";
    static final String EXPOSED_HEADERS = "ETag, Location, Retry-After";

    private final Set<String> writeOrigins;

    @Context
    ResourceInfo resourceInfo;

    @Activate
    public CorsFilter(HttpConfig config) {
        this(config.corsOrigins());
    }

    CorsFilter(String origins) {
        this.writeOrigins = Arrays.stream(origins == null ? new String[0] : origins.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(CorsFilter::normalise).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        boolean preflight = Boolean.TRUE.equals(request.getProperty(CorsPreflightFilter.PREFLIGHT));
        String allowed = origin == null ? null
                : allowedOrigin(resourceInfo == null ? null : resourceInfo.getResourceMethod(),
                        resourceInfo == null ? null : resourceInfo.getResourceClass(), request.getMethod(), origin);
        if (allowed != null) {
            request.setProperty(ALLOWED_ORIGIN, allowed);
        }
        if (preflight) {
            Response.ResponseBuilder answer = Response.noContent();
            if (allowed != null) {
                answer.header("Access-Control-Allow-Methods", request.getMethod())
                        .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                        .header("Access-Control-Max-Age", "600");
            }
            request.abortWith(answer.build());
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object allowed = request.getProperty(ALLOWED_ORIGIN);
        if (allowed == null) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putSingle("Access-Control-Allow-Origin", allowed);
        if (!"*".equals(allowed)) {
            headers.add("Vary", "Origin");
        }
        if (!Boolean.TRUE.equals(request.getProperty(CorsPreflightFilter.PREFLIGHT))) {
            headers.putSingle("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
    }

    /** The value of Access-Control-Allow-Origin for this call, or null for none. */
    String allowedOrigin(Method method, Class<?> type, String httpMethod, String origin) {
        if (!AccessFilter.isPublic(method, type)) {
            return null;
        }
        String verb = httpMethod.toUpperCase(Locale.ROOT);
        if (verb.equals("GET") || verb.equals("HEAD")) {
            return "*";
        }
        return writeOrigins.contains(normalise(origin)) ? origin : null;
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
