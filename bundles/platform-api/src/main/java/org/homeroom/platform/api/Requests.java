package org.homeroom.platform.api;

import java.net.URI;
import java.util.List;

import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;

/**
 * What a module's resource methods need from a request, so that they hold domain logic only:
 * {@code @Context SecurityContext}, {@code @Context HttpHeaders} and {@code @Context UriInfo} go in,
 * typed values or problem answers come out.
 */
public final class Requests {

    private Requests() {
    }

    /** The signed-in user; 401 when nobody signed in (only reachable from {@code @PermitAll} methods). */
    public static CurrentUser user(SecurityContext security) {
        return CurrentUser.of(security).orElseThrow(() -> ProblemException.unauthorized("Sign in first."));
    }

    /**
     * A numeric id from the path; anything else is 404 naming the thing ("There is no announcement
     * 'abc'."), since a path that cannot name a record names none.
     */
    public static long id(String thing, String raw) {
        try {
            long id = Long.parseLong(raw == null ? "" : raw.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw notFound(thing, raw);
    }

    /** 404 "There is no {thing} '{id}'." */
    public static ProblemException notFound(String thing, Object id) {
        return ProblemException.notFound("There is no " + thing + " '" + QueryParams.abbreviate(String.valueOf(id)) + "'.");
    }

    /** The request's language from {@code ?lang=} or {@code Accept-Language}; see {@link Language#of}. */
    public static Language language(String langParameter, HttpHeaders headers) {
        return Language.of(langParameter, headers == null ? null : headers.getHeaderString(HttpHeaders.ACCEPT_LANGUAGE));
    }

    /** 201 Created with {@code Location} = this request's path + {@code /id}, and the created record as body. */
    public static Response created(UriInfo uri, Object id, Object entity) {
        return created(uri.getAbsolutePathBuilder().path(String.valueOf(id)).build(), entity);
    }

    public static Response created(URI location, Object entity) {
        return Response.created(location).entity(entity).build();
    }

    /** 422 for one field, e.g. {@code throw Requests.invalid("status", "must be one of …")}. */
    public static ProblemException invalid(String field, String message) {
        return ProblemException.invalid(List.of(new FieldError(field, message)));
    }
}
