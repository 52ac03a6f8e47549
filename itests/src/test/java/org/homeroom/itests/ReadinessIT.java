package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * What a load balancer sees: the distribution started as the operator starts it, health polled from
 * the first second, and from the first UP every platform endpoint and every started module must
 * answer, with zero failures (no CXF "No service was found", no 404 of an endpoint not registered
 * yet, no 503). The public health answer names nothing inside.
 */
public class ReadinessIT {

    private static KarafProcess karaf;

    @BeforeClass
    public static void unpack() throws IOException {
        karaf = new KarafProcess("readiness-it", HomeroomTestSupport.port(18383), HomeroomTestSupport.port(18303),
                HomeroomTestSupport.port(11299), HomeroomTestSupport.port(44645));
    }

    @AfterClass
    public static void stop() throws Exception {
        if (karaf.running()) {
            karaf.stop(true);
        }
        karaf.delete();
    }

    @Test
    public void fromTheFirstUpEveryEndpointAnswers() throws Exception {
        karaf.launch();
        long deadline = System.nanoTime() + 120_000_000_000L;
        HomeroomTestSupport.Answer health;
        do {
            health = karaf.call("GET", "/health", null, null);
            if (health.status() == 200) {
                break;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertEquals("health never UP: " + health.body(), 200, health.status());
        assertEquals("UP", health.json().get("status").asText());
        assertEquals("the public health answer names no modules: " + health.body(), 1, health.json().size());

        // every platform endpoint, and each started module (admin passes every role check)
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("/health/ping", null);
        endpoints.put("/me", "admin");
        endpoints.put("/sites?limit=1", "admin");
        endpoints.put("/audit?limit=1", "admin");
        endpoints.put("/admin/modules", "admin");
        endpoints.put("/admin/mail?limit=1", "admin");
        endpoints.put("/events", "admin");
        endpoints.put("/open-records/requests", "admin");
        endpoints.put("/directory/people?limit=1", "admin");
        // messaging has no list to read: an unknown message is the module's own 404, not the router's
        endpoints.put("/messaging/messages/999999999", "admin");
        List<String> failures = new ArrayList<>();
        int requests = 0;
        long until = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < until) {
            for (Map.Entry<String, String> e : endpoints.entrySet()) {
                HomeroomTestSupport.Answer a = karaf.call("GET", e.getKey(), e.getValue(), null);
                requests++;
                boolean answered = e.getKey().startsWith("/messaging/")
                        ? a.status() == 404 && a.body() != null && !a.body().contains("odule")
                        : a.status() == 200;
                if (!answered && failures.size() < 20) {
                    failures.add(e.getKey() + " → " + a.status() + " " + (a.body() == null ? "" : a.body().substring(0, Math.min(200, a.body().length()))));
                }
            }
        }
        System.out.println("ReadinessIT: " + requests + " requests from the first UP, " + failures.size() + " failed");
        assertTrue("after the first UP, " + failures.size() + " of " + requests + " requests failed: " + failures, failures.isEmpty());
        HomeroomTestSupport.Answer details = karaf.call("GET", "/health", "admin", null);
        assertTrue(details.body(), details.body().contains("\"events\""));
    }
}
