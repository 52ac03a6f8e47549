package org.homeroom.platform.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.Problem;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic against the configured JAAS realm. A request without credentials goes on anonymous (the
 * access filter and the module router decide whether that is allowed); wrong credentials are a 401.
 * Wrong passwords are throttled per (user, client address) and per address ({@link LoginThrottle}): 429
 * with Retry-After, checked before the realm is asked. A realm that cannot decide (its directory is
 * unreachable, or it is not defined) is a 503 and an error in the log, never "wrong password".
 */
@Component(service = ContainerRequestFilter.class, configurationPid = RestConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RestConfig.class)
@JaxrsExtension
@JaxrsName("homeroom.authentication")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFilter.class);
    /** Seconds a client is asked to wait when the directory did not answer. */
    static final int UNAVAILABLE_RETRY_SECONDS = 30;
    private static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private final JaasAuthenticator authenticator;
    private final CredentialCache cache;
    private final LoginThrottle throttle;
    private final LongSupplier clock;
    /** The client behind a trusted proxy (X-Forwarded-For), as the rate limiter sees it. */
    private final ClientAddresses addresses;
    private final AtomicLong lastUnavailableLog = new AtomicLong();
    private final AtomicLong unavailableSinceLog = new AtomicLong();

    @Context
    HttpServletRequest http;

    @Activate
    public AuthenticationFilter(RestConfig config, HttpConfig httpConfig) {
        this(new JaasAuthenticator(config.realm()), config, System::nanoTime, new ClientAddresses(httpConfig.trustedProxies()));
    }

    AuthenticationFilter(JaasAuthenticator authenticator, RestConfig config, LongSupplier nanoClock) {
        this(authenticator, config, nanoClock, new ClientAddresses(""));
    }

    AuthenticationFilter(JaasAuthenticator authenticator, RestConfig config, LongSupplier nanoClock, ClientAddresses addresses) {
        this.addresses = addresses;
        this.authenticator = authenticator;
        this.clock = nanoClock;
        this.cache = new CredentialCache(config.credentialCacheSeconds(), nanoClock);
        this.throttle = new LoginThrottle(new LoginThrottle.Limits(config.signInFailuresPerUser(), config.signInFailuresPerAddress(),
                config.signInLockoutSeconds(), config.signInMaxLockoutSeconds(), config.signInForgetSeconds()), nanoClock);
        this.lastUnavailableLog.set(nanoClock.getAsLong() - LOG_EVERY_NANOS);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return;
        }
        // recently verified credentials are right: they pass even while their address waits
        Optional<CurrentUser> cached = cache.get(header);
        if (cached.isPresent()) {
            signIn(request, cached.get());
            return;
        }
        String[] credentials = credentials(header);
        String user = credentials[0];
        String address = clientAddress(request);
        Optional<Long> wait = throttle.retryAfter(user, address);
        if (wait.isPresent()) {
            request.abortWith(problem(request, 429, "Too many failed sign-ins",
                    "Too many wrong passwords from this address: try again in " + wait.get() + " seconds.", wait.get()));
            return;
        }
        JaasAuthenticator.Outcome outcome = authenticator.login(user, credentials[1]);
        if (outcome instanceof JaasAuthenticator.Verified verified) {
            throttle.succeeded(user, address);
            cache.put(header, verified.user());
            signIn(request, verified.user());
        } else if (outcome instanceof JaasAuthenticator.Unavailable unavailable) {
            logUnavailable(unavailable.reason());
            request.abortWith(problem(request, 503, "Sign-in unavailable",
                    "The sign-in directory is unreachable; try again in a few minutes. The details are in the server log.",
                    UNAVAILABLE_RETRY_SECONDS));
        } else {
            throttle.failed(user, address);
            throw ProblemException.unauthorized("The user name or password is not correct.");
        }
    }

    private static void signIn(ContainerRequestContext request, CurrentUser user) {
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new UserSecurityContext(user, secure));
    }

    /** {user, password} from a Basic header; 401 for anything else. */
    private static String[] credentials(String header) {
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw ProblemException.unauthorized("Only HTTP Basic authentication is accepted.");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.unauthorized("The Authorization header is not valid Base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw ProblemException.unauthorized("The Authorization header must hold user:password.");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private String clientAddress(ContainerRequestContext request) {
        try {
            String address = http == null ? null : http.getRemoteAddr();
            return addresses.client(address == null ? "unknown" : address, request.getHeaders().get("X-Forwarded-For"));
        } catch (RuntimeException e) {
            return "unknown"; // no request bound to this thread (unit tests)
        }
    }

    /** An outage makes every sign-in fail at once: one log line per 30 s, with the count of the others. */
    private void logUnavailable(String reason) {
        long now = clock.getAsLong();
        long last = lastUnavailableLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastUnavailableLog.compareAndSet(last, now)) {
            long others = unavailableSinceLog.getAndSet(0);
            LOG.error("Sign-in failed: the sign-in directory is unreachable (JAAS realm \"{}\"): {}{}", authenticator.realm(), reason,
                    others > 0 ? " (" + others + " more sign-ins failed the same way since the last message)" : "");
        } else {
            unavailableSinceLog.incrementAndGet();
        }
    }

    private static Response problem(ContainerRequestContext request, int status, String title, String detail, long retryAfterSeconds) {
        String path = request.getUriInfo() == null ? "" : request.getUriInfo().getPath(false).replaceFirst("^/", "");
        Problem problem = new Problem("about:blank", title, status, detail, "/" + HomeroomRest.BASE + "/" + path, List.of());
        return Response.status(status).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds))
                .entity(problem).build();
    }

    /** The request's security context: the principal is the {@link CurrentUser}. */
    record UserSecurityContext(CurrentUser user, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return user;
        }

        @Override
        public boolean isUserInRole(String role) {
            return user.hasRole(role);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return BASIC_AUTH;
        }
    }
}
