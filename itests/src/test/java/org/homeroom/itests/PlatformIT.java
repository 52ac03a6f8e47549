package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The platform backbone over HTTP: health, authentication, roles, sites and their bad inputs, per-site modules. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends HomeroomTestSupport {

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] config() {
        return org.ops4j.pax.exam.OptionUtils.combine(super.config(), OpenRecordsIT.patientProbe());
    }

    @Before
    public void ready() {
        // the first boot on a loaded machine takes longer than awaitPlatform's minute
        await("health UP", 300_000, () -> get("/health", null), a -> a.status() == 200);
        awaitPlatform();
    }

    @Test
    public void healthIsPublicAndListsModulesToAdminsOnly() {
        Answer health = get("/health", null).expect(200);
        assertEquals("UP", health.json().get("status").asText());
        assertEquals("the public answer names nothing inside: " + health.body(), 1, health.json().size());
        Answer details = get("/health", "admin").expect(200);
        assertEquals("finished", details.json().get("boot").asText());
        assertTrue(details.body(), details.json().get("modules").findValuesAsText("id").contains("announcements"));
    }

    @Test
    public void everyEndpointNeedsTheRightUser() {
        Answer anonymous = get("/me", null).problem(401);
        assertTrue(anonymous.detail(), anonymous.detail().contains("Sign in"));
        get("/sites", null).problem(401);
        get("/audit", null).problem(401);
        get("/admin/modules", null).problem(401);
        get("/me", "admin:wrong-password").problem(401);

        JsonNode principal = get("/me", "principal").expect(200).json();
        assertEquals("principal", principal.get("name").asText());
        assertEquals("E01", principal.get("sites").get(0).asText());
        assertFalse(principal.get("allSites").asBoolean());
        assertTrue(get("/me", "comms").expect(200).json().get("allSites").asBoolean());

        // site staff see only their own sites
        JsonNode mine = get("/sites", "principal").expect(200).json();
        assertEquals(1, mine.get("total").asInt());
        assertEquals("E01", mine.get("items").get(0).get("code").asText());
        get("/sites/E01", "principal").expect(200);
        Answer notMine = get("/sites/E02", "principal").problem(403);
        assertTrue(notMine.detail(), notMine.detail().contains("E02"));
        get("/sites/E02/modules", "principal").problem(403);

        // roles
        call("POST", "/sites", "comms", site("R01", "Role Test")).problem(403);
        get("/sites/R01", "admin").problem(404);
        call("PUT", "/sites/E01", "principal", site("E01", "Renamed")).problem(403);
        call("DELETE", "/sites/E02", "comms", null).problem(403);
        get("/audit", "comms").problem(403);
        get("/admin/modules", "principal").problem(403);
        assertEquals("active", get("/admin/modules", "admin").expect(200).json().get(0).get("state").asText());
    }

    @Test
    public void sitesCrudIsStoredAndAudited() {
        String since = java.time.Instant.now().minusSeconds(1).toString();
        Answer created = call("POST", "/sites", "admin",
                "{\"code\":\"t101\",\"name\":\"Test Middle\",\"kind\":\"middle\",\"grades\":\"6-8\",\"languages\":[\"en\",\"es\",\"vi\"],"
                + "\"phone\":\"(405) 555-0199\"}").expect(201);
        assertEquals("T101", created.json().get("code").asText());
        assertEquals(List.of("en", "es", "vi"), texts(created.json().get("languages")));

        JsonNode stored = get("/sites/T101", "comms").expect(200).json();
        assertEquals("Test Middle", stored.get("name").asText());
        assertEquals("middle", stored.get("kind").asText());

        call("PUT", "/sites/T101", "comms", "{\"name\":\"Test Middle School\",\"kind\":\"middle\",\"grades\":\"5-8\"}").expect(200);
        stored = get("/sites/T101", "admin").expect(200).json();
        assertEquals("Test Middle School", stored.get("name").asText());
        assertEquals("5-8", stored.get("grades").asText());
        assertEquals(List.of("en"), texts(stored.get("languages")));

        JsonNode search = get("/sites?q=test%20middle&kind=middle", "admin").expect(200).json();
        assertEquals(1, search.get("total").asInt());

        call("DELETE", "/sites/T101", "admin", null).expect(200);
        assertTrue(get("/sites/T101", "admin").expect(200).json().get("archived").asBoolean());
        assertEquals(0, get("/sites?q=T101", "admin").expect(200).json().get("total").asInt());
        assertEquals(1, get("/sites?q=T101&includeArchived=true", "admin").expect(200).json().get("total").asInt());

        JsonNode audit = get("/audit?entity=site&entityId=T101&since=" + since, "admin").expect(200).json();
        assertEquals(List.of("site.archive", "site.update", "site.create"), audit.get("items").findValuesAsText("action"));
        assertEquals(List.of("admin", "comms", "admin"), audit.get("items").findValuesAsText("actor"));
        get("/audit?since=yesterday", "admin").problem(422);

        JsonNode paged = get("/sites?limit=10&offset=10", "admin").expect(200).json();
        assertEquals(10, paged.get("items").size());
        assertTrue(paged.get("total").asInt() >= 70);
    }

    @Test
    public void badInputGetsAClearProblemAndStoresNothing() {
        long before = get("/sites?includeArchived=true&limit=1", "admin").json().get("total").asLong();

        assertTrue(call("POST", "/sites", "admin", "{\"code\":\"B01\",").problem(400).detail().contains("not valid JSON"));
        Answer missing = call("POST", "/sites", "admin", "{\"code\":\"B02\"}").problem(422);
        assertEquals(List.of("name", "kind"), missing.json().get("errors").findValuesAsText("field"));
        assertEquals("name", call("POST", "/sites", "admin", "{\"code\":\"B03\",\"name\":5,\"kind\":\"high\"}")
                .problem(400).json().get("errors").get(0).get("field").asText());
        assertEquals("colour", call("POST", "/sites", "admin", "{\"code\":\"B04\",\"name\":\"X\",\"kind\":\"high\",\"colour\":\"red\"}")
                .problem(400).json().get("errors").get(0).get("field").asText());
        Answer invalid = call("POST", "/sites", "admin", "{\"code\":\"B 05!\",\"name\":\"X\",\"kind\":\"castle\",\"grades\":\"K-99x\"}").problem(422);
        assertEquals(List.of("code", "grades", "kind"), invalid.json().get("errors").findValuesAsText("field"));
        call("POST", "/sites", "admin", "").problem(422);
        call("POST", "/sites", "admin", "null").problem(422);

        String original = get("/sites/E01", "admin").json().get("name").asText();
        assertTrue(call("POST", "/sites", "admin", site("E01", "Duplicate")).problem(409).detail().contains("E01"));
        assertEquals(original, get("/sites/E01", "admin").json().get("name").asText());

        get("/sites/NOPE1", "admin").problem(404);
        call("PUT", "/sites/NOPE1", "admin", site("NOPE1", "X")).problem(404);
        call("DELETE", "/sites/NOPE1", "admin", null).problem(404);
        call("PUT", "/sites/E01", "admin", site("E02", "Moved")).problem(422);

        String huge = "{\"code\":\"B06\",\"name\":\"" + "x".repeat(1_100_000) + "\",\"kind\":\"high\"}";
        assertTrue(call("POST", "/sites", "admin", huge).problem(413).detail().contains("limit"));
        call("POST", "/sites", "admin", "code=B07", "text/plain").problem(415);
        call("PATCH", "/sites", "admin", "{}").problem(405);
        get("/no/such/thing/here", "admin").problem(404);
        get("/sites?limit=abc", "admin").problem(422);
        get("/sites?limit=100000", "admin").problem(422);

        // hostile strings are data, never SQL
        String hostile = "Robert'); DROP TABLE HR_SITE;-- <script>alert(1)</script>";
        Answer stored = call("POST", "/sites", "admin", site("B08", hostile.replace("\"", "\\\""))).expect(201);
        assertEquals(hostile, stored.json().get("name").asText());
        assertEquals(hostile, get("/sites/B08", "admin").json().get("name").asText());
        assertEquals(0, get("/sites?q=%25", "admin").expect(200).json().get("total").asInt());

        for (String code : List.of("B01", "B02", "B03", "B04", "B05", "B06", "B07")) {
            get("/sites/" + code, "admin").problem(404);
        }
        assertEquals(before + 1, get("/sites?includeArchived=true&limit=1", "admin").json().get("total").asLong());
    }

    @Test
    public void enablingAModuleForOneSiteTakesEffectOnTheNextRequest() {
        Answer off = get("/sites/E03/announcements", "comms").problem(404);
        assertTrue(off.detail(), off.detail().contains("not enabled for site E03"));

        JsonNode setting = call("PUT", "/sites/E03/modules/announcements", "admin", "{\"enabled\":true,\"settings\":{\"defaultDays\":3}}")
                .expect(200).json();
        assertTrue(setting.get("enabled").asBoolean());
        assertEquals("site", setting.get("source").asText());
        assertEquals(3, setting.get("settings").get("defaultDays").asInt());
        get("/sites/E03/announcements", "comms").expect(200);
        get("/sites/E04/announcements", "comms").problem(404);

        call("PUT", "/sites/E03/modules/announcements", "comms", "{\"enabled\":false}").expect(200);
        get("/sites/E03/announcements", "comms").problem(404);
        // the stored settings stay when only the switch changes
        assertEquals(3, get("/sites/E03/modules/announcements", "comms").json().get("settings").get("defaultDays").asInt());

        // district default, then a site override of it
        call("PUT", "/admin/modules/announcements/defaults", "admin", "{\"enabled\":true,\"settings\":{\"defaultDays\":10}}").expect(200);
        JsonNode e04 = get("/sites/E04/modules/announcements", "comms").expect(200).json();
        assertEquals("district", e04.get("source").asText());
        assertEquals(10, e04.get("settings").get("defaultDays").asInt());
        get("/sites/E04/announcements", "comms").expect(200);
        get("/sites/E03/announcements", "comms").problem(404);
        call("PUT", "/admin/modules/announcements/defaults", "admin", "{\"enabled\":null}").expect(200);
        get("/sites/E04/announcements", "comms").problem(404);

        // bad module requests
        call("PUT", "/sites/E03/modules/announcements", "admin", "{\"settings\":{}}").problem(422);
        call("PUT", "/sites/E03/modules/announcements", "admin", "{\"enabled\":\"yes\"}").problem(400);
        assertEquals("settings.defaultDayz", call("PUT", "/sites/E03/modules/announcements", "admin",
                "{\"enabled\":true,\"settings\":{\"defaultDayz\":3}}").problem(422).json().get("errors").get(0).get("field").asText());
        assertEquals("settings.defaultDays", call("PUT", "/sites/E03/modules/announcements", "admin",
                "{\"enabled\":true,\"settings\":{\"defaultDays\":\"soon\"}}").problem(422).json().get("errors").get(0).get("field").asText());
        assertEquals(3, get("/sites/E03/modules/announcements", "admin").json().get("settings").get("defaultDays").asInt()); // unchanged
        call("PUT", "/sites/E03/modules/nonexistent", "admin", "{\"enabled\":true}").problem(404);
        call("PUT", "/sites/NOPE2/modules/announcements", "admin", "{\"enabled\":true}").problem(404);
        call("PUT", "/sites/E03/modules/announcements", "principal", "{\"enabled\":true}").problem(403);
        get("/sites/E03/nonexistent", "admin").problem(404);
        get("/sites/NOPE3/announcements", "admin").problem(404);

        List<String> actions = new ArrayList<>(get("/audit?entity=module-setting&entityId=E03/announcements", "admin").json()
                .get("items").findValuesAsText("action"));
        assertEquals(List.of("module.disable", "module.enable"), actions);
    }

    static String site(String code, String name) {
        return "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"kind\":\"elementary\"}";
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    public void theConsoleIsServedWithASecurityPolicyAndRevalidatedByETag() throws Exception {
        String site = "http://localhost:" + PORT;
        java.net.http.HttpResponse<String> page = CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(site + "/admin/")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp, csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(null));
        String etag = page.headers().firstValue("ETag").orElseThrow();
        java.net.http.HttpResponse<String> again = CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(site + "/admin/app.js"))
                .header("If-None-Match", etag).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
        for (String path : List.of("/admin/nope.js", "/admin/..%2Fetc%2Fusers.properties", "/admin/console/index.html")) {
            int status = CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(site + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
            assertTrue(path + " -> " + status, status == 404 || status == 400); // Jetty refuses an encoded traversal with 400

        }
        // the console's calls announce themselves: a 401 then carries no Basic challenge (no browser dialog)
        java.net.http.HttpResponse<String> script = CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(BASE + "/me"))
                .header("X-Requested-With", "XMLHttpRequest").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, script.statusCode());
        assertTrue(script.headers().firstValue("WWW-Authenticate").isEmpty());
        assertTrue(get("/me", null).status() == 401);
    }

    @Test
    public void theAuditCanBeFilteredBySiteAndModule() {
        call("PUT", "/sites/E07/modules/announcements", "admin", "{\"enabled\":true}").expect(200);
        JsonNode bySite = get("/audit?site=e07&limit=50", "admin").expect(200).json();
        assertTrue(bySite.toString(), bySite.get("total").asInt() >= 1);
        bySite.get("items").forEach(e -> assertTrue(e.toString(), e.get("entityId").asText().startsWith("E07")));
        JsonNode byModule = get("/audit?module=announcements&site=E07&limit=50", "admin").expect(200).json();
        assertEquals("E07/announcements", byModule.get("items").get(0).get("entityId").asText());
        get("/audit?site=E07", "comms").problem(403);
    }

    @Test
    public void siteStaffOfE01ReachNoPartOfE02ThroughTheSitesEndpoints() {
        call("PUT", "/sites/E02/modules/announcements", "admin", "{\"enabled\":true,\"settings\":{\"defaultDays\":4}}").expect(200);
        String e02Name = get("/sites/E02", "admin").expect(200).json().get("name").asText();

        // the list and its search hold their own site only, whatever they filter by
        for (String query : List.of("", "?q=E02", "?q=" + java.net.URLEncoder.encode(e02Name, java.nio.charset.StandardCharsets.UTF_8),
                "?kind=elementary&limit=100", "?includeArchived=true&limit=100", "?offset=0&limit=100")) {
            JsonNode page = get("/sites" + query, "principal").expect(200).json();
            assertTrue(query + ": " + page, page.get("total").asInt() <= 1);
            page.get("items").forEach(s -> assertEquals(query, "E01", s.get("code").asText()));
        }
        // one site, in any spelling of its code; its module settings
        get("/sites/E02", "principal").problem(403);
        get("/sites/e02", "principal").problem(403);
        get("/sites/E02/modules", "principal").problem(403);
        get("/sites/E02/modules/announcements", "principal").problem(403);
        get("/sites/e02/modules/announcements", "principal").problem(403);
        assertEquals(1, get("/sites/E01/modules", "principal").expect(200).json().findValuesAsText("moduleId").stream()
                .filter("announcements"::equals).count());
        // writes
        call("PUT", "/sites/E02", "principal", site("E02", "Taken")).problem(403);
        call("DELETE", "/sites/E02", "principal", null).problem(403);
        call("PUT", "/sites/E02/modules/announcements", "principal", "{\"enabled\":false}").problem(403);
        call("PUT", "/admin/modules/announcements/defaults", "principal", "{\"enabled\":false}").problem(403);
        get("/admin/modules/announcements/defaults", "principal").problem(403);
        // nothing changed
        assertEquals(e02Name, get("/sites/E02", "admin").json().get("name").asText());
        JsonNode setting = get("/sites/E02/modules/announcements", "comms").expect(200).json();
        assertTrue(setting.get("enabled").asBoolean());
        assertEquals(4, setting.get("settings").get("defaultDays").asInt());
        // the audit trail is the administrators'
        get("/audit?site=E02", "principal").problem(403);
        get("/audit?entity=site&entityId=E02", "principal").problem(403);
    }
}
