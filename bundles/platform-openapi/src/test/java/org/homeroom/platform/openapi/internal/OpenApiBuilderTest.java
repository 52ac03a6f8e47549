package org.homeroom.platform.openapi.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;

import org.homeroom.platform.api.RateLimited;
import org.junit.Test;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

public class OpenApiBuilderTest {

    /** A thing a site keeps. */
    public record Thing(long id, String name, List<String> tags) {
    }

    public record ThingDraft(String name) {
    }

    @Path("things")
    @Produces(MediaType.APPLICATION_JSON)
    public static class ThingsResource {

        /** Lists the things of the district. Sorted by name. */
        @GET
        public List<Thing> list(@QueryParam("q") String q, @QueryParam("limit") Integer limit) {
            return List.of();
        }

        @POST
        @RolesAllowed("comms")
        public Thing create(ThingDraft draft) {
            return null;
        }

        /** One thing, for anyone: {@code GET /things/7}. */
        @GET
        @Path("{id: [0-9]+}")
        @PermitAll
        public Thing get(@PathParam("id") long id) {
            return null;
        }

        /** The locator the platform uses to reach modules: not an operation. */
        @Path("{module}")
        @PermitAll
        public Object module(@PathParam("module") String module) {
            return null;
        }
    }

    /** A site module's resource: no class path; the platform mounts it at /sites/{code}/lost-and-found. */
    public static class LostAndFoundModule {

        @GET
        @Path("items")
        @RolesAllowed({"comms", "site-staff"})
        public List<Thing> items() {
            return List.of();
        }

        @POST
        @Path("public")
        @PermitAll
        @RateLimited(bucket = "lost-and-found-public")
        public Thing report(ThingDraft draft) {
            return null;
        }
    }

    private static OpenAPI build() {
        return OpenApiBuilder.build("1.2.3", Map.of("org.homeroom.platform.api", "1.4.0"), List.of(
                new OpenApiBuilder.Source(ThingsResource.class, "", "platform", "The platform"),
                new OpenApiBuilder.Source(LostAndFoundModule.class, "/sites/{code}/lost-and-found", "lost-and-found", "Lost and found")));
    }

    @Test
    public void describesPlatformAndMountedModuleWithoutTheLocator() {
        OpenAPI api = build();
        assertEquals(List.of("/sites/{code}/lost-and-found/items", "/sites/{code}/lost-and-found/public", "/things", "/things/{id}"),
                api.getPaths().keySet().stream().sorted().toList());
        assertEquals("1.2.3", api.getInfo().getVersion());
        assertEquals(Map.of("org.homeroom.platform.api", "1.4.0"), api.getExtensions().get("x-homeroom-api-packages"));
        assertEquals(List.of("platform", "lost-and-found"), api.getTags().stream().map(t -> t.getName()).toList());
    }

    @Test
    public void securityRolesAndPublicOperationsFollowTheAnnotations() {
        OpenAPI api = build();
        Operation list = api.getPaths().get("/things").getGet();
        assertEquals("Lists the things of the district.", list.getSummary());
        assertTrue(list.getDescription(), list.getDescription().contains("any signed-in user"));
        assertEquals(List.of(OpenApiBuilder.BASIC), List.copyOf(list.getSecurity().get(0).keySet()));
        assertNotNull("signed-in operations answer 401", list.getResponses().get("401"));

        Operation create = api.getPaths().get("/things").getPost();
        assertEquals(List.of("comms"), create.getExtensions().get("x-roles"));
        assertEquals("Create.", create.getSummary());
        assertNotNull(create.getResponses().get("422"));
        assertEquals("#/components/schemas/Problem",
                create.getResponses().get("422").getContent().get("application/problem+json").getSchema().get$ref());

        Operation get = api.getPaths().get("/things/{id}").getGet();
        assertTrue("a public operation needs no security", get.getSecurity().get(0).isEmpty());
        assertEquals(true, get.getExtensions().get("x-public"));
        assertNull("a public operation has no 401", get.getResponses().get("401"));
        assertEquals("One thing, for anyone: `GET /things/7`.", get.getSummary());
        assertEquals("integer", get.getParameters().get(0).getSchema().getType());
    }

    @Test
    public void aModuleOperationGetsTheSiteCodeItsMountDeclares() {
        OpenAPI api = build();
        Operation items = api.getPaths().get("/sites/{code}/lost-and-found/items").getGet();
        assertEquals(List.of("lost-and-found"), items.getTags());
        assertEquals("code", items.getParameters().get(0).getName());
        assertEquals("path", items.getParameters().get(0).getIn());
        Operation report = api.getPaths().get("/sites/{code}/lost-and-found/public").getPost();
        assertNotNull("a rate-limited operation answers 429", report.getResponses().get("429"));
        assertFalse(report.getResponses().containsKey("401"));
    }

    @Test
    public void schemasComeFromTheRecordsAndTheDocumentParsesClean() throws Exception {
        String json = Json.mapper().writeValueAsString(build());
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json);
        assertTrue(String.valueOf(parsed.getMessages()), parsed.getMessages() == null || parsed.getMessages().isEmpty());
        assertTrue(json, parsed.getOpenAPI().getComponents().getSchemas().get("Thing").getProperties().keySet()
                .containsAll(List.of("id", "name", "tags")));
    }

    @Test
    public void pathsAreWrittenAsOpenApiWritesThem() {
        assertEquals("/sites/{code}/x/{id}", OpenApiBuilder.join("/sites/{code}/x/", "{id : \\d+}/"));
        assertEquals("/", OpenApiBuilder.join("", null, "/"));
    }
}
