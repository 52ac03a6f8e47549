package org.homeroom.platform.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.Optional;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.SecurityContext;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;

/**
 * HTTP Basic against the configured JAAS realm. A request without credentials goes on anonymous (the
 * access filter and the module router decide whether that is allowed); wrong credentials are a 401.
 */
@Component(service = ContainerRequestFilter.class, configurationPid = RestConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RestConfig.class)
@JaxrsExtension
@JaxrsName("homeroom.authentication")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    private final JaasAuthenticator authenticator;
    private final CredentialCache cache;

    @Activate
    public AuthenticationFilter(RestConfig config) {
        this.authenticator = new JaasAuthenticator(config.realm());
        this.cache = new CredentialCache(config.credentialCacheSeconds(), System::nanoTime);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return;
        }
        CurrentUser user = cache.get(header).orElseGet(() -> {
            CurrentUser verified = verify(header).orElseThrow(
                    () -> ProblemException.unauthorized("The user name or password is not correct."));
            cache.put(header, verified);
            return verified;
        });
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new UserSecurityContext(user, secure));
    }

    private Optional<CurrentUser> verify(String header) {
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
        return authenticator.login(decoded.substring(0, colon), decoded.substring(colon + 1));
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
