package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * HTTP as school websites, proxies and load balancers expect it, through the real distribution with
 * the JDK's HttpClient, and raw sockets for what clients refuse to send (malformed percent-encoding,
 * an unknown charset). The container trusts 127.0.0.1 as a proxy, so each test is its own client
 * through X-Forwarded-For, as clients behind a district's load balancer are.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpIT extends HomeroomTestSupport {

    static final String SCHOOL_SITE = "https://www.school.example";

    @Configuration
    @Override
    public Option[] config() {
        return OptionUtils.combine(super.config(),
                editConfigurationFilePut("etc/org.homeroom.rest.cfg", "corsOrigins", SCHOOL_SITE + ", https://district.example"),
                editConfigurationFilePut("etc/org.homeroom.rest.cfg", "trustedProxies", "127.0.0.1, ::1"));
    }

    @Before
    public void ready() {
        awaitPlatform();
        await("events running", 60_000, () -> get("/events", "admin"), a -> a.status() == 200);
    }

    /** An answer with every header and the raw body bytes. */
    record Raw(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        Raw problem(int expected) throws IOException {
            assertEquals(text(), expected, status);
            assertTrue("content type " + header("content-type") + ": " + text(), header("content-type").startsWith("application/problem+json"));
            assertEquals(expected, json().get("status").asInt());
            assertTrue(text(), json().hasNonNull("detail"));
            for (String internal : new String[] {"Exception", "cxf", "CXF", "Servlet", "servlet", "jetty", "Jetty", "<html", "at org."}) {
                assertFalse("no internals reach the client: " + text(), text().contains(internal));
            }
            return this;
        }
    }

    static Raw send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> flat = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> flat.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            return new Raw(response.statusCode(), flat, response.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    /** What a client that sends bytes as they are gets back (HTTP/1.1, Connection: close). */
    static Raw socket(String requestHead, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", Integer.parseInt(PORT))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int split = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, split).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
            byte[] rest = java.util.Arrays.copyOfRange(all, split + 4, all.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                rest = dechunk(rest);
            }
            return new Raw(status, headers, rest);
        }
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length) {
            int lineEnd = i;
            while (lineEnd + 1 < chunked.length && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(chunked, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    static String head(String method, String target, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: localhost:").append(PORT)
                .append("\r\nConnection: close\r\nAccept: application/json\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    // ------------------------------------------------------------------ CORS

    @Test
    public void publicGetsAreReadableFromAnyOriginAndEverythingElseStaysSameOrigin() throws IOException {
        Map<String, String> fromSchool = Map.of("Origin", SCHOOL_SITE, "X-Forwarded-For", "198.51.100.10");
        Raw events = send("GET", "/events/public", null, fromSchool);
        assertEquals(200, events.status());
        assertEquals("*", events.header("Access-Control-Allow-Origin"));
        assertTrue(events.header("Access-Control-Expose-Headers"), events.header("Access-Control-Expose-Headers").contains("ETag"));
        assertEquals("*", send("GET", "/open-records/archive", null, fromSchool).header("Access-Control-Allow-Origin"));
        assertEquals("*", send("GET", "/health", null, fromSchool).header("Access-Control-Allow-Origin"));

        Raw preflight = send("OPTIONS", "/events/public", null, Map.of("Origin", "https://any.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "accept-language", "X-Forwarded-For", "198.51.100.10"));
        assertEquals(204, preflight.status());
        assertEquals("*", preflight.header("Access-Control-Allow-Origin"));
        assertEquals("GET", preflight.header("Access-Control-Allow-Methods"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Accept-Language"));

        // staff endpoints: no CORS header at all, for the request and for its preflight
        Raw sites = send("GET", "/sites?limit=1", null, Map.of("Origin", SCHOOL_SITE, "Authorization", basic("admin")));
        assertEquals(200, sites.status());
        assertNull(sites.header("Access-Control-Allow-Origin"));
        Raw staffPreflight = send("OPTIONS", "/open-records/requests", null, Map.of("Origin", SCHOOL_SITE,
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization"));
        assertNull("the staff list of requests is same-origin", staffPreflight.header("Access-Control-Allow-Origin"));
        assertNull(send("OPTIONS", "/sites", null, Map.of("Origin", SCHOOL_SITE, "Access-Control-Request-Method", "GET"))
                .header("Access-Control-Allow-Origin"));
    }

    @Test
    public void thePublicIntakeAcceptsOnlyTheConfiguredOrigins() throws IOException {
        Raw preflight = send("OPTIONS", "/open-records/requests", null, Map.of("Origin", SCHOOL_SITE,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type", "X-Forwarded-For", "198.51.100.11"));
        assertEquals(204, preflight.status());
        assertEquals(SCHOOL_SITE, preflight.header("Access-Control-Allow-Origin"));
        assertEquals("POST", preflight.header("Access-Control-Allow-Methods"));
        assertTrue(preflight.header("Vary").contains("Origin"));

        Raw other = send("OPTIONS", "/open-records/requests", null, Map.of("Origin", "https://elsewhere.example",
                "Access-Control-Request-Method", "POST", "X-Forwarded-For", "198.51.100.11"));
        assertNull("an origin the district did not configure may not post", other.header("Access-Control-Allow-Origin"));

        // the real POST from the school's page: the answer (here a validation problem) is readable there
        Raw refused = send("POST", "/open-records/requests", "{}", Map.of("Origin", SCHOOL_SITE, "Content-Type", "application/json",
                "X-Forwarded-For", "198.51.100.11"));
        refused.problem(422);
        assertEquals(SCHOOL_SITE, refused.header("Access-Control-Allow-Origin"));
        assertNull(send("POST", "/open-records/requests", "{}", Map.of("Origin", "https://elsewhere.example", "Content-Type",
                "application/json", "X-Forwarded-For", "198.51.100.11")).header("Access-Control-Allow-Origin"));
    }

    // ------------------------------------------------------------------ gzip, ETag

    @Test
    public void jsonAndCsvAreGzippedWhenAskedAndPublicListsAnswer304WhenUnchanged() throws IOException {
        Map<String, String> client = Map.of("Accept-Encoding", "gzip", "X-Forwarded-For", "198.51.100.12");
        Raw plain = send("GET", "/events/public", null, Map.of("X-Forwarded-For", "198.51.100.12"));
        assertNull(plain.header("Content-Encoding"));
        Raw zipped = send("GET", "/events/public", null, client);
        assertEquals(200, zipped.status());
        assertEquals("gzip", zipped.header("Content-Encoding"));
        assertTrue(zipped.header("Vary"), zipped.header("Vary").contains("Accept-Encoding"));
        byte[] unzipped = new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body())).readAllBytes();
        assertEquals(plain.text(), new String(unzipped, StandardCharsets.UTF_8));

        String etag = plain.header("ETag");
        assertNotNull("public lists carry an ETag", etag);
        assertEquals("the same list has the same ETag, compressed or not", etag, zipped.header("ETag"));
        Raw notModified = send("GET", "/events/public", null, Map.of("If-None-Match", etag, "X-Forwarded-For", "198.51.100.12"));
        assertEquals(304, notModified.status());
        assertEquals(0, notModified.body().length);
        assertEquals(etag, notModified.header("ETag"));

        // a single record, for a signed-in user too
        Raw site = send("GET", "/sites/E01", null, Map.of("Authorization", basic("admin")));
        assertEquals(200, site.status());
        assertEquals(304, send("GET", "/sites/E01", null, Map.of("Authorization", basic("admin"), "If-None-Match", site.header("ETag"))).status());
        // a change makes a new ETag
        assertEquals(200, send("GET", "/events/public", null, Map.of("If-None-Match", "W/\"something-else\"", "X-Forwarded-For", "198.51.100.12")).status());

        // CSV export, gzipped
        Raw csv = send("GET", "/open-records/reports/requests.csv", null, Map.of("Authorization", basic("comms"), "Accept-Encoding", "gzip"));
        assertEquals(200, csv.status());
        assertEquals("gzip", csv.header("Content-Encoding"));
        String text = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(csv.body())).readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text, text.toLowerCase(Locale.ROOT).contains("tracking"));
        // and problems too
        Raw problem = send("GET", "/sites/NOPE", null, Map.of("Authorization", basic("admin"), "Accept-Encoding", "gzip"));
        assertEquals(404, problem.status());
        assertEquals("gzip", problem.header("Content-Encoding"));
    }

    // ------------------------------------------------------------------ errors before JAX-RS

    @Test
    public void anUnknownCharsetIsAProblemNotTheContainersPage() throws IOException {
        byte[] body = "{\"description\":\"x\"}".getBytes(StandardCharsets.US_ASCII);
        socket(head("POST", "/api/open-records/requests", "Content-Type: application/json; charset=utf-7",
                "Content-Length: " + body.length, "X-Forwarded-For: 198.51.100.13"), body).problem(415);
        Raw staff = socket(head("POST", "/api/sites", "Content-Type: application/json; charset=no-such-thing",
                "Content-Length: " + body.length, "Authorization: " + basic("admin")), body).problem(415);
        assertTrue(staff.text(), staff.json().get("detail").asText().contains("UTF-8"));
    }

    @Test
    public void malformedPercentEncodingIsA400Problem() throws IOException {
        Raw query = socket(head("GET", "/api/open-records/archive?q=%zz", "X-Forwarded-For: 198.51.100.14"), null).problem(400);
        assertTrue(query.text(), query.json().get("detail").asText().contains("'q'"));
        socket(head("GET", "/api/events/public?lang=%e", "X-Forwarded-For: 198.51.100.14"), null).problem(400);
        // in the path, Jetty refuses it before any context runs: its server-wide error handler (the
        // platform-jetty-errors fragment) answers problem+json, inside /api and outside it
        Raw path = socket(head("GET", "/api/sites/%zz"), null).problem(400);
        assertTrue(path.text(), path.json().get("detail").asText().contains("percent-encoding"));
        assertFalse("no container reason reaches the client: " + path.text(), path.text().contains("Bad URI"));
        socket(head("GET", "/api/sites/%E0%A4%A", "Authorization: " + basic("admin")), null).problem(400);
        socket(head("GET", "/admin/%zz"), null).problem(400);
    }

    @Test
    public void containerLevelErrorsAreProblems() throws IOException {
        String huge = "X-Padding: " + "a".repeat(20_000);
        Raw tooLarge = socket(head("GET", "/api/health", huge), null);
        assertEquals("a header too large is refused by Jetty itself", 431, tooLarge.status());
        tooLarge.problem(431);
        assertTrue(tooLarge.text(), tooLarge.json().get("detail").asText().contains("headers are too large"));
        // an address outside every context is Jetty's own 404: a problem too
        socket(head("GET", "/no-such-context/x"), null).problem(404);
        socket("BREW /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", null).problem(405);
    }

    // ------------------------------------------------------------------ 405, 429

    @Test
    public void a405NamesOnlyTheMethodsThatAreAllowed() throws IOException {
        Raw health = send("DELETE", "/health", null, Map.of());
        health.problem(405);
        String allow = health.header("Allow");
        assertNotNull(allow);
        assertTrue(allow, allow.contains("GET"));
        assertFalse("the refused method is not allowed: " + allow, allow.contains("DELETE"));
        assertEquals("GET, HEAD, OPTIONS", allow);
        // a module's path, through the module locator: the events module answers GET (and PUT of {id}) there
        Raw events = send("DELETE", "/events/public", null, Map.of("X-Forwarded-For", "198.51.100.15"));
        events.problem(405);
        assertEquals("GET, HEAD, OPTIONS, PUT", events.header("Allow"));
    }

    @Test
    public void publicEndpointsAreLimitedPerClientBehindTheTrustedProxy() throws IOException {
        Map<String, String> client = Map.of("X-Forwarded-For", "203.0.113.50");
        // 30 a minute, refilled evenly (one every 2 s): the first 30 pass, then at most a refilled few
        Raw limited = refusedAfterBudget("/open-records/archive", client, 30, 80).problem(429);
        long retryAfter = Long.parseLong(limited.header("Retry-After"));
        assertTrue("Retry-After " + retryAfter, retryAfter >= 1 && retryAfter <= 60);
        // the intake shares the portal's budget
        send("POST", "/open-records/requests", "{}", Map.of("Content-Type", "application/json", "X-Forwarded-For", "203.0.113.50")).problem(429);
        // another client behind the same proxy has its own budget; a client cannot pose as another by writing the header's left part
        assertEquals(200, send("GET", "/open-records/archive", null, Map.of("X-Forwarded-For", "203.0.113.51")).status());
        send("GET", "/open-records/archive", null, Map.of("X-Forwarded-For", "203.0.113.99, 203.0.113.50")).problem(429);
        // signed-in staff are not limited
        assertEquals(200, send("GET", "/open-records/archive", null, Map.of("X-Forwarded-For", "203.0.113.50", "Authorization", basic("comms"))).status());

        // messaging's signed links too: a wrong token is 404 like an unknown one, until the budget is spent
        Map<String, String> guesser = Map.of("X-Forwarded-For", "203.0.113.70");
        int guesses = 0;
        Raw answer;
        do {
            answer = send("GET", "/messaging/unsubscribe?email=someone%40example.org&token=guess" + guesses, null, guesser);
            guesses++;
        } while (answer.status() == 404 && guesses < 100);
        answer.problem(429);
        assertTrue("30 guesses a minute, and the few refilled meanwhile: " + guesses, guesses > 30 && guesses < 40);

        // announcements and events are limited too (their own budget)
        Map<String, String> reader = Map.of("X-Forwarded-For", "203.0.113.60");
        Raw last = refusedAfterBudget("/events/public", reader, 120, 300).problem(429);
        assertNotNull(last.header("Retry-After"));
    }

    /**
     * Calls until the first 429, checks that it came after the budget and within the tokens refilled
     * meanwhile (one per 60/budget seconds), and returns it.
     */
    private static Raw refusedAfterBudget(String path, Map<String, String> headers, int budget, int max) {
        long started = System.nanoTime();
        for (int i = 0; i < max; i++) {
            Raw answer = send("GET", path, null, headers);
            if (answer.status() == 429) {
                double refilled = (System.nanoTime() - started) / 1e9 * budget / 60.0;
                assertTrue(path + ": refused after " + i + " calls, budget " + budget + " + " + refilled + " refilled",
                        i >= budget && i <= budget + Math.ceil(refilled));
                return answer;
            }
            assertEquals("call " + i + ": " + answer.text(), 200, answer.status());
        }
        throw new AssertionError(path + ": never refused in " + max + " calls");
    }
}
