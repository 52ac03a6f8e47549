package org.homeroom.platform.rest.internal;

import java.lang.reflect.Method;
import java.util.Arrays;

import javax.annotation.Priority;
import javax.annotation.security.DenyAll;
import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/**
 * Secure by default: every matched resource method needs a signed-in user unless it is
 * {@code @PermitAll}; {@code @RolesAllowed} (method first, then class) narrows it to roles, and admin
 * passes every role check. Module requests are checked again by the module router, which knows the
 * module's own rules.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("homeroom.access")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
@Priority(Priorities.AUTHORIZATION)
public class AccessFilter implements ContainerRequestFilter {

    @Context
    ResourceInfo resourceInfo;

    @Override
    public void filter(ContainerRequestContext request) {
        Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        Class<?> type = resourceInfo == null ? null : resourceInfo.getResourceClass();
        check(method, type, CurrentUser.of(request.getSecurityContext()).orElse(null));
    }

    static void check(Method method, Class<?> type, CurrentUser user) {
        if (has(method, type, DenyAll.class)) {
            throw ProblemException.forbidden("Nobody may call this.");
        }
        if (isPublic(method, type)) {
            return;
        }
        if (user == null) {
            throw ProblemException.unauthorized("Sign in to use this resource.");
        }
        RolesAllowed roles = method != null && method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : type != null ? type.getAnnotation(RolesAllowed.class) : null;
        if (roles != null && Arrays.stream(roles.value()).noneMatch(user::hasRole)) {
            throw ProblemException.forbidden("This needs one of the roles " + String.join(", ", roles.value()) + ".");
        }
    }

    /** Public on purpose: {@code @PermitAll} on the method, or on its class when the method names no roles. */
    static boolean isPublic(Method method, Class<?> type) {
        return method != null && !method.isAnnotationPresent(DenyAll.class) && (method.isAnnotationPresent(PermitAll.class)
                || !method.isAnnotationPresent(RolesAllowed.class) && type != null && type.isAnnotationPresent(PermitAll.class)
                && !type.isAnnotationPresent(DenyAll.class));
    }

    private static boolean has(Method method, Class<?> type, Class<? extends java.lang.annotation.Annotation> annotation) {
        return method != null && method.isAnnotationPresent(annotation) || type != null && type.isAnnotationPresent(annotation);
    }
}
