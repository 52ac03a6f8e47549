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
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The directory over HTTP: a OneRoster ZIP in, people out, consent and deletion requests that stick across imports. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DirectoryIT extends HomeroomTestSupport {

    private static final String USERS = "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
            + "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n";

    @Override
    @Configuration
    public Option[] config() {
        // on a loaded machine (2 cores, several checkouts' itests at once) the boot takes longer than Pax Exam waits by default:
        // 10 s for the probe's invoker, about 3 minutes for the container
        return OptionUtils.combine(super.config(), CoreOptions.systemTimeout(600_000),
                CoreOptions.systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("300000"));
    }

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

    /** The same files as raw bytes, for encodings other than UTF-8 and byte-order marks. */
    static byte[] zipBytes(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, byte[]> encoded(Map<String, String> files, java.nio.charset.Charset charset, boolean byteOrderMark) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach((name, text) -> {
            byte[] content = text.getBytes(charset);
            byte[] withMark = new byte[content.length + (byteOrderMark ? 3 : 0)];
            if (byteOrderMark) {
                withMark[0] = (byte) 0xEF;
                withMark[1] = (byte) 0xBB;
                withMark[2] = (byte) 0xBF;
            }
            System.arraycopy(content, 0, withMark, byteOrderMark ? 3 : 0, content.length);
            out.put(name, withMark);
        });
        return out;
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
        assertEquals(report.toString(), 5, report.get("created").asInt() + report.get("updated").asInt() + report.get("unchanged").asInt()
                + report.get("reactivated").asInt());
        assertEquals("applied", report.get("state").asText());
        // it-bad's phone "12" is left out with a warning; it-bad is imported
        assertEquals(report.toString(), 0, report.get("errors").size());
        assertTrue(report.toString(), java.util.stream.StreamSupport.stream(report.get("warnings").spliterator(), false)
                .anyMatch(w -> "it-bad".equals(w.get("sourcedId").asText()) && w.get("message").asText().contains("sms 12")));
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

    @Test
    public void aBulkFileThatWouldEmptyTheDirectoryIsHeldUntilConfirmedAndACorrectFileBringsEveryoneBack() throws Exception {
        upload("comms", zip(oneRoster("405-555-0123")), "application/zip").expect(201);
        int active = get("/directory/people?q=itest&limit=50", "comms").json().get("total").asInt();
        assertEquals(4, active);
        // a header-only users.csv (the SIS export failed half-way): held, nothing changed
        Map<String, String> empty = new LinkedHashMap<>(oneRoster("405-555-0123"));
        empty.put("users.csv", USERS);
        Answer heldAnswer = upload("comms", zip(empty), "application/zip").expect(202);
        JsonNode held = heldAnswer.json();
        long id = held.get("id").asLong();
        assertEquals("held", held.get("state").asText());
        assertTrue(held.get("reason").asText(), held.get("reason").asText().contains("more than the 5 %"));
        JsonNode e02 = java.util.stream.StreamSupport.stream(held.get("schools").spliterator(), false)
                .filter(n -> "E02".equals(n.get("site").asText())).findFirst().orElseThrow();
        assertEquals(e02.toString(), 0, e02.get("activeAfter").asInt());
        assertEquals(e02.get("activeBefore").asInt(), e02.get("deactivated").asInt());
        assertTrue(get("/directory/people/it-s2", "comms").json().get("person").get("active").asBoolean());
        assertEquals(held.toString(), "held", get("/directory/imports/" + id, "comms").expect(200).json().get("state").asText());
        JsonNode heldList = get("/directory/imports?state=held", "comms").expect(200).json();
        assertEquals(id, heldList.get("items").get(0).get("id").asLong());
        get("/directory/imports?state=maybe", "comms").problem(422);
        // site staff can neither read nor confirm imports
        get("/directory/imports", "principal").problem(403);
        get("/directory/imports/" + id, "principal").problem(403);
        call("POST", "/directory/imports/" + id + "/confirm", "principal", null).problem(403);
        assertEquals("held", get("/directory/imports/" + id, "comms").json().get("state").asText());

        // a person read the counts and confirms: everyone leaves; confirming twice is a conflict
        JsonNode confirmed = call("POST", "/directory/imports/" + id + "/confirm", "comms", null).expect(200).json();
        assertEquals("confirmed", confirmed.get("state").asText());
        assertEquals("comms", confirmed.get("confirmedBy").asText());
        assertFalse(get("/directory/people/it-s2", "comms").json().get("person").get("active").asBoolean());
        assertEquals(0, get("/directory/people?q=itest&limit=50", "comms").json().get("total").asInt());
        call("POST", "/directory/imports/" + id + "/confirm", "comms", null).problem(409);
        call("POST", "/directory/imports/999999/confirm", "comms", null).problem(404);

        // the correct file again: everyone it deactivated comes back (not "unchanged")
        JsonNode again = upload("comms", zip(oneRoster("405-555-0123")), "application/zip").expect(201).json();
        assertTrue(again.toString(), again.get("reactivated").asInt() >= 4);
        assertEquals(4, get("/directory/people?q=itest&limit=50", "comms").json().get("total").asInt());
        assertTrue(get("/directory/people/it-s2", "comms").json().get("person").get("active").asBoolean());
    }

    @Test
    public void aFileThatIsNotUtf8IsRefusedNamingTheFileLineAndByteAndAByteOrderMarkIsFine() throws Exception {
        upload("comms", zip(oneRoster("405-555-0123")), "application/zip").expect(201);
        Map<String, byte[]> cp1252 = encoded(oneRoster("405-555-0123"), java.nio.charset.Charset.forName("windows-1252"), false);
        Answer refused = upload("comms", zipBytes(cp1252), "application/zip").problem(422);
        JsonNode error = refused.json().get("errors").get(0);
        assertEquals(refused.body(), "users.csv", error.get("field").asText());
        // line 2 is Ana Peña-Itest: ñ is 0xF1 in Windows-1252
        assertTrue(refused.body(), error.get("message").asText().contains("line 2") && error.get("message").asText().contains("0xF1"));
        assertFalse(refused.body(), refused.body().contains("Exception"));
        String location = refused.body().replaceAll(".*(/api/directory/imports/\\d+).*", "$1");
        assertEquals("refused", get(location.substring("/api".length()), "comms").expect(200).json().get("state").asText());
        assertEquals("María", get("/directory/people/it-g1", "comms").json().get("person").get("givenName").asText());

        JsonNode marked = upload("comms", zipBytes(encoded(oneRoster("405-555-0123"), StandardCharsets.UTF_8, true)), "application/zip")
                .expect(201).json();
        assertEquals(marked.toString(), 0, marked.get("created").asInt() + marked.get("updated").asInt());
        assertEquals("María", get("/directory/people/it-g1", "comms").json().get("person").get("givenName").asText());
    }

    @Test
    public void siteStaffOfOneSiteGetNothingOfAnother() throws Exception {
        upload("comms", zip(oneRoster("405-555-0123")), "application/zip").expect(201);
        // María (org E02) has Ana at E01 and Luis at E02: E01's principal sees her with Ana only
        JsonNode maria = get("/directory/people/it-g1", "principal").expect(200).json();
        assertEquals(maria.toString(), 1, maria.get("linked").size());
        assertEquals("it-s1", maria.get("linked").get(0).get("sourcedId").asText());
        assertFalse(maria.toString(), maria.toString().contains("it-s2") || maria.toString().contains("Luis") || maria.toString().contains("E02"));
        assertEquals(2, get("/directory/people/it-g1", "comms").json().get("linked").size());
        JsonNode ana = get("/directory/people/it-s1", "principal").expect(200).json();
        assertFalse(ana.toString(), ana.toString().contains("E02"));
        // E02's people, by id, name, phone, site filter: not found, forbidden, or an empty page
        for (String other : new String[] {"it-s2", "it-g2"}) {
            Answer answer = get("/directory/people/" + other, "principal").problem(404);
            assertFalse(answer.body(), answer.body().contains("Luis") || answer.body().contains("Solo"));
        }
        get("/directory/people?site=E02", "principal").problem(403);
        get("/directory/people?site=e02&q=itest", "principal").problem(403);
        assertEquals(0, get("/directory/people?q=405-555-0142", "principal").expect(200).json().get("total").asInt());
        assertEquals(1, get("/directory/people?q=405-555-0142", "comms").json().get("total").asInt());
        JsonNode search = get("/directory/people?q=Pe%C3%B1a-Itest&kind=student&active=all", "principal").expect(200).json();
        assertEquals(search.toString(), 1, search.get("total").asInt());
        assertFalse(search.toString(), search.toString().contains("E02") || search.toString().contains("Luis"));
        JsonNode guardians = get("/directory/people?kind=guardian&q=itest", "principal").expect(200).json();
        assertFalse(guardians.toString(), guardians.toString().contains("E02") || guardians.toString().contains("it-g2"));
        // and nothing written for another site's student
        call("PUT", "/directory/people/it-s2/ferpa-opt-out", "principal", "{\"scope\":\"photos\"}").problem(404);
        assertFalse(get("/directory/people/it-s2", "comms").body().contains("\"photos\""));
        // district-wide reads stay with the communications office
        get("/directory/consents?value=405-555-0142", "principal").problem(403);
        call("POST", "/directory/suppressions", "principal", "{\"value\":\"405-555-0142\",\"reason\":\"x\"}").problem(403);
        get("/directory/imports", "principal").problem(403);
    }
}
