package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Media requests through the distribution: a filming refused while a named student has a FERPA opt-out (from a
 * OneRoster import into the directory), another visit approved with the principal's approval recorded, a records
 * request converted into an open records request (linked, no search fee), bad input refused with nothing stored,
 * and site staff limited to their sites.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MediaRequestsIT extends HomeroomTestSupport {

    static final String E02_STAFF = "teacher-e02";

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(super.config(), CoreOptions.systemTimeout(600_000),
                CoreOptions.systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("300000"),
                // a second site's staff member (demo users: password = name)
                editConfigurationFilePut("etc/users.properties", E02_STAFF, E02_STAFF + ", site-staff, site:E02"), OpenRecordsIT.patientProbe());
    }

    @Before
    public void ready() {
        await("health UP", 300_000, () -> get("/health", null), a -> a.status() == 200);
        awaitPlatform();
        await("media requests running", 120_000, () -> get("/media-requests/topics", "comms"), a -> a.status() == 200);
        await("directory running", 120_000, () -> get("/directory/people?limit=1", "comms"), a -> a.status() == 200);
        await("open records running", 120_000, () -> get("/open-records/requests?limit=1", "comms"), a -> a.status() == 200);
    }

    private static long outlet(String name, String language) {
        Answer existing = get("/media-requests/outlets?q=" + name.replace(' ', '+'), "comms").expect(200);
        if (existing.json().get("total").asLong() > 0) {
            return existing.json().get("items").get(0).get("id").asLong();
        }
        return call("POST", "/media-requests/outlets", "comms", "{\"name\":\"" + name + "\",\"language\":\"" + language + "\",\"kind\":\"tv\"}")
                .expect(201).json().get("id").asLong();
    }

    private static long journalist(long outlet) {
        return call("POST", "/media-requests/outlets/" + outlet + "/journalists", "comms",
                "{\"name\":\"Lucía Pérez\",\"beat\":\"education\",\"email\":\"lucia.itest@example.org\"}").expect(201).json().get("id").asLong();
    }

    private static String future(long days) {
        return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    public void aFilmingIsRefusedWhileANamedStudentOptedOutAndAVisitIsApprovedOtherwise() throws Exception {
        DirectoryIT.upload("comms", DirectoryIT.zip(DirectoryIT.oneRoster("405-555-0123")), "application/zip").expect(201);
        call("PUT", "/directory/people/it-s1/ferpa-opt-out", "principal", "{\"scope\":\"photos\",\"renewBy\":\"" + java.time.LocalDate.now().plusYears(1) + "\"}").expect(200);
        long telemundo = outlet("Telemundo Itest", "es");
        long lucia = journalist(telemundo);
        call("POST", "/media-requests/spokespeople", "comms", "{\"name\":\"Ana Ruiz\",\"speaksSpanish\":true}").expect(201);

        Answer created = call("POST", "/media-requests", "comms", "{\"outletId\":" + telemundo + ",\"journalistId\":" + lucia
                + ",\"kind\":\"filming\",\"topic\":\"academics\",\"summary\":\"Robotics class story\",\"reporterDeadline\":\"" + future(2)
                + "\",\"sites\":[\"E01\"],\"visitAt\":\"" + future(5) + "\",\"recording\":true,"
                + "\"students\":[{\"sourcedId\":\"it-s1\",\"parentConsent\":true}]}").expect(201);
        JsonNode filming = created.json();
        long id = filming.get("id").asLong();
        assertEquals("es", filming.get("language").asText());
        assertEquals("assigned", filming.get("status").asText());
        assertTrue(filming.toString(), filming.get("spokesperson").asText().length() > 0);
        assertTrue(filming.toString(), !filming.get("officeDue").asText().equals(filming.get("reporterDeadline").asText()));

        // the principal of E01 may approve, but not while Ana (it-s1) has a photo/media opt-out: refused, and the refusal is on the request
        Answer refused = call("POST", "/media-requests/" + id + "/visit/approve", "principal", "{}").problem(409);
        assertTrue(refused.detail(), refused.detail().contains("it-s1") && refused.detail().contains("FERPA"));
        JsonNode stored = get("/media-requests/" + id, "principal").expect(200).json();
        assertEquals("refused", stored.get("visit").get("check").asText());
        assertTrue(stored.get("visit").get("principalApproval").isNull());

        // another site's staff neither see nor approve it
        get("/media-requests/" + id, E02_STAFF).problem(404);
        call("POST", "/media-requests/" + id + "/visit/approve", E02_STAFF, "{}").problem(404);
        JsonNode e02List = get("/media-requests", E02_STAFF).expect(200).json();
        for (JsonNode r : e02List.get("items")) {
            assertTrue(r.toString(), r.get("sites").toString().contains("E02"));
        }
        call("POST", "/media-requests", "principal", "{}").problem(403);

        // a visit to E02 naming Luis (it-s2, no opt-out), not recorded: comms records the principal's approval given to them
        long visit = call("POST", "/media-requests", "comms", "{\"outletId\":" + telemundo + ",\"kind\":\"campus-visit\",\"topic\":\"athletics\","
                + "\"summary\":\"Soccer practice\",\"sites\":[\"E02\"],\"visitAt\":\"" + future(3) + "\",\"students\":[{\"sourcedId\":\"it-s2\"}]}")
                .expect(201).json().get("id").asLong();
        call("POST", "/media-requests/" + visit + "/visit/approve", "comms", "{}").problem(422);
        JsonNode approved = call("POST", "/media-requests/" + visit + "/visit/approve", "comms", "{\"principal\":\"Dr. Luis Ortega\"}").expect(200).json();
        assertEquals("approved", approved.get("visit").get("check").asText());
        assertEquals("Dr. Luis Ortega", approved.get("visit").get("principalApproval").asText());
        assertEquals("comms", approved.get("visit").get("approvalRecordedBy").asText());
        assertEquals("approved", get("/media-requests/" + visit, E02_STAFF).expect(200).json().get("visit").get("check").asText());
        assertTrue(get("/audit?limit=20", "admin").expect(200).body().contains("media.visit.approve"));
    }

    @Test
    public void aRecordsRequestBecomesAnOpenRecordsRequestWithoutSearchFeeAndBadInputStoresNothing() {
        long outlet = outlet("Daily Itest", "en");
        long reporter = journalist(outlet);
        long before = get("/media-requests", "comms").expect(200).json().get("total").asLong();
        Answer bad = call("POST", "/media-requests", "comms", "{\"outletId\":999999,\"topic\":\"weather\",\"summary\":\"x\",\"sites\":[\"ZZ99\"],"
                + "\"reporterDeadline\":\"2020-01-01T00:00:00Z\"}").problem(422);
        assertTrue(bad.body(), bad.json().get("errors").findValuesAsText("field").containsAll(List.of("reporterDeadline", "sites")));
        Answer unknown = call("POST", "/media-requests", "comms", "{\"outletId\":999999,\"topic\":\"weather\",\"summary\":\"x\"}").problem(422);
        assertTrue(unknown.body(), unknown.json().get("errors").findValuesAsText("field").containsAll(List.of("outletId", "topic")));
        assertEquals(before, get("/media-requests", "comms").json().get("total").asLong());

        long id = call("POST", "/media-requests", "comms", "{\"outletId\":" + outlet + ",\"journalistId\":" + reporter
                + ",\"kind\":\"records\",\"topic\":\"budget\",\"summary\":\"Transportation contracts 2024-2026\"}").expect(201).json().get("id").asLong();
        call("POST", "/media-requests/" + id + "/transition", "comms", "{\"status\":\"closed-ish\"}").problem(422);
        call("POST", "/media-requests/" + id + "/convert", "comms", "{\"to\":\"print-shop\"}").problem(422);
        JsonNode converted = call("POST", "/media-requests/" + id + "/convert", "comms", "{\"to\":\"open-records\"}").expect(200).json();
        assertEquals("converted", converted.get("status").asText());
        String number = converted.get("openRecordsNumber").asText();
        assertTrue(number, number.matches("ORR-\\d{4}-\\d{5}"));
        call("POST", "/media-requests/" + id + "/convert", "comms", "{\"to\":\"open-records\"}").problem(409);
        call("POST", "/media-requests/" + id + "/transition", "comms", "{\"status\":\"in-progress\"}").problem(409);

        String path = "/open-records/requests/" + number;
        JsonNode request = get(path, "comms").expect(200).json().get("request");
        assertEquals("media", request.get("requesterType").asText());
        assertEquals("Lucía Pérez", request.get("name").asText());
        assertEquals("Daily Itest", request.get("organisation").asText());
        assertEquals("Transportation contracts 2024-2026", request.get("description").asText());
        double copies = call("POST", path + "/fee-estimate", "comms", "{\"copyPages\":10}").expect(200).json().get("request").get("feeTotal").asDouble();
        double withSearch = call("POST", path + "/fee-estimate", "comms", "{\"copyPages\":10,\"searchHours\":3}").expect(200).json()
                .get("request").get("feeTotal").asDouble();
        assertEquals("media pay no search fee (51 O.S. §24A.5)", copies, withSearch, 0.001);

        JsonNode links = get("/links?ref=media-requests:request:" + id, "comms").expect(200).json();
        assertEquals(links.toString(), "open-records:request:" + number, links.get("links").get(0).get("other").get("ref").asText());
        JsonNode back = get("/links?ref=open-records:request:" + number, "comms").expect(200).json();
        assertTrue(back.toString(), back.toString().contains("media-requests:request:" + id));
    }
}
