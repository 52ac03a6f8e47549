package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * A district emergency text killed with SIGKILL in the middle of the send (a power cut, not a module
 * stop): after the restart the send resumes where it stopped, every family gets the text, and repeats stay
 * within the window the worker documents (the texts it had handed to the provider but not yet recorded: at
 * most 50 answered plus the 16 in flight). The distribution runs as a separate process ({@link KarafProcess}), like RestartIT.
 */
public class MessagingCrashIT {

    static final int PROVIDER_PORT = HomeroomTestSupport.port(13081);
    static final int FAMILIES = 120;
    private static KarafProcess karaf;
    private LocalTextProvider provider;

    @BeforeClass
    public static void unpack() throws IOException {
        // its own ports, away from a running demo, the Pax Exam containers, RestartIT and ConsoleIT
        karaf = new KarafProcess("messaging-crash-it", HomeroomTestSupport.port(18484), HomeroomTestSupport.port(18402), HomeroomTestSupport.port(11299), HomeroomTestSupport.port(44645));
        String twilio = "etc/org.homeroom.messaging.twilio.cfg";
        karaf.setProperty(twilio, "baseUrl", "http://127.0.0.1:" + PROVIDER_PORT);
        karaf.setProperty(twilio, "accountSid", "ACcrash");
        karaf.setProperty(twilio, "authToken", "crash-token");
        karaf.setProperty(twilio, "fromNumber", "+14055550100");
        String messaging = "etc/org.homeroom.messaging.cfg";
        karaf.setProperty(messaging, "provider", "twilio");
        // what a dead worker held goes back to the queue after 3 s, not 2 minutes, in this test
        karaf.setProperty(messaging, "leaseSeconds", "3");
    }

    @After
    public void cleanUp() throws InterruptedException {
        if (karaf.running()) {
            karaf.stop(true);
        }
        if (provider != null) {
            provider.close();
        }
    }

    @AfterClass
    public static void removeRuntime() throws IOException {
        karaf.delete();
    }

    @Test
    public void anEmergencyTextKilledMidwayResumesAfterTheRestartAndReachesEveryFamily() throws Exception {
        provider = LocalTextProvider.start(PROVIDER_PORT, "ACcrash");
        provider.delayMillis = 400; // 16 at once (the default): ~40 texts/s, so the send takes ~3 s and is killed in the middle
        List<Map<String, String>> received = provider.received;
        karaf.start();
        awaitMessaging();
        upload(families());
        JsonNode created = karaf.call("POST", "/messaging/messages", "comms", "{\"kind\":\"text\",\"category\":\"emergency\",\"channels\":[\"sms\"],"
                + "\"audience\":{\"role\":\"families\",\"sites\":[\"E01\"]},\"maxSegments\":1,"
                + "\"content\":{\"textEn\":\"Lockdown lifted at {{siteCode}}\",\"textEs\":\"Fin del cierre en {{siteCode}}\"}}").expect(201).json();
        long id = created.get("id").asLong();
        karaf.call("POST", "/messaging/messages/" + id + "/approve", "comms", null).expect(200);
        karaf.call("POST", "/messaging/messages/" + id + "/send", "comms", null).expect(200);
        HomeroomTestSupport.await("some texts out", 60_000, () -> new HomeroomTestSupport.Answer(received.size(), null, "", null),
                a -> received.size() >= 30);
        karaf.stop(true); // SIGKILL: no shutdown hook, no clean close of the database
        int atKill = received.size();
        assertTrue("killed in the middle: " + atKill, atKill < FAMILIES);

        karaf.start();
        JsonNode done = HomeroomTestSupport.await("the send finished after the restart", 90_000,
                () -> karaf.call("GET", "/messaging/messages/" + id, "comms", null),
                a -> a.status() == 200 && "sent".equals(a.json().get("status").asText())).json();
        Set<String> numbers = received.stream().map(f -> f.get("To")).collect(java.util.stream.Collectors.toSet());
        assertEquals("every family got the text", FAMILIES, numbers.size());
        int repeats = received.size() - FAMILIES;
        System.out.printf("MessagingCrashIT: killed after %d of %d texts; %d repeated after the restart%n", atKill, FAMILIES, repeats);
        assertTrue("repeats stay within the documented window (50 unrecorded + 16 in flight): " + repeats, repeats <= 50 + 16);
        assertEquals(FAMILIES, done.get("deliveries").get("sent").asInt());
        assertEquals(0, done.get("deliveries").get("planned").asInt() + done.get("deliveries").get("sending").asInt());

        JsonNode reach = karaf.call("GET", "/messaging/messages/" + id + "/reach", "comms", null).expect(200).json();
        assertEquals(reach.toString(), "family", reach.get("unit").asText());
        assertEquals(reach.toString(), FAMILIES, reach.get("total").asInt());
        assertEquals(reach.toString(), FAMILIES, reach.get("reached").asInt());
        String unreached = HomeroomTestSupport.callUrl("GET", karaf.url("/api/messaging/messages/" + id + "/reach.csv"), "comms", null, null,
                "text/csv").expect(200).body();
        assertEquals("nobody to follow up", "student,name,site,grade,outcome,guardians", unreached.strip());
    }

    private static void awaitMessaging() {
        HomeroomTestSupport.await("messaging running", 60_000, () -> karaf.call("GET", "/messaging/messages/0", "comms", null),
                a -> a.status() == 404 && a.json() != null && a.body().contains("There is no message 0"));
    }

    /** {@link #FAMILIES} families at E01, one guardian with a mobile each. */
    private static byte[] families() throws IOException {
        Map<String, String> files = new LinkedHashMap<>(DirectoryIT.oneRoster("405-555-0123"));
        StringBuilder users = new StringBuilder(files.get("users.csv").lines().findFirst().orElseThrow()).append('\n');
        for (int i = 100; i < 100 + FAMILIES; i++) {
            users.append("cr-s").append(i).append(",active,,true,org-e01,student,,,Kid").append(i).append(",Crash,,,,,,cr-g").append(i).append(",04,\n");
            users.append("cr-g").append(i).append(",active,,true,org-e01,guardian,,,Parent").append(i).append(",Crash,,,,405-555-0").append(i)
                    .append(",,cr-s").append(i).append(",,\n");
        }
        files.put("users.csv", users.toString());
        files.remove("homeroom_languages.csv");
        return DirectoryIT.zip(files);
    }

    private static void upload(byte[] zip) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(karaf.url("/api/directory/imports")))
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).header("Content-Type", "application/zip")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("comms:comms".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 201, response.statusCode());
        assertEquals(response.body(), FAMILIES * 2, com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(response.body()).get("created").asInt());
    }
}
