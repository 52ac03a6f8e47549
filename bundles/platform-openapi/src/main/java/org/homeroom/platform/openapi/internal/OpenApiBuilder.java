package org.homeroom.platform.openapi.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Path;

import org.homeroom.platform.api.RateLimited;

import io.swagger.v3.core.util.PrimitiveType;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;

/**
 * Builds the OpenAPI document from resource classes. swagger-core's {@link Reader} turns the JAX-RS
 * annotations and the Java types into paths, parameters and schemas; this class adds what Homeroom's own
 * conventions say and swagger cannot see: where a module is mounted (the platform's locators hand requests
 * to modules at run time, which no scanner follows), who may call each operation ({@code @PermitAll},
 * {@code @RolesAllowed}, HTTP Basic through the district's realm), the problem+json answers, the
 * summaries from the code's doc comments, and a tag per module.
 */
final class OpenApiBuilder {

    /** One class to describe, mounted under {@code prefix} ("" for platform resources), tagged {@code tag}. */
    record Source(Class<?> type, String prefix, String tag, String tagDescription) {
    }

    static final String BASIC = "basicAuth";
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([A-Za-z0-9_.-]+)\\s*(?::[^}]*)?}");

    private OpenApiBuilder() {
    }

    static {
        // Homeroom writes java.time values as ISO-8601 text (Jackson's JavaTimeModule): say so in the schemas
        PrimitiveType.enablePartialTime(); // LocalTime: "08:00:00"
        for (String type : List.of("java.time.Duration", "java.time.Period", "java.time.ZoneId", "java.time.YearMonth",
                "java.time.MonthDay", "java.time.DayOfWeek")) {
            PrimitiveType.customClasses().put(type, PrimitiveType.STRING);
        }
    }

    static OpenAPI build(String version, Map<String, String> apiPackages, List<Source> sources) {
        OpenAPI base = new OpenAPI()
                .info(new Info().title("Homeroom API").version(version)
                        .description("The REST API of Homeroom, the district's communications and family engagement platform. "
                                + "Every path is under /api. Sign in with HTTP Basic (the district's directory account); "
                                + "operations marked public need no sign-in. Every error is application/problem+json (RFC 9457). "
                                + "Additive changes (new paths, new optional fields) keep this version's major number; "
                                + "removals and renames come as new paths first (see docs/ARCHITECTURE.md, 'The API').")
                        .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("/api")))
                .components(new Components()
                        .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("The district's sign-in (Karaf JAAS realm: properties, LDAP or Active Directory)."))
                        .addSchemas("Problem", problemSchema())
                        .addSchemas("FieldError", fieldErrorSchema()));
        base.addExtension("x-homeroom-api-packages", new TreeMap<>(apiPackages));
        SwaggerConfiguration configuration = new SwaggerConfiguration().openAPI(base).readAllResources(true).prettyPrint(false);
        Reader reader = new Reader(configuration);
        List<Source> sorted = new ArrayList<>(sources);
        sorted.sort(Comparator.comparing(Source::prefix).thenComparing(s -> s.type().getName()));
        for (Source source : sorted) {
            reader.read(source.type(), source.prefix(), null, false, null, null, new LinkedHashSet<>(), new ArrayList<>(),
                    new HashSet<>());
        }
        OpenAPI api = reader.getOpenAPI();
        // the locators themselves (/{module}, /sites/{code}/{module}) are not operations: the modules are described
        Paths kept = new Paths();
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> {
                if (!path.contains("{module}")) {
                    kept.addPathItem(path, item);
                }
            });
        }
        api.setPaths(kept);
        Map<String, Tag> tags = new LinkedHashMap<>();
        for (Source source : sorted) {
            tags.putIfAbsent(source.tag(), new Tag().name(source.tag()).description(source.tagDescription()));
            for (Endpoint endpoint : endpoints(source)) {
                Operation operation = find(api, endpoint);
                if (operation != null) {
                    decorate(operation, endpoint, source.tag());
                }
            }
        }
        api.setTags(new ArrayList<>(tags.values()));
        Schemas.tidy(api);
        return api;
    }

    /** A resource method as JAX-RS will match it: HTTP method, full path (templates without their regex). */
    record Endpoint(String httpMethod, String path, Method method, Class<?> resource) {
    }

    static List<Endpoint> endpoints(Source source) {
        List<Endpoint> found = new ArrayList<>();
        Path classPath = source.type().getAnnotation(Path.class);
        Method[] methods = source.type().getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::toGenericString));
        for (Method method : methods) {
            Optional<String> http = httpMethod(method);
            if (http.isEmpty()) {
                continue;
            }
            Path methodPath = method.getAnnotation(Path.class);
            String path = join(source.prefix(), classPath == null ? null : classPath.value(), methodPath == null ? null : methodPath.value());
            found.add(new Endpoint(http.get(), path, method, source.type()));
        }
        return found;
    }

    static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return Optional.of(http.value());
            }
        }
        return Optional.empty();
    }

    /** The path as OpenAPI writes it: one leading slash, no trailing one, {@code {id: [0-9]+}} as {@code {id}}. */
    static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            for (String segment : TEMPLATE.matcher(part).replaceAll("{$1}").split("/")) {
                if (!segment.isBlank()) {
                    path.append('/').append(segment.trim());
                }
            }
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    private static Operation find(OpenAPI api, Endpoint endpoint) {
        PathItem item = api.getPaths().get(endpoint.path());
        if (item == null) {
            return null;
        }
        return item.readOperationsMap().get(PathItem.HttpMethod.valueOf(endpoint.httpMethod()));
    }

    private static void decorate(Operation operation, Endpoint endpoint, String tag) {
        Method method = endpoint.method();
        operation.setTags(new ArrayList<>(List.of(tag)));
        String doc = DocComments.of(method);
        String summary = DocComments.firstSentence(doc);
        if (operation.getSummary() == null) {
            operation.setSummary(summary.isEmpty() ? humanized(method.getName()) : summary);
        }
        boolean isPublic = annotated(method, endpoint.resource(), PermitAll.class);
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class) != null ? method.getAnnotation(RolesAllowed.class)
                : endpoint.resource().getAnnotation(RolesAllowed.class);
        StringBuilder description = new StringBuilder(doc);
        if (description.length() > 0) {
            description.append("\n\n");
        }
        if (isPublic) {
            description.append("**Public**: no sign-in needed.");
            operation.setSecurity(List.of(new SecurityRequirement()));
            operation.addExtension("x-public", true);
        } else {
            List<String> names = roles == null ? List.of() : List.of(roles.value());
            description.append(names.isEmpty() ? "**Sign-in**: any signed-in user (site staff only for their own sites)."
                    : "**Roles**: " + String.join(", ", names) + " (admin may call every operation).");
            operation.setSecurity(List.of(new SecurityRequirement().addList(BASIC)));
            operation.addExtension("x-roles", names);
        }
        if (method.getAnnotation(RateLimited.class) != null) {
            description.append(" Rate-limited per client address (429 with Retry-After).");
        }
        operation.setDescription(description.toString());
        operation.setOperationId(null);
        // every {name} of the path is a parameter, also those the module method does not declare (the site
        // code of a site module is read by the platform's locator, not by the module)
        Matcher names = TEMPLATE.matcher(endpoint.path());
        while (names.find()) {
            String name = names.group(1);
            List<Parameter> parameters = operation.getParameters() == null ? new ArrayList<>() : new ArrayList<>(operation.getParameters());
            boolean declared = parameters.stream().anyMatch(p -> "path".equals(p.getIn()) && name.equals(p.getName()));
            if (!declared) {
                parameters.add(0, new PathParameter().name(name).required(true).schema(new StringSchema())
                        .description("code".equals(name) ? "The site's code, e.g. E01." : null));
                operation.setParameters(parameters);
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean hasBody = operation.getRequestBody() != null;
        addProblem(responses, "400", "The request could not be read (malformed JSON, wrong types, a malformed parameter).");
        if (!isPublic) {
            addProblem(responses, "401", "Sign in first (HTTP Basic).");
            addProblem(responses, "403", "Signed in, but not allowed: a role this operation needs, or another site's data.");
        }
        addProblem(responses, "404", "No such record, site or module, or the module is not enabled for the site.");
        if (hasBody) {
            addProblem(responses, "413", "The body is too large.");
            addProblem(responses, "415", "Send the body in the media type this operation consumes (UTF-8).");
            addProblem(responses, "422", "Validation failed: `errors` names every invalid field.");
        }
        if (!"GET".equals(endpoint.httpMethod()) && !"HEAD".equals(endpoint.httpMethod())) {
            addProblem(responses, "409", "The change conflicts with the record's state or a duplicate.");
        }
        if (method.getAnnotation(RateLimited.class) != null) {
            addProblem(responses, "429", "Too many requests from this address; retry after the Retry-After seconds.");
        }
        addProblem(responses, "500", "Unexpected failure; the cause is in the server log, never in the answer.");
        if (responses.keySet().stream().noneMatch(code -> code.startsWith("2") || "default".equals(code))) {
            responses.addApiResponse("200", new ApiResponse().description("OK"));
        }
        operation.setResponses(responses);
    }

    private static void addProblem(ApiResponses responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        responses.addApiResponse(status, new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    }

    private static boolean annotated(Method method, Class<?> resource, Class<? extends Annotation> annotation) {
        return method.getAnnotation(annotation) != null
                || (method.getAnnotation(RolesAllowed.class) == null && resource.getAnnotation(annotation) != null);
    }

    static String humanized(String methodName) {
        String words = methodName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1) + ".";
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("about:blank"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("What is wrong, in words a person can act on."))
                .addProperty("instance", new StringSchema())
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError")))
                .required(List.of("title", "status"));
    }

    @SuppressWarnings("rawtypes")
    private static Schema fieldErrorSchema() {
        return new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema())
                .required(List.of("field", "message"));
    }
}
