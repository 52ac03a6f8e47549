package org.homeroom.platform.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.http.HttpFields;
import org.junit.Test;

public class HttpBehaviourTest {

    @RolesAllowed("comms")
    static class Module {
        @PermitAll
        public void publicList() {
        }

        @PermitAll
        public void publicForm() {
        }

        public void staffList() {
        }
    }

    @PermitAll
    static class Health {
        public void health() {
        }

        @RolesAllowed("admin")
        public void details() {
        }
    }

    @Test
    public void corsIsDecidedByTheMethodsPermitAll() throws Exception {
        CorsFilter cors = new CorsFilter("https://www.school.example, https://district.example/");
        assertEquals("*", cors.allowedOrigin(Module.class.getMethod("publicList"), Module.class, "GET", "https://anyone.example"));
        assertEquals("*", cors.allowedOrigin(Health.class.getMethod("health"), Health.class, "HEAD", "https://anyone.example"));
        assertEquals("https://www.school.example",
                cors.allowedOrigin(Module.class.getMethod("publicForm"), Module.class, "POST", "https://www.school.example"));
        assertEquals("https://district.example", cors.allowedOrigin(Module.class.getMethod("publicForm"), Module.class, "POST", "https://district.example"));
        assertNull("a public POST only for configured origins",
                cors.allowedOrigin(Module.class.getMethod("publicForm"), Module.class, "POST", "https://evil.example"));
        assertNull("staff endpoints stay same-origin", cors.allowedOrigin(Module.class.getMethod("staffList"), Module.class, "GET", "https://www.school.example"));
        assertNull(cors.allowedOrigin(Health.class.getMethod("details"), Health.class, "GET", "https://www.school.example"));
        assertNull("no matched method, no CORS", cors.allowedOrigin(null, null, "GET", "https://www.school.example"));
        assertNull("nothing configured: no origin may POST",
                new CorsFilter("").allowedOrigin(Module.class.getMethod("publicForm"), Module.class, "POST", "https://www.school.example"));
    }

    @Test
    public void etagsAreWeakStableAndComparedWeakly() {
        String etag = ConditionalGetFilter.etagOf("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        assertTrue(etag, etag.matches("W/\"[A-Za-z0-9_-]{24}\""));
        assertEquals(etag, ConditionalGetFilter.etagOf("[1,2,3]".getBytes(StandardCharsets.UTF_8)));
        assertFalse(etag.equals(ConditionalGetFilter.etagOf("[1,2,4]".getBytes(StandardCharsets.UTF_8))));
        assertTrue(ConditionalGetFilter.matches(etag, etag));
        assertTrue("weak comparison ignores W/", ConditionalGetFilter.matches(etag.substring(2), etag));
        assertTrue(ConditionalGetFilter.matches("W/\"other\", " + etag, etag));
        assertTrue(ConditionalGetFilter.matches("*", etag));
        assertFalse(ConditionalGetFilter.matches("W/\"other\"", etag));
        assertFalse(ConditionalGetFilter.matches(null, etag));
    }

    @Test
    public void gzipForJsonAndCsvWhenAsked() {
        assertTrue(GzipInterceptor.acceptsGzip("gzip, deflate, br"));
        assertTrue(GzipInterceptor.acceptsGzip("br;q=1.0, gzip;q=0.8"));
        assertTrue(GzipInterceptor.acceptsGzip("*"));
        assertFalse(GzipInterceptor.acceptsGzip("gzip;q=0"));
        assertFalse(GzipInterceptor.acceptsGzip("identity"));
        assertFalse(GzipInterceptor.acceptsGzip(null));
        assertTrue(GzipInterceptor.compressible(new MediaType("application", "json")));
        assertTrue(GzipInterceptor.compressible(new MediaType("application", "problem+json")));
        assertTrue(GzipInterceptor.compressible(new MediaType("text", "csv", "UTF-8")));
        assertFalse(GzipInterceptor.compressible(new MediaType("application", "pdf")));
        assertFalse(GzipInterceptor.compressible(null));
    }

    @Test
    public void requestsTheContainerCannotReadAreRefusedBeforeJaxRs() {
        String charset = ApiErrorFilter.refusal("application/json; charset=utf-7", null);
        assertTrue(charset, charset.startsWith("charset:") && charset.contains("utf-7") && charset.contains("UTF-8"));
        assertTrue(ApiErrorFilter.refusal("application/json; charset=\"no such\"", null).startsWith("charset:"));
        assertNull(ApiErrorFilter.refusal("application/json; charset=UTF-8", "q=caf%C3%A9&limit=5"));
        assertNull(ApiErrorFilter.refusal("application/json", null));
        String query = ApiErrorFilter.refusal(null, "limit=5&q=%zz");
        assertTrue(query, query.startsWith("query:") && query.contains("'q'"));
        assertTrue(ApiErrorFilter.refusal(null, "q=abc%").startsWith("query:"));
        assertTrue(ApiErrorFilter.refusal(null, "q=%4").startsWith("query:"));
    }

    @javax.ws.rs.Path("health")
    static class HealthLike {
        @javax.ws.rs.GET
        public void health() {
        }

        @javax.ws.rs.GET
        @javax.ws.rs.Path("ping")
        public void ping() {
        }

        @javax.ws.rs.POST
        @javax.ws.rs.Path("{id: [0-9]+}/cancel")
        public void cancel() {
        }

        @javax.ws.rs.PUT
        @javax.ws.rs.Path("{id}")
        public void update() {
        }

        @javax.ws.rs.Path("{module}")
        public Object locator() {
            return null;
        }
    }

    static class Locators {
        @javax.ws.rs.Path("{module}")
        public Object district() {
            return null;
        }

        @javax.ws.rs.Path("sites/{code}/{module}")
        public Object site() {
            return null;
        }
    }

    @Test
    public void allowedMethodsAreReadFromTheResourcesAnnotationsForThatPath() {
        assertEquals(java.util.Set.of("GET", "HEAD", "OPTIONS"), AllowedMethods.of(HealthLike.class, ""));
        assertEquals(java.util.Set.of("GET", "HEAD", "OPTIONS", "PUT"), AllowedMethods.of(HealthLike.class, "ping"));
        assertEquals(java.util.Set.of("POST", "OPTIONS"), AllowedMethods.of(HealthLike.class, "42/cancel"));
        assertEquals(java.util.Set.of(), AllowedMethods.of(HealthLike.class, "x/cancel"));
        assertEquals("", AllowedMethods.below("health", "health"));
        assertEquals("ping", AllowedMethods.below("/health", "/health/ping"));
        assertNull(AllowedMethods.below("health", "healthy"));
        assertEquals("events/public", AllowedMethods.below("/", "events/public"));
        assertEquals("E01/announcements", AllowedMethods.below("sites", "sites/E01/announcements"));
        assertTrue(AllowedMethods.literalLength("health") > AllowedMethods.literalLength("/"));
        // through a module locator, to the module's own methods
        assertEquals(java.util.Set.of("GET", "HEAD", "OPTIONS", "PUT"),
                AllowedMethods.of(Locators.class, "events/ping", id -> id.equals("events") ? HealthLike.class : null));
        assertEquals(java.util.Set.of("POST", "OPTIONS"),
                AllowedMethods.of(Locators.class, "sites/E01/events/7/cancel", id -> id.equals("events") ? HealthLike.class : null));
        assertEquals(java.util.Set.of(), AllowedMethods.of(Locators.class, "nothing/ping", id -> null));
    }

    @Test
    public void the405AllowHeaderNeverNamesTheRefusedMethod() {
        assertEquals("POST, GET, PUT, OPTIONS, HEAD", ProblemMapper.allowed("DELETE,POST,GET,PUT,OPTIONS,HEAD", "DELETE"));
        assertNull(ProblemMapper.allowed(null, "DELETE"));
    }
}
