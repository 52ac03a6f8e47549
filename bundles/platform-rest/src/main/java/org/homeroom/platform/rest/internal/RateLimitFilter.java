package org.homeroom.platform.rest.internal;

import java.lang.reflect.Method;

import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.RateLimited;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Enforces {@link RateLimited} on the matched resource method (platform or module: CXF runs
 * post-matching filters for sub-resource methods too) for callers who are not signed in: 429
 * problem+json with {@code Retry-After}. The client is the socket address, or the nearest untrusted
 * X-Forwarded-For address behind a configured trusted proxy. State is per node, in memory, bounded.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = RestConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@JaxrsExtension
@JaxrsName("homeroom.rate-limit")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {

    private final RateLimiter limiter;
    private final ClientAddresses addresses;
    /** Requests per minute per bucket set in etc/org.homeroom.rest.cfg ({@code rateLimits}), over the annotations' defaults. */
    private final java.util.Map<String, Integer> overrides;

    @Context
    ResourceInfo resourceInfo;

    @Context
    HttpServletRequest servletRequest;

    @Activate
    public RateLimitFilter(HttpConfig config) {
        this(new RateLimiter(config.rateLimitClients(), System::nanoTime), new ClientAddresses(config.trustedProxies()),
                overrides(config.rateLimits()));
    }

    RateLimitFilter(RateLimiter limiter, ClientAddresses addresses) {
        this(limiter, addresses, java.util.Map.of());
    }

    RateLimitFilter(RateLimiter limiter, ClientAddresses addresses, java.util.Map<String, Integer> overrides) {
        this.limiter = limiter;
        this.addresses = addresses;
        this.overrides = java.util.Map.copyOf(overrides);
    }

    /** {@code bucket=perMinute, …}; a malformed entry stops the component with a message naming it. */
    static java.util.Map<String, Integer> overrides(String text) {
        java.util.Map<String, Integer> map = new java.util.HashMap<>();
        for (String entry : text == null ? new String[0] : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            try {
                int perMinute = Integer.parseInt(parts.length == 2 ? parts[1].trim() : "");
                if (perMinute < 1) {
                    throw new NumberFormatException();
                }
                map.put(parts[0].trim(), perMinute);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("rateLimits: '" + entry.trim() + "' must be bucket=requests per minute (1 or more)");
            }
        }
        return map;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        RateLimited limit = limitOf(resourceInfo == null ? null : resourceInfo.getResourceMethod(),
                resourceInfo == null ? null : resourceInfo.getResourceClass());
        if (limit == null || CurrentUser.of(request.getSecurityContext()).isPresent()) {
            return;
        }
        String socket = servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        check(limit, addresses.client(socket, request.getHeaders().get("X-Forwarded-For")));
    }

    void check(RateLimited limit, String client) {
        RateLimiter.Decision decision = limiter.take(limit.bucket(), client, overrides.getOrDefault(limit.bucket(), limit.perMinute()));
        if (!decision.allowed()) {
            throw new TooManyRequestsException(decision.retryAfterSeconds());
        }
    }

    /** The method's annotation, else its class's. */
    static RateLimited limitOf(Method method, Class<?> type) {
        RateLimited onMethod = method == null ? null : method.getAnnotation(RateLimited.class);
        return onMethod != null ? onMethod : type == null ? null : type.getAnnotation(RateLimited.class);
    }
}
