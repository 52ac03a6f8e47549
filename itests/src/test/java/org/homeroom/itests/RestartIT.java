package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * What only a real restart shows, so the distribution runs here as the operator runs it
 * ({@code bin/karaf server}, a separate process) rather than under Pax Exam, which cannot restart its
 * container: the desired module set survives a restart, and a write acknowledged before
 * {@code kill -9} is still there afterwards.
 */
public class RestartIT {

    private static KarafProcess karaf;

    @BeforeClass
    public static void unpack() throws IOException {
        // its own ports, away from a running demo, the Pax Exam containers and ConsoleIT
        karaf = new KarafProcess("restart-it", HomeroomTestSupport.port(18282), HomeroomTestSupport.port(18202), HomeroomTestSupport.port(11199), HomeroomTestSupport.port(44545));
    }

    @After
    public void cleanUp() throws InterruptedException {
        if (karaf.running()) {
            karaf.stop(true);
        }
    }

    @AfterClass
    public static void removeRuntime() throws IOException {
        karaf.delete();
    }

    private static HomeroomTestSupport.Answer call(String method, String path, String user, String body) {
        return karaf.call(method, path, user, body);
    }

    private static JsonNode operate(String moduleId, String action) {
        // 503 while Karaf is still installing its boot features: come back, as a client should
        String id = HomeroomTestSupport.await(action + " accepted", 60_000, () -> call("POST", "/admin/modules/" + moduleId + "/" + action,
                "admin", null), a -> a.status() != 503).expect(202).json().get("id").asText();
        return HomeroomTestSupport.await(action, 60_000, () -> call("GET", "/admin/operations/" + id, "admin", null),
                a -> List.of("succeeded", "failed").contains(a.json().get("state").asText())).json();
    }

    private static String state(String moduleId) {
        return call("GET", "/admin/modules/" + moduleId, "admin", null).expect(200).json().get("state").asText();
    }

    @Test
    public void theDesiredModulesAndAcknowledgedWritesSurviveRestartsAndCrashes() throws Exception {
        karaf.start();
        assertEquals("active", state("announcements"));
        JsonNode uninstall = operate("announcements", "uninstall");
        assertEquals(uninstall.toString(), "succeeded", uninstall.get("state").asText());
        JsonNode stop = operate("events", "stop");
        assertEquals(stop.toString(), "succeeded", stop.get("state").asText());
        karaf.stop(false);
        // a new node, or a wiped Karaf cache: Karaf forgets its own state and boots its boot features
        // again; only the database remembers what the admin chose
        KarafProcess.deleteTree(karaf.home.resolve("data/cache"));

        karaf.start();
        HomeroomTestSupport.await("desired set back", 30_000, () -> call("GET", "/admin/modules", "admin", null),
                a -> a.body().contains("\"id\":\"events\"") && "stopped".equals(moduleState(a.json(), "events"))
                        && "available".equals(moduleState(a.json(), "announcements")));
        assertEquals("succeeded", operate("announcements", "install").get("state").asText());
        assertEquals("succeeded", operate("events", "start").get("state").asText());

        // acknowledged writes, then a power cut
        call("POST", "/sites", "admin", "{\"code\":\"K9\",\"name\":\"Crash Test Elementary\",\"kind\":\"elementary\"}").expect(201);
        call("PUT", "/sites/K9/modules/announcements", "admin", "{\"enabled\":true}").expect(200);
        long id = call("POST", "/sites/K9/announcements", "admin",
                "{\"titleEn\":\"Still here\",\"titleEs\":\"Sigue aquí\",\"bodyEn\":\"x\",\"bodyEs\":\"x\"}").expect(201).json().get("id").asLong();
        karaf.stop(true);

        karaf.start();
        assertEquals("Crash Test Elementary", call("GET", "/sites/K9", "admin", null).expect(200).json().get("name").asText());
        JsonNode kept = HomeroomTestSupport.await("module back after crash", 30_000,
                () -> call("GET", "/sites/K9/announcements/" + id, "admin", null), a -> a.status() == 200).json();
        assertEquals("Sigue aquí", kept.get("titleEs").asText());
        assertEquals("active", state("events"));
        assertTrue(call("GET", "/health", null, null).body().contains("\"UP\""));
    }

    private static String moduleState(JsonNode modules, String id) {
        for (JsonNode m : modules) {
            if (id.equals(m.get("id").asText())) {
                return m.get("state").asText();
            }
        }
        return null;
    }
}
