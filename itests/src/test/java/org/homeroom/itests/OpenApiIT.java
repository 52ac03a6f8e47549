package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.github.classgraph.AnnotationInfo;
import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.MethodInfo;
import io.github.classgraph.ScanResult;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * {@code /api/openapi.json} of the real distribution, checked against things it did not write: swagger-parser
 * reads it; the bytecode of the shipped bundles (ClassGraph, no class loaded) says which resource methods
 * exist, and every one must be described and nothing else; every described operation answers at its path;
 * the README's calls are checked against the document's schemas with networknt's JSON Schema validator.
 * A separate process, like {@link RestartIT}: the test needs the parser and validator beside a plain HTTP server.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OpenApiIT {

    private static final int PORT = HomeroomTestSupport.port(18585);
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([A-Za-z0-9_.-]+)\\s*(?::[^}]*)?}");
    private static final Set<String> HTTP = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KarafProcess karaf;

    @BeforeClass
    public static void start() throws IOException {
        karaf = new KarafProcess("openapi-it", PORT, HomeroomTestSupport.port(18602), HomeroomTestSupport.port(11399),
                HomeroomTestSupport.port(44745));
        karaf.start();
        HomeroomTestSupport.await("demo site E01", 60_000, () -> karaf.call("GET", "/sites/E01", "admin", null), a -> a.status() == 200);
        // the sample module answers at E01 from here on, so its routes reach its methods (not the router's 404)
        karaf.call("PUT", "/sites/E01/modules/announcements", "admin", "{\"enabled\":true}").expect(200);
    }

    @AfterClass
    public static void stop() throws Exception {
        if (karaf != null) {
            karaf.stop(false);
            karaf.delete();
        }
    }

    private static HomeroomTestSupport.Answer document() {
        HomeroomTestSupport.Answer answer = karaf.call("GET", "/openapi.json", null, null);
        assertEquals("public on purpose: " + answer.body(), 200, answer.status());
        assertTrue(answer.contentType(), answer.contentType().startsWith("application/json"));
        return answer;
    }

    private static OpenAPI parsed(boolean resolveFully) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(resolveFully);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document().body(), null, options);
        assertTrue("swagger-parser finds no error: " + result.getMessages(), result.getMessages() == null || result.getMessages().isEmpty());
        return result.getOpenAPI();
    }

    @Test
    public void a_theDocumentParsesCleanAndCarriesTheVersions() throws IOException {
        OpenAPI api = parsed(false);
        assertTrue(api.getInfo().getVersion(), api.getInfo().getVersion().matches("\\d+\\.\\d+\\.\\d+"));
        assertEquals("/api", api.getServers().get(0).getUrl());
        assertNotNull(api.getComponents().getSecuritySchemes().get("basicAuth"));
        // the API packages' versions in the document are those the shipped bundles export
        @SuppressWarnings("unchecked")
        Map<String, String> packages = (Map<String, String>) api.getExtensions().get("x-homeroom-api-packages");
        String exported = manifestExport(jar("platform-api"), "org.homeroom.platform.api");
        assertEquals(exported, packages.get("org.homeroom.platform.api"));
        // a module's tag, and the reference page for people under the console's policy
        assertTrue(api.getTags().stream().anyMatch(t -> t.getName().equals("open-records")));
        HomeroomTestSupport.Answer page = HomeroomTestSupport.callUrl("GET", karaf.url("/api/docs"), null, null, null, "text/html");
        assertEquals(200, page.status());
        assertTrue(page.body(), page.body().contains("/api/docs/swagger-ui-bundle.js") && page.body().contains("/api/docs/docs.js"));
        HomeroomTestSupport.Answer script = HomeroomTestSupport.callUrl("GET", karaf.url("/api/docs/swagger-ui-bundle.js"), null, null, null, "*/*");
        assertEquals(200, script.status());
        assertTrue(script.contentType(), script.contentType().startsWith("text/javascript"));
        assertEquals(404, HomeroomTestSupport.callUrl("GET", karaf.url("/api/docs/..%2Fetc%2Fusers.properties"), null, null, null, "*/*").status());
    }

    /** What the shipped bytecode serves, as "METHOD /path", against what the document describes. */
    @Test
    public void b_everyResourceMethodInTheCodeIsDescribedAndNothingElse() throws IOException {
        Set<String> described = new TreeSet<>();
        parsed(false).getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m -> described.add(m + " " + path)));

        Set<String> inCode = new TreeSet<>();
        JsonNode modules = karaf.call("GET", "/admin/modules", "admin", null).expect(200).json();
        Map<String, String> mountBySymbolicName = new java.util.HashMap<>();
        for (JsonNode module : modules) {
            if ("active".equals(module.get("state").asText())) {
                String mount = "SITE".equals(module.get("scope").asText()) ? "/sites/{code}/" + module.get("id").asText() : "/" + module.get("id").asText();
                module.get("bundles").forEach(b -> mountBySymbolicName.put(b.get("symbolicName").asText(), mount));
            }
        }
        List<File> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(karaf.home.resolve("system/org/homeroom"))) {
            files.filter(p -> p.toString().endsWith(".jar")).forEach(p -> jars.add(p.toFile()));
        }
        for (File jar : jars) {
            String symbolicName = "org.homeroom." + jar.getParentFile().getParentFile().getName();
            boolean platform = symbolicName.startsWith("org.homeroom.platform-");
            String mount = mountBySymbolicName.get(symbolicName);
            if (!platform && mount == null) {
                continue; // a module that is not running: not in the document, by design
            }
            try (ScanResult scan = new ClassGraph().overrideClasspath(jar).enableClassInfo().enableMethodInfo().enableAnnotationInfo()
                    .ignoreClassVisibility().scan()) {
                for (ClassInfo type : scan.getAllClasses()) {
                    AnnotationInfo classPath = type.getAnnotationInfo("javax.ws.rs.Path");
                    boolean moduleResource = !platform && type.implementsInterface("org.homeroom.platform.api.HomeroomModule");
                    if (platform ? classPath == null || type.getName().contains(".itests") : !moduleResource) {
                        continue;
                    }
                    for (MethodInfo method : type.getMethodInfo()) {
                        String http = method.getAnnotationInfo().stream().map(a -> a.getName().replace("javax.ws.rs.", ""))
                                .filter(HTTP::contains).findFirst().orElse(null);
                        if (http == null || !method.isPublic()) {
                            continue;
                        }
                        AnnotationInfo methodPath = method.getAnnotationInfo("javax.ws.rs.Path");
                        inCode.add(http + " " + join(platform ? "" : mount, classPath == null ? null : (String) classPath.getParameterValues().getValue("value"),
                                methodPath == null ? null : (String) methodPath.getParameterValues().getValue("value")));
                    }
                }
            }
        }
        assertTrue("the scan found the platform and the modules: " + inCode, inCode.size() > 100);
        Set<String> missing = new TreeSet<>(inCode);
        missing.removeAll(described);
        Set<String> invented = new TreeSet<>(described);
        invented.removeAll(inCode);
        assertEquals("resource methods the document does not describe", Set.of(), missing);
        assertEquals("operations the document describes that no resource method serves", Set.of(), invented);
    }

    /** Each described operation is served at its path: never "No resource at this address", never 405. */
    @Test
    public void c_everyDescribedOperationAnswersAtItsPath() {
        OpenAPI api = parsed(false);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, PathItem> entry : api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> op : entry.getValue().readOperationsMap().entrySet()) {
                String path = fill(entry.getKey(), op.getValue());
                String method = op.getKey().name();
                String consumes = op.getValue().getRequestBody() == null || op.getValue().getRequestBody().getContent() == null
                        ? "application/json" : op.getValue().getRequestBody().getContent().keySet().iterator().next();
                boolean isPublic = Boolean.TRUE.equals(op.getValue().getExtensions() == null ? null : op.getValue().getExtensions().get("x-public"));
                HomeroomTestSupport.Answer answer;
                if ("GET".equals(method)) {
                    answer = HomeroomTestSupport.callUrl("GET", karaf.url("/api" + path), "admin", null, null, "*/*");
                } else if (!isPublic) {
                    // no credentials: the access filter runs only for a matched method, so 401 proves the route; nothing runs
                    answer = HomeroomTestSupport.callUrl(method, karaf.url("/api" + path), null, "[", consumes, "*/*");
                    if (answer.status() != 401) {
                        wrong.add(method + " " + path + " → " + answer.status() + " (expected 401 unsigned) " + answer.body());
                    }
                    checked++;
                    continue;
                } else {
                    // public changes get a body that cannot be read, so they refuse it and store nothing
                    answer = HomeroomTestSupport.callUrl(method, karaf.url("/api" + path), null, "[", "application/json", "*/*");
                }
                checked++;
                boolean unmatched = answer.status() == 404 && answer.body().contains("No resource at this address");
                if (unmatched || answer.status() == 405 || answer.status() >= 500) {
                    wrong.add(method + " " + path + " → " + answer.status() + " " + answer.body());
                }
            }
        }
        assertTrue("operations checked: " + checked, checked > 100);
        assertEquals("described operations that are not served", List.of(), wrong);
    }

    /** The README's calls, each answer checked against its operation's schema by a JSON Schema validator. */
    @Test
    public void d_theReadmeCallsMatchTheDocumentsSchemas() throws IOException {
        OpenAPI api = parsed(true);
        String[][] calls = {
                {"GET", "/health", null, "/health"},
                {"GET", "/me", "principal", "/me"},
                {"GET", "/sites?kind=high&limit=5", "admin", "/sites"},
                {"GET", "/sites/E01", "principal", "/sites/{code}"},
                {"GET", "/sites/E01/modules", "admin", "/sites/{code}/modules"},
                {"GET", "/sites/E01/announcements", "principal", "/sites/{code}/announcements"},
                {"GET", "/sites/E01/announcements/public?lang=es", null, "/sites/{code}/announcements/public"},
                {"GET", "/audit?entity=site&limit=5", "admin", "/audit"},
                {"GET", "/open-records/requests?overdue=false", "comms", "/open-records/requests"},
                {"GET", "/open-records/archive", null, "/open-records/archive"},
                {"GET", "/directory/people?q=garc&limit=5", "comms", "/directory/people"},
                {"GET", "/events", "comms", "/events"},
                {"GET", "/admin/modules", "admin", "/admin/modules"},
                {"GET", "/calendar", "comms", "/calendar"},
                {"GET", "/holds", "comms", "/holds"},
                {"GET", "/goals", "comms", "/goals"},
                {"GET", "/search?q=lincoln", "comms", "/search"},
        };
        List<String> failures = new ArrayList<>();
        int withSchema = 0;
        for (String[] call : calls) {
            HomeroomTestSupport.Answer answer = karaf.call(call[0], call[1], call[2], null);
            Operation operation = api.getPaths().get(call[3]).readOperationsMap().get(PathItem.HttpMethod.valueOf(call[0]));
            assertNotNull("described: " + call[0] + " " + call[3], operation);
            io.swagger.v3.oas.models.responses.ApiResponse declared = operation.getResponses().get(String.valueOf(answer.status()));
            if (declared == null) {
                declared = operation.getResponses().get("default");
            }
            if (declared == null) {
                failures.add(call[0] + " " + call[1] + ": status " + answer.status() + " is not described");
                continue;
            }
            MediaType media = declared.getContent() == null ? null
                    : declared.getContent().getOrDefault(answer.contentType().replaceAll(";.*", ""), declared.getContent().get("*/*"));
            if (media == null || media.getSchema() == null) {
                continue;
            }
            withSchema++;
            JsonNode schemaNode = JSON.readTree(Json.mapper().writeValueAsString(media.getSchema()));
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build();
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode, config);
            Set<ValidationMessage> messages = schema.validate(JSON.readTree(answer.body()));
            if (!messages.isEmpty()) {
                failures.add(call[0] + " " + call[1] + ": " + messages);
            }
        }
        assertTrue("answers checked against a schema: " + withSchema, withSchema >= 8);
        assertEquals("answers that do not match the document", List.of(), failures);
    }

    /** Stopping a module takes its paths out on the next request; starting it puts them back. */
    @Test
    public void e_stoppingAModuleChangesTheDocument() {
        assertTrue(document().json().get("paths").has("/events"));
        assertEquals("succeeded", operate("events", "stop").get("state").asText());
        JsonNode paths = document().json().get("paths");
        for (Iterator<String> names = paths.fieldNames(); names.hasNext();) {
            assertFalse("a stopped module is not described", names.next().startsWith("/events"));
        }
        assertTrue(paths.has("/sites/{code}/announcements"));
        assertEquals("succeeded", operate("events", "start").get("state").asText());
        assertTrue(document().json().get("paths").has("/events"));
    }

    private static JsonNode operate(String moduleId, String action) {
        String id = HomeroomTestSupport.await(action + " accepted", 60_000, () -> karaf.call("POST", "/admin/modules/" + moduleId + "/" + action,
                "admin", null), a -> a.status() != 503).expect(202).json().get("id").asText();
        return HomeroomTestSupport.await(action + " of " + moduleId, 60_000, () -> karaf.call("GET", "/admin/operations/" + id, "admin", null),
                a -> a.status() == 200 && List.of("succeeded", "failed").contains(a.json().get("state").asText())).json();
    }

    /** A JAX-RS path as OpenAPI writes it (the JAX-RS spec's rules, written here apart from the builder). */
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

    /** Path values that exist where the demo has them (site E01) and cannot exist elsewhere. */
    private static String fill(String path, Operation operation) {
        Matcher m = TEMPLATE.matcher(path);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            // a parameter the document restricts (a pattern such as approve|send|cancel) gets its first allowed value
            String pattern = operation.getParameters() == null ? null : operation.getParameters().stream()
                    .filter(p -> "path".equals(p.getIn()) && name.equals(p.getName()) && p.getSchema() != null && p.getSchema().getPattern() != null)
                    .map(p -> p.getSchema().getPattern()).findFirst().orElse(null);
            String value = pattern != null && pattern.matches("[a-z|-]+") ? pattern.split("\\|")[0]
                    : "code".equals(name) ? "E01" : name.toLowerCase().contains("id") || name.equals("delivery") ? "999999" : "zz-none";
            m.appendReplacement(filled, value);
        }
        m.appendTail(filled);
        return filled.toString();
    }

    private Path jar(String artifact) throws IOException {
        try (Stream<Path> files = Files.walk(karaf.home.resolve("system/org/homeroom/" + artifact))) {
            return files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    private static String manifestExport(Path jar, String pkg) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String exports = file.getManifest().getMainAttributes().getValue("Export-Package");
            Matcher m = Pattern.compile("(?:^|,)" + Pattern.quote(pkg) + ";[^,]*?version=\"([^\"]+)\"").matcher(exports.replaceAll("uses:=\"[^\"]*\"", ""));
            assertTrue(exports, m.find());
            return m.group(1);
        }
    }
}
