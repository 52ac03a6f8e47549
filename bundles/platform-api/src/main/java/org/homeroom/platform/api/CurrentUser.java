package org.homeroom.platform.api;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.ws.rs.core.SecurityContext;

/** The signed-in user of a request, as the JAAS realm described them. Also the request's {@link Principal}. */
public record CurrentUser(String name, Set<String> roles) implements Principal {

    public CurrentUser {
        roles = Set.copyOf(roles);
    }

    /** The user of a JAX-RS request, if one signed in. */
    public static Optional<CurrentUser> of(SecurityContext context) {
        return context != null && context.getUserPrincipal() instanceof CurrentUser user ? Optional.of(user) : Optional.empty();
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean hasRole(String role) {
        return isAdmin() || roles.contains(role);
    }

    /** True for admin and comms: they work across every site. */
    public boolean seesAllSites() {
        return isAdmin() || roles.contains(Roles.COMMS);
    }

    /** Codes of the sites this user is a member of (from {@code site:CODE} roles). */
    public Set<String> sites() {
        return roles.stream().filter(r -> r.startsWith(Roles.SITE_PREFIX))
                .map(r -> r.substring(Roles.SITE_PREFIX.length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public boolean canAccessSite(String code) {
        return seesAllSites() || roles.contains(Roles.site(code));
    }
}
