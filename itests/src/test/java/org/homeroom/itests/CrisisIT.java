package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The crisis module through the distribution: incidents, their SRP action and log, the platform hold, the public banner. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CrisisIT extends HomeroomTestSupport {

    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] config() {
        return org.ops4j.pax.exam.OptionUtils.combine(super.config(), OpenRecordsIT.patientProbe());
    }

    @Before
    public void ready() {
        await("health UP", 300_000, () -> get("/health", null), a -> a.status() == 200);
        awaitPlatform();
        await("crisis running", 60_000, () -> get("/crisis/incidents", "comms"), a -> a.status() == 200);
    }

    @Test
    public void aLockdownAtE01IsLoggedHeldBannneredAndClosed() {
        JsonNode created = call("POST", "/crisis/incidents", "comms", "{\"type\":\"intruder\",\"sites\":[\"e01\"],\"severity\":\"high\","
                + "\"drill\":false,\"action\":\"hold\",\"roles\":{\"spokesperson\":[\"principal\"]},\"hold\":true}").expect(201).json();
        long id = created.get("id").asLong();
        assertEquals(List.of("E01"), PlatformIT.texts(created.get("sites")));
        assertEquals("open", created.get("status").asText());
        long holdId = created.get("holdId").asLong();
        JsonNode hold = get("/holds/" + holdId, "admin").expect(200).json();
        assertTrue(hold.toString(), hold.toString().contains("E01"));

        // every change of the SRP action is logged
        JsonNode locked = call("POST", "/crisis/incidents/" + id + "/action", "comms", "{\"action\":\"lockdown\",\"note\":\"police en route\"}")
                .expect(200).json();
        assertEquals("lockdown", locked.get("action").asText());
        assertTrue(locked.get("log").toString(), locked.get("log").toString().contains("hold → lockdown: police en route"));

        // E01's principal sees it and, as spokesperson, acts on it; the public banner shows in both languages
        assertTrue(get("/crisis/incidents", "principal").expect(200).body().contains("\"id\":" + id));
        call("POST", "/crisis/incidents/" + id + "/banner", "principal", "{\"en\":\"Lockdown at E01: students are safe.\","
                + "\"es\":\"Confinamiento en E01: los estudiantes están a salvo.\"}").expect(200);
        HttpResponse<String> banner = exchange("GET", "/crisis/banner?lang=es", null, null, "Origin", "https://www.example-school.org");
        assertEquals(200, banner.statusCode());
        assertTrue(banner.body(), banner.body().contains("Confinamiento en E01"));
        assertTrue(banner.headers().firstValue("Cache-Control").orElse("").contains("max-age=30"));
        assertTrue(banner.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertTrue(get("/crisis/banner?lang=en&site=E01", null).expect(200).body().contains("Lockdown at E01"));
        assertFalse(get("/crisis/banner?site=H01", null).expect(200).body().contains("Lockdown at E01"));

        // lifting the hold is one logged action; a second lift is a conflict
        call("POST", "/crisis/incidents/" + id + "/hold/lift", "comms", "{\"reason\":\"all clear\"}").expect(200);
        assertFalse(get("/holds/" + holdId, "admin").json().get("liftedAt").isNull());
        call("POST", "/crisis/incidents/" + id + "/hold/lift", "comms", "{}").problem(409);

        // open → contained → closed; closed is final and clears the banner
        call("POST", "/crisis/incidents/" + id + "/status", "comms", "{\"status\":\"contained\"}").expect(200);
        call("POST", "/crisis/incidents/" + id + "/status", "comms", "{\"status\":\"closed\"}").expect(200);
        call("POST", "/crisis/incidents/" + id + "/status", "comms", "{\"status\":\"open\"}").problem(409);
        call("POST", "/crisis/incidents/" + id + "/action", "comms", "{\"action\":\"evacuate\"}").problem(409);
        JsonNode empty = get("/crisis/banner", null).expect(200).json();
        assertFalse(empty.toString(), empty.toString().contains("Lockdown at E01"));

        JsonNode stored = get("/crisis/incidents/" + id, "comms").expect(200).json();
        assertEquals("closed", stored.get("status").asText());
        List<String> kinds = stored.get("log").findValuesAsText("kind");
        assertTrue(kinds.toString(), kinds.containsAll(List.of("status", "action", "hold", "banner")));
        List<String> audit = get("/audit?entity=incident&entityId=" + id, "admin").json().get("items").findValuesAsText("action");
        assertTrue(audit.toString(), audit.containsAll(List.of("crisis.incident.open", "crisis.incident.action", "crisis.incident.status")));
    }

    @Test
    public void incidentsAreGuardedAndValidated() {
        call("POST", "/crisis/incidents", null, "{}").problem(401);
        call("POST", "/crisis/incidents", "principal", "{\"type\":\"fire\",\"sites\":[],\"severity\":\"low\",\"drill\":true}").problem(403);
        Answer bad = call("POST", "/crisis/incidents", "comms", "{\"type\":\"fire\",\"sites\":[\"ZZ99\"],\"severity\":\"apocalyptic\"}")
                .problem(422);
        assertTrue(bad.body(), bad.json().get("errors").findValuesAsText("field").containsAll(List.of("sites", "severity", "drill")));
        get("/crisis/incidents/999999", "comms").problem(404);

        // an H01 incident is unknown to E01's principal, who may not act on it
        long h01 = call("POST", "/crisis/incidents", "comms", "{\"type\":\"weather\",\"sites\":[\"H01\"],\"severity\":\"moderate\",\"drill\":true}")
                .expect(201).json().get("id").asLong();
        get("/crisis/incidents/" + h01, "principal").problem(404);
        call("POST", "/crisis/incidents/" + h01 + "/log", "principal", "{\"entry\":\"not mine\"}").problem(404);
        assertFalse(get("/crisis/incidents", "principal").body().contains("\"id\":" + h01 + ","));
        // a district-wide one they see but, without a role, cannot change
        long district = call("POST", "/crisis/incidents", "comms", "{\"type\":\"weather\",\"sites\":[],\"severity\":\"moderate\",\"drill\":false}")
                .expect(201).json().get("id").asLong();
        get("/crisis/incidents/" + district, "principal").expect(200);
        call("POST", "/crisis/incidents/" + district + "/log", "principal", "{\"entry\":\"hello\"}").problem(403);
        call("POST", "/crisis/incidents/" + district + "/log", "comms", "{\"entry\":\"Storm cell over the district\"}").expect(200);

        // FERPA health-or-safety disclosures: comms only, threat and recipient required and stored
        call("POST", "/crisis/incidents/" + district + "/disclosures", "principal", "{}").problem(403);
        call("POST", "/crisis/incidents/" + district + "/disclosures", "comms", "{\"threat\":\"Tornado damage\"}").problem(422);
        call("POST", "/crisis/incidents/" + district + "/disclosures", "comms", "{\"threat\":\"Tornado damage, injured students\","
                + "\"recipient\":\"County EMS\",\"information\":\"Medical conditions of two students\"}").expect(201);
        assertEquals("County EMS", get("/crisis/incidents/" + district + "/disclosures", "comms").expect(200).json().get(0).get("recipient").asText());
    }
}
