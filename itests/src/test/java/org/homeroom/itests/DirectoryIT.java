package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The directory over HTTP: a OneRoster ZIP in, people out, consent and deletion requests that stick across imports. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DirectoryIT extends HomeroomTestSupport {

    private static final String USERS = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
            + "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n";

    @Before
    public void ready() {
        awaitPlatform();
        await("directory running", 60_000, () -> get("/directory/people?limit=1", "comms"), a -> a.status() == 200);
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry("export/" + f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, String> oneRoster(String mariaMobile) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("orgs.csv", "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
                + "district,active,,District,district,,\norg-e01,active,,E01,school,E01,district\norg-e02,active,,E02,school,E02,district\n");
        files.put("users.csv", USERS
                + "it-s1,active,,true,org-e01,student,,,Ana,Peña-Itest,,,,,,it-g1,03,\n"
                + "it-s2,active,,true,org-e02,student,,,Luis,Peña-Itest,,,,,,it-g1,KG,\n"
                + "it-g1,active,,true,org-e02,guardian,,,María,Peña-Itest,,,maria.itest@example.org," + mariaMobile + ",,\"it-s1,it-s2\",,\n"
                + "it-g2,active,,true,org-e02,guardian,,,Solo,Itest-E02,,,,405-555-0142,,it-s2,,\n"
                + "it-bad,active,,true,org-e01,guardian,,,Bad,Phone,,,,12,,,,\n");
        files.put("homeroom_languages.csv", "sourcedId,language\nit-g1,es\n");
        return files;
    }

    static Answer upload(String user, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + "/directory/imports")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", contentType).header("Accept", "application/json, application/problem+json");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body(),
                response.body().isBlank() ? null : JSON.readTree(response.body()));
    }

    @Test
    public void aOneRosterSetIsImportedAndSiteStaffSeeOnlyTheirFamilies() throws Exception {
        JsonNode report = upload("comms", zip(oneRoster("405-555-0123")), "application/zip").expect(201).json();
        // the tests share one container: the first import creates the four, a later one finds them
        assertEquals(report.toString(), 4, report.get("created").asInt() + report.get("updated").asInt() + report.get("unchanged").asInt());
        assertEquals(1, report.get("errors").size());
        assertEquals("it-bad", report.get("errors").get(0).get("sourcedId").asText());
        assertEquals(report.get("created").asInt(), get("/directory/imports/" + report.get("id").asLong(), "comms").expect(200).json().get("created").asInt());
        assertEquals(0, upload("comms", zip(oneRoster("405-555-0123")), "application/zip").expect(201).json().get("updated").asInt());

        JsonNode maria = get("/directory/people/it-g1", "comms").expect(200).json();
        assertEquals("es", maria.get("person").get("language").asText());
        assertEquals(2, maria.get("linked").size());
        assertEquals(4, get("/directory/people?q=itest&limit=50", "comms").json().get("total").asInt());
        // principal works at E01: Ana (E01) and her guardian María, nobody only tied to E02
        JsonNode mine = get("/directory/people?q=itest&limit=50", "principal").expect(200).json();
        assertEquals(mine.toString(), 2, mine.get("total").asInt());
        assertFalse(mine.toString().contains("it-g2"));
        get("/directory/people/it-s2", "principal").problem(404);
        get("/directory/people?site=E02", "principal").problem(403);
        get("/directory/people/nobody", "comms").problem(404);

        // FERPA: the school records a family's photo opt-out for its own student, with a renewal date
        JsonNode ana = call("PUT", "/directory/people/it-s1/ferpa-opt-out", "principal", "{\"scope\":\"photos\",\"renewBy\":\"2027-08-01\"}")
                .expect(200).json();
        assertEquals("photos", ana.get("ferpaOptOuts").get(0).get("scope").asText());
        assertEquals("2027-08-01", ana.get("ferpaOptOuts").get(0).get("renewBy").asText());
        assertEquals("scope", call("PUT", "/directory/people/it-s1/ferpa-opt-out", "principal", "{\"scope\":\"everything\"}")
                .problem(422).json().get("errors").get(0).get("field").asText());
        assertEquals("renewBy", call("PUT", "/directory/people/it-s1/ferpa-opt-out", "principal", "{\"scope\":\"all\",\"renewBy\":\"soon\"}")
                .problem(422).json().get("errors").get(0).get("field").asText());
        call("PUT", "/directory/people/it-s2/ferpa-opt-out", "principal", "{\"scope\":\"all\"}").problem(404); // another site's student
        assertEquals(1, get("/directory/people/it-s1", "comms").json().get("ferpaOptOuts").size());
    }

    @Test
    public void consentAndDeletionRequestsHoldAcrossTheNextImport() throws Exception {
        upload("comms", zip(oneRoster("405-555-0123")), "application/zip").expect(201);
        JsonNode history = call("POST", "/directory/consents", "comms", "{\"value\":\"(405) 555-0123\",\"categories\":[\"general\",\"school-mission\"],"
                + "\"state\":\"revoked\",\"basis\":\"phone call\",\"note\":\"Father asked\"}").expect(200).json();
        assertEquals(2, history.size());
        JsonNode mobile = get("/directory/people/it-g1", "comms").json().get("contacts").get(1);
        assertEquals("+14055550123", mobile.get("value").asText());
        assertFalse(mobile.get("consent").get("general").asBoolean());
        assertTrue(mobile.get("consent").get("emergency").asBoolean());
        assertEquals("basis", call("POST", "/directory/consents", "comms", "{\"value\":\"maria.itest@example.org\",\"categories\":[\"promotional\"],"
                + "\"state\":\"granted\",\"basis\":\"given-to-school\"}").problem(422).json().get("errors").get(0).get("field").asText());
        call("POST", "/directory/consents", "principal", "{}").problem(403);

        call("POST", "/directory/suppressions", "comms", "{\"value\":\"405-555-0123\",\"reason\":\"Family asked to delete the number\"}").expect(204);
        call("POST", "/directory/suppressions", "comms", "{\"value\":\"nope\"}").problem(422);
        // the SIS sends the number again with a changed row: it stays out
        JsonNode next = upload("comms", zip(oneRoster("405-555-0123").entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().replace("María,Peña-Itest", "Maria,Peña-Itest"), (a, b) -> a, LinkedHashMap::new))),
                "application/zip").expect(201).json();
        assertEquals(1, next.get("contactsKeptOut").asInt());
        assertFalse(get("/directory/people/it-g1", "comms").body().contains("+14055550123"));
        assertEquals(2, get("/directory/consents?value=405-555-0123", "comms").expect(200).json().size());
    }

    @Test
    public void badUploadsAreRefusedClearlyAndStoreNothing() throws Exception {
        upload(null, zip(oneRoster("405-555-0123")), "application/zip").problem(401);
        upload("principal", zip(oneRoster("405-555-0123")), "application/zip").problem(403);
        upload("comms", "not a zip at all".getBytes(StandardCharsets.UTF_8), "application/zip").problem(422);
        upload("comms", zip(Map.of("readme.txt", "hello")), "application/zip").problem(422);
        assertTrue(upload("comms", zip(Map.of("users.csv", USERS)), "application/zip").problem(422).detail().length() > 0);
        assertEquals("orgs.csv", upload("comms", zip(Map.of("orgs.csv", "sourcedId,name\nx,y\n", "users.csv", USERS)), "application/zip")
                .problem(422).json().get("errors").get(0).get("field").asText());
        upload("comms", zip(oneRoster("1")), "text/csv").problem(415);
    }
}
