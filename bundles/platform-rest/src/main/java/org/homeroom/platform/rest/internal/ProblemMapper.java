package org.homeroom.platform.rest.internal;

import java.util.List;
import java.util.stream.Collectors;

import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import org.homeroom.platform.api.FieldError;
import org.homeroom.platform.api.Problem;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.rest.HomeroomRest;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsApplicationSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every error into an RFC 9457 {@code application/problem+json} answer that says what is wrong.
 * Unexpected failures are logged with their stack trace and answered 500 without internals.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("homeroom.problems")
@JaxrsApplicationSelect(HomeroomRest.APPLICATION_SELECT)
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders requestHeaders;

    @Override
    public Response toResponse(Throwable exception) {
        Problem problem = toProblem(exception, instance());
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        // a script (the console) signals itself with X-Requested-With, and shows its own sign-in form
        // instead of the browser's Basic dialog, which the challenge header would open
        if (problem.status() == 401 && !isScript()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Homeroom\", charset=\"UTF-8\"");
        }
        if (exception instanceof WebApplicationException wae && problem.status() == 405) {
            java.util.Set<String> known = allowedHere();
            String allow = known.isEmpty() ? allowed(wae.getResponse().getHeaderString(HttpHeaders.ALLOW), requestMethod())
                    : String.join(", ", known);
            if (allow != null) {
                response.header(HttpHeaders.ALLOW, allow);
            }
        }
        if (problem.status() == 429) {
            // every 429 says when to come back (RFC 6585); the limiter knows, anything else gets a minute
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(exception));
        }
        return response.build();
    }

    @Context
    javax.ws.rs.core.Request request;

    private volatile org.osgi.framework.BundleContext context;
    @org.osgi.service.component.annotations.Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile org.homeroom.platform.api.ModuleRegistry modules;

    private Class<?> moduleResource(String id) {
        org.homeroom.platform.api.ModuleRegistry registry = modules;
        return registry == null ? null : registry.active(id).map(m -> m.resource().getClass()).orElse(null);
    }

    @org.osgi.service.component.annotations.Activate
    void activate(org.osgi.framework.BundleContext bundleContext) {
        this.context = bundleContext;
    }

    /**
     * The methods answered at this path: by the platform resource class JAX-RS picks (most literal
     * characters in its path) or, through the module locators, by the module's resource. Empty when
     * that cannot be known (CXF's list, less the refused method, is sent then).
     */
    private java.util.Set<String> allowedHere() {
        try {
            String path = uriInfo.getPath(false);
            org.osgi.framework.BundleContext bundleContext = context;
            if (bundleContext == null) {
                return java.util.Set.of();
            }
            org.osgi.framework.ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(null, "(osgi.jaxrs.resource=true)");
            Class<?> best = null;
            String bestTemplate = null;
            for (org.osgi.framework.ServiceReference<?> ref : refs == null ? new org.osgi.framework.ServiceReference<?>[0] : refs) {
                if (!HomeroomRest.APPLICATION_SELECT.equals(String.valueOf(ref.getProperty("osgi.jaxrs.application.select")))) {
                    continue;
                }
                Class<?> type = ref.getBundle().loadClass(((String[]) ref.getProperty("objectClass"))[0]);
                javax.ws.rs.Path classPath = type.getAnnotation(javax.ws.rs.Path.class);
                if (classPath != null && AllowedMethods.below(classPath.value(), path) != null
                        && (bestTemplate == null || AllowedMethods.literalLength(classPath.value()) > AllowedMethods.literalLength(bestTemplate))) {
                    best = type;
                    bestTemplate = classPath.value();
                }
            }
            return best == null ? java.util.Set.of() : AllowedMethods.of(best, AllowedMethods.below(bestTemplate, path), this::moduleResource);
        } catch (RuntimeException | ClassNotFoundException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.debug("Could not work out the allowed methods", e);
            return java.util.Set.of();
        }
    }

    static long retryAfterSeconds(Throwable exception) {
        return exception instanceof TooManyRequestsException t ? t.retryAfterSeconds() : 60;
    }

    private String requestMethod() {
        try {
            return request == null ? null : request.getMethod();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * CXF's Allow for a 405 is the union of every method of the classes whose path matched, and so names
     * the very method it refused: take that one (and duplicates) out.
     */
    static String allowed(String cxfAllow, String refused) {
        if (cxfAllow == null) {
            return null;
        }
        java.util.Set<String> methods = new java.util.LinkedHashSet<>();
        for (String m : cxfAllow.split(",")) {
            String method = m.trim().toUpperCase(java.util.Locale.ROOT);
            if (!method.isEmpty() && !method.equals(refused)) {
                methods.add(method);
            }
        }
        return String.join(", ", methods);
    }

    private boolean isScript() {
        try {
            return requestHeaders != null && "XMLHttpRequest".equalsIgnoreCase(requestHeaders.getHeaderString("X-Requested-With"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private String instance() {
        try {
            return uriInfo == null ? null : "/" + HomeroomRest.BASE + "/" + uriInfo.getPath(false).replaceFirst("^/", "");
        } catch (RuntimeException e) {
            return null;
        }
    }

    static Problem toProblem(Throwable exception, String instance) {
        if (clientWentAway(exception)) {
            // the client closed the connection mid-answer (a browser tab, a load generator stopping): not our error
            LOG.debug("Client went away during {}", instance);
            return problem(499, "Client closed request", "The client closed the connection.", instance, List.of());
        }
        Throwable e = unwrap(exception);
        if (e instanceof ProblemException p) {
            return problem(p.status(), p.title(), p.getMessage(), instance, p.errors());
        }
        if (e instanceof BodyTooLargeException tooLarge) {
            return problem(413, "Request body too large", tooLarge.getMessage(), instance, List.of());
        }
        if (e instanceof JsonProcessingException json) {
            return jsonProblem(json, instance);
        }
        if (e instanceof WebApplicationException wae) {
            int status = wae.getResponse().getStatus();
            if (status >= 500) {
                LOG.error("Request {} failed", instance, wae);
                return problem(status, "Server error", "The request could not be completed; the error is in the server log.", instance, List.of());
            }
            return problem(status, titleOf(status), detailOf(status), instance, List.of());
        }
        LOG.error("Request {} failed", instance, exception);
        return problem(500, "Server error", "The request could not be completed; the error is in the server log.", instance, List.of());
    }

    private static boolean clientWentAway(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (t.getClass().getName().endsWith(".EofException") || message.contains("Broken pipe")
                    || message.contains("Connection reset by peer")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable unwrap(Throwable exception) {
        Throwable e = exception;
        // CXF and Jackson wrap the reader's failure; the useful cause is deeper
        while (e.getCause() != null && e.getCause() != e
                && (e.getCause() instanceof JsonProcessingException || e.getCause() instanceof ProblemException
                    || e.getCause() instanceof BodyTooLargeException)) {
            e = e.getCause();
        }
        return e;
    }

    private static Problem jsonProblem(JsonProcessingException json, String instance) {
        if (json instanceof JsonParseException || !(json instanceof JsonMappingException)) {
            String where = json.getLocation() == null ? "" : " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
            return problem(400, "Malformed JSON", "The request body is not valid JSON" + where + ".", instance, List.of());
        }
        JsonMappingException mapping = (JsonMappingException) json;
        String field = mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (field.isEmpty()) {
            field = "body";
        }
        String message;
        if (json instanceof UnrecognizedPropertyException unknown) {
            field = unknown.getPropertyName();
            message = "is not a known field";
        } else if (json instanceof InvalidFormatException invalid) {
            message = "has the wrong type or format: expected " + simpleType(invalid.getTargetType());
        } else if (json instanceof MismatchedInputException mismatched) {
            message = "has the wrong type: expected " + simpleType(mismatched.getTargetType());
        } else {
            message = "cannot be read";
        }
        return problem(400, "Unreadable request body", "Field '" + field + "' " + message + ".", instance,
                List.of(new FieldError(field, message)));
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date/time such as 2026-11-24T08:00:00Z";
        }
        return type.getSimpleName();
    }

    private static Problem problem(int status, String title, String detail, String instance, List<FieldError> errors) {
        return new Problem("about:blank", title, status, detail, instance, errors);
    }

    static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            case 422 -> "Validation failed";
            default -> Response.Status.fromStatusCode(status) == null ? "Error " + status : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }

    private static String detailOf(int status) {
        return switch (status) {
            case 400 -> "The request could not be read; check its body and parameters.";
            case 401 -> "Sign in with HTTP Basic credentials.";
            case 403 -> "You are signed in but not allowed to do this.";
            case 404 -> "No resource at this address.";
            case 405 -> "This address does not accept this HTTP method.";
            case 406 -> "This resource cannot answer in the media type the Accept header asks for.";
            case 415 -> "Send the request body as application/json.";
            default -> titleOf(status) + ".";
        };
    }
}
