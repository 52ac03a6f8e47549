package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Links, goals, the communications hold and the one search across the directory, open records and messaging,
 * through the real distribution: what each user is shown, messaging waiting for a hold (emergencies going), and
 * links and tags outliving an uninstalled module.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RecordsAcrossModulesIT extends HomeroomTestSupport {

    private static boolean imported;

    @Before
    public void ready() throws Exception {
        awaitPlatform();
        for (String path : List.of("/goals", "/holds", "/search?q=ready", "/links?ref=directory:person:nobody")) {
            await("platform records ready: " + path, 60_000, () -> get(path, "comms"), a -> a.status() == 200 || a.status() == 404 && a.json() != null
                    && a.detail().contains("nobody"));
        }
        await("open records running", 60_000, () -> get("/open-records/requests", "comms"), a -> a.status() == 200);
        await("messaging running", 60_000, () -> get("/messaging/messages/0", "comms"), a -> a.status() == 404 && a.json() != null);
        if (!imported) {
            DirectoryIT.upload("comms", DirectoryIT.zip(DirectoryIT.oneRoster("405-555-0123")), "application/zip").expect(201);
            imported = true;
        }
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    static Set<String> refs(JsonNode results) {
        Set<String> refs = new TreeSet<>();
        results.get("results").forEach(r -> refs.add(r.get("ref").asText()));
        return refs;
    }

    static String submitRequest(String description) {
        return call("POST", "/open-records/requests", null, OpenRecordsIT.intake("media", false, description)).expect(201).json()
                .get("trackingNumber").asText();
    }

    @Test
    public void searchFindsRecordsOfEveryModuleThatTheUserMaySee() {
        // the directory fed the index during the import: names with accents folded
        JsonNode all = get("/search?q=" + q("pena itest"), "comms").expect(200).json();
        assertTrue(all.toString(), refs(all).containsAll(List.of("directory:person:it-s1", "directory:person:it-s2", "directory:person:it-g1")));
        JsonNode first = all.get("results").get(0);
        assertEquals("directory", first.get("module").asText());
        assertTrue(first.get("title").asText().contains("Peña-Itest"));
        // site staff of E01: Ana (E01), not Luis (E02)
        Set<String> principal = refs(get("/search?q=" + q("Peña-Itest"), "principal").expect(200).json());
        assertTrue(principal.toString(), principal.contains("directory:person:it-s1"));
        assertFalse(principal.toString(), principal.contains("directory:person:it-s2"));

        // open records feeds it as a request arrives; site staff find it once it is assigned to their site
        String n = submitRequest("Zeppelin hangar lease agreements");
        assertEquals(Set.of("open-records:request:" + n), refs(get("/search?q=zeppelin", "comms").expect(200).json()));
        assertTrue(refs(get("/search?q=zeppelin", "principal").expect(200).json()).isEmpty());
        call("POST", "/open-records/requests/" + n + "/assignments", "comms", "{\"department\":\"E01\"}").expect(201);
        JsonNode assigned = get("/search?q=" + q("zeppelin hangar"), "principal").expect(200).json();
        assertEquals(Set.of("open-records:request:" + n), refs(assigned));
        assertEquals("open-records", assigned.get("results").get(0).get("module").asText());

        get("/search?q=%20", "comms").problem(422);
        get("/search?q=zeppelin&limit=0", "comms").problem(422);
        get("/search?q=zeppelin", null).problem(401);
    }

    @Test
    public void goalsAreABilingualVocabularyTheOfficeEditsAndTagsComeFromAnyModule() {
        Answer created = call("POST", "/goals", "comms", "{\"name\":\"Every family informed\",\"nameEs\":\"Todas las familias informadas\",\"kind\":\"goal\"}")
                .expect(201);
        long goal = created.json().get("id").asLong();
        assertEquals("Todas las familias informadas", get("/goals/" + goal, "principal").expect(200).json().get("nameEs").asText());
        call("POST", "/goals", "principal", "{\"name\":\"x\",\"nameEs\":\"y\",\"kind\":\"goal\"}").problem(403);
        Answer invalid = call("POST", "/goals", "comms", "{\"name\":\"\",\"kind\":\"wish\"}").problem(422);
        assertTrue(invalid.json().get("errors").findValuesAsText("field").containsAll(List.of("name", "nameEs", "kind")));
        call("POST", "/goals", "comms", "{\"name\":\"Every family informed\",\"nameEs\":\"otra\",\"kind\":\"goal\"}").problem(409);
        call("POST", "/goals", "comms", "{\"name\":\"Family survey response rate\",\"nameEs\":\"Respuesta a la encuesta\",\"kind\":\"indicator\"}").expect(201);
        JsonNode list = get("/goals", "principal").expect(200).json();
        List<String> names = new ArrayList<>();
        list.forEach(g -> names.add(g.get("name").asText()));
        assertTrue(names.toString(), names.indexOf("Every family informed") < names.indexOf("Family survey response rate"));

        String n = submitRequest("Family engagement survey results");
        call("POST", "/goals/" + goal + "/records", "comms", "{\"ref\":\"open-records:request:" + n + "\"}").expect(201);
        call("POST", "/goals/" + goal + "/records", "principal", "{\"ref\":\"directory:person:it-s1\"}").expect(201);
        call("POST", "/goals/" + goal + "/records", "principal", "{\"ref\":\"directory:person:it-s2\"}").problem(404); // E02
        call("POST", "/goals/" + goal + "/records", "comms", "{\"ref\":\"open-records:request:" + n + "\"}").problem(409);

        JsonNode forComms = get("/goals/" + goal + "/records", "comms").expect(200).json();
        assertEquals(2, forComms.size());
        JsonNode forPrincipal = get("/goals/" + goal + "/records", "principal").expect(200).json();
        assertEquals(1, forPrincipal.size()); // the request is not assigned to E01
        assertEquals("directory:person:it-s1", forPrincipal.get(0).get("record").get("ref").asText());
        String audit = get("/audit?entity=goal&entityId=" + goal, "admin").expect(200).body();
        assertTrue(audit, audit.contains("goal.create") && audit.contains("goal.tag"));
    }

    @Test
    public void linksShowFromBothSidesToWhoMaySeeBothAndOutliveAnUninstalledModule() {
        String n = submitRequest("Bus route contracts for Ana's school");
        String request = "open-records:request:" + n;
        call("POST", "/links", "principal", "{\"from\":\"directory:person:it-s1\",\"to\":\"" + request + "\"}").problem(404); // not theirs
        JsonNode link = call("POST", "/links", "comms", "{\"from\":\"directory:person:it-s1\",\"to\":\"" + request + "\",\"note\":\"asked by the family\"}")
                .expect(201).json();
        call("POST", "/links", "comms", "{\"from\":\"" + request + "\",\"to\":\"directory:person:it-s1\"}").problem(409);
        call("POST", "/links", "comms", "{\"from\":\"nonsense\",\"to\":\"" + request + "\"}").problem(422);
        long goal = call("POST", "/goals", "comms", "{\"name\":\"Safe transport\",\"nameEs\":\"Transporte seguro\",\"kind\":\"guardrail\"}").expect(201)
                .json().get("id").asLong();
        call("POST", "/goals/" + goal + "/records", "comms", "{\"ref\":\"" + request + "\"}").expect(201);

        JsonNode fromPerson = get("/links?ref=directory:person:it-s1", "comms").expect(200).json();
        assertEquals(request, fromPerson.get("links").get(0).get("other").get("ref").asText());
        assertTrue(fromPerson.get("links").get(0).get("other").get("title").asText().startsWith("Request " + n));
        JsonNode fromRequest = get("/links?ref=" + request, "comms").expect(200).json();
        assertEquals("directory:person:it-s1", fromRequest.get("links").get(0).get("other").get("ref").asText());
        // the principal sees Ana but not the request: the link is not shown to them
        assertEquals(0, get("/links?ref=directory:person:it-s1", "principal").expect(200).json().get("links").size());
        get("/links?ref=" + request, "principal").problem(404);
        assertTrue(get("/audit?entity=link&entityId=" + link.get("id").asText(), "admin").expect(200).body().contains("link.create"));

        // open records uninstalled: the link and the tag stay, shown as references without titles
        assertEquals("succeeded", ModulesIT.operate("open-records", "uninstall").get("state").asText());
        try {
            JsonNode kept = get("/links?ref=directory:person:it-s1", "comms").expect(200).json().get("links").get(0).get("other");
            assertEquals(request, kept.get("ref").asText());
            assertFalse(kept.get("installed").asBoolean());
            assertEquals("module not installed", kept.get("status").asText());
            assertTrue(kept.get("title").isNull());
            assertEquals(0, get("/links?ref=directory:person:it-s1", "principal").expect(200).json().get("links").size());
            JsonNode tag = get("/goals/" + goal + "/records", "comms").expect(200).json().get(0).get("record");
            assertEquals("module not installed", tag.get("status").asText());
            assertTrue(tag.get("title").isNull());
            assertTrue("nothing of an absent module is found", refs(get("/search?q=" + q("bus route contracts"), "comms").expect(200).json()).isEmpty());
        } finally {
            assertEquals("succeeded", ModulesIT.operate("open-records", "install").get("state").asText());
        }
        await("open records back", 60_000, () -> get("/links?ref=directory:person:it-s1", "comms"),
                a -> a.status() == 200 && a.json().get("links").get(0).get("other").get("installed").asBoolean());
        assertTrue(get("/links?ref=directory:person:it-s1", "comms").json().get("links").get(0).get("other").get("title").asText().startsWith("Request " + n));

        call("DELETE", "/links/" + link.get("id").asText(), "comms", null).expect(204);
        assertEquals(0, get("/links?ref=" + request, "comms").expect(200).json().get("links").size());
    }

    static String email(String category) {
        return MessagingIT.message(category, "\"email\"");
    }

    static JsonNode send(String body) {
        long id = call("POST", "/messaging/messages", "comms", body).expect(201).json().get("id").asLong();
        call("POST", "/messaging/messages/" + id + "/approve", "comms", null).expect(200);
        return call("POST", "/messaging/messages/" + id + "/send", "comms", null).expect(200).json();
    }

    @Test
    public void aHoldKeepsRoutineMessagesWaitingWhileEmergenciesGo() {
        call("POST", "/holds", "principal", "{\"reason\":\"mine\"}").problem(403);
        assertTrue(call("POST", "/holds", "comms", "{\"sites\":[\"ZZ9\"],\"reason\":\"x\"}").problem(422).body().contains("sites[0]"));
        call("POST", "/holds", "comms", "{\"sites\":[\"E01\"]}").problem(422);
        Answer set = call("POST", "/holds", "comms", "{\"reason\":\"Incident under review: hold routine messages\"}").expect(201);
        long hold = set.json().get("id").asLong();
        assertEquals("comms", set.json().get("setBy").asText());
        assertTrue(set.json().get("sites").isEmpty());
        JsonNode active = get("/holds?active=true", "principal").expect(200).json(); // site staff see a district hold
        assertEquals(hold, active.get(0).get("id").asLong());

        long routine = send(email("general")).get("id").asLong();
        await("routine message planned", 60_000, () -> get("/messaging/messages/" + routine, "comms"),
                a -> a.status() == 200 && a.json().hasNonNull("plannedAt"));
        long emergency = send(email("emergency")).get("id").asLong();
        await("emergency sent through the hold", 60_000, () -> get("/messaging/messages/" + emergency, "comms"),
                a -> a.status() == 200 && "sent".equals(a.json().get("status").asText()));
        // the worker has passed the routine message since (emergencies first, then the rest, in every pass)
        JsonNode waiting = get("/messaging/messages/" + routine, "comms").expect(200).json();
        assertEquals(waiting.toString(), "sending", waiting.get("status").asText());
        assertEquals(0, waiting.get("deliveries").get("sent").asInt());
        assertTrue(waiting.get("deliveries").get("planned").asInt() > 0);

        JsonNode lifted = call("POST", "/holds/" + hold + "/lift", "comms", "{\"reason\":\"All clear\"}").expect(200).json();
        assertEquals("comms", lifted.get("liftedBy").asText());
        assertTrue(lifted.hasNonNull("liftedAt"));
        call("POST", "/holds/" + hold + "/lift", "comms", "{}").problem(409);
        await("routine message sent once lifted", 60_000, () -> get("/messaging/messages/" + routine, "comms"),
                a -> a.status() == 200 && "sent".equals(a.json().get("status").asText()));
        String audit = get("/audit?entity=hold&entityId=" + hold, "admin").expect(200).body();
        assertTrue(audit, audit.contains("hold.set") && audit.contains("hold.lift"));
    }
}
