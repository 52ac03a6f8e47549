package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

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

/** An open records request's whole life over HTTP: the public portal, the comms office, the requester's view. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OpenRecordsIT extends HomeroomTestSupport {

    @Override
    @Configuration
    public Option[] config() {
        return OptionUtils.combine(OptionUtils.combine(super.config(), TestSmtp.options(TestSmtp.PORT)),
                // a second site's staff member, for the wrong-site tests (demo users: password = name)
                editConfigurationFilePut("etc/users.properties", E02_STAFF, E02_STAFF + ", site-staff, site:E02"),
                // every call of this class comes from one address: more than the public 30 a minute (the limit itself is HttpIT's)
                editConfigurationFilePut("etc/org.homeroom.rest.cfg", "rateLimits", "open-records=1000"),
                patientProbe());
    }

    /**
     * On a loaded machine Pax Exam's probe gave up waiting for its ProbeInvokerFactory and Injector
     * services (10 s each) before the container had installed them, and the run hung: give it two minutes.
     */
    static Option patientProbe() {
        return org.ops4j.pax.exam.CoreOptions.composite(
                org.ops4j.pax.exam.CoreOptions.systemProperty("org.ops4j.pax.exam.invoker.junit.internal.JUnitProbeInvokerFactory.DEFAULT_TIMEOUT")
                        .value("120000"),
                org.ops4j.pax.exam.CoreOptions.systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("120000"),
                org.ops4j.pax.exam.CoreOptions.systemProperty("pax.exam.service.timeout").value("120000"));
    }

    static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }

    /** Site staff of E02 (the demo "principal" works at E01). */
    static final String E02_STAFF = "teacher-e02";

    /** The district default of the module setting that shows site staff who the requester is. */
    static void siteStaffSeeRequester(boolean value) {
        call("PUT", "/admin/modules/open-records/defaults", "admin", "{\"settings\":{\"siteStaffSeeRequester\":" + value + "}}").expect(200);
    }

    @Before
    public void ready() {
        // the first boot on a loaded machine takes longer than awaitPlatform's minute
        await("health UP", 300_000, () -> get("/health", null), a -> a.status() == 200);
        awaitPlatform();
        await("open records running", 60_000, () -> get("/open-records/requests", "comms"), a -> a.status() == 200);
    }

    static String intake(String type, boolean commercial, String description) {
        return "{\"name\":\"Sam Vendor\",\"email\":\"sam@example.com\",\"organisation\":\"Copiers Inc\",\"requesterType\":\"" + type
                + "\",\"description\":\"" + description + "\",\"commercialPurpose\":" + commercial + ",\"language\":\"es\"}";
    }

    static Answer status(String tracking, String token) {
        return callUrl("GET", BASE + "/open-records/requests/" + tracking + "/status?token=" + token, null, null, "application/json");
    }

    @Test
    public void fromThePortalToACitedPartialReleaseTheRequesterCanFollow() {
        JsonNode receipt = call("POST", "/open-records/requests", null, intake("vendor", true, "Copier lease contracts 2020-2026")).expect(201).json();
        String n = receipt.get("trackingNumber").asText();
        String token = receipt.get("token").asText();
        assertTrue(n, n.matches("ORR-\\d{4}-\\d{5}"));
        assertEquals("received", status(n, token).expect(200).json().get("status").asText());

        String path = "/open-records/requests/" + n;
        call("POST", path + "/transitions", "comms", "{\"to\":\"acknowledged\"}").expect(200);
        JsonNode fee = call("POST", path + "/fee-estimate", "comms", "{\"copyPages\":40,\"certifiedPages\":2,\"searchHours\":2}").expect(200).json();
        assertEquals(62.0, fee.get("request").get("feeTotal").asDouble(), 0.001);
        call("POST", path + "/transitions", "comms", "{\"to\":\"awaiting-payment\"}").expect(200);
        assertEquals(62.0, status(n, token).json().get("amountDue").asDouble(), 0.001);
        assertTrue(call("POST", path + "/transitions", "comms", "{\"to\":\"closed\",\"closure\":\"fulfilled\"}").problem(409).detail().contains("not paid"));
        call("POST", path + "/payments", "comms", "{\"amount\":62.00,\"method\":\"check\",\"reference\":\"1042\"}").expect(201);
        call("POST", path + "/transitions", "comms", "{\"to\":\"in-progress\"}").expect(200);
        call("POST", path + "/notes", "comms", "{\"text\":\"HR says two files are evaluations\",\"visibility\":\"internal\"}").expect(201);
        assertEquals("citation", call("POST", path + "/transitions", "comms", "{\"to\":\"closed\",\"closure\":\"partially-fulfilled\"}")
                .problem(422).json().get("errors").get(0).get("field").asText());
        JsonNode closed = call("POST", path + "/transitions", "comms", "{\"to\":\"closed\",\"closure\":\"partially-fulfilled\","
                + "\"citation\":\"51 O.S. §24A.7\",\"note\":\"Contracts released; two employee evaluations withheld.\"}").expect(200).json();
        assertEquals("partially-fulfilled", closed.get("request").get("closure").asText());

        JsonNode seen = status(n, token).expect(200).json();
        assertEquals("closed", seen.get("status").asText());
        assertEquals(0.0, seen.get("amountDue").asDouble(), 0.001);
        assertTrue(seen.get("messages").toString().contains("51 O.S. §24A.7"));
        assertFalse("internal notes stay inside", seen.toString().contains("evaluations\",\"visibility\":\"internal"));
        assertFalse(seen.toString().contains("HR says"));

        JsonNode detail = get(path, "comms").expect(200).json();
        assertTrue(detail.get("entries").toString().contains("HR says"));
        assertEquals(1, get("/open-records/requests?q=" + "copier%20lease", "comms").json().get("total").asInt());
        assertTrue(get("/audit?entity=open-records-request&entityId=" + n + "&limit=50", "admin").json().get("total").asInt() >= 8);
    }

    @Test
    public void theTokenIsTheOnlyWayInAndItGivesNoHints() {
        JsonNode receipt = call("POST", "/open-records/requests", null, intake("parent", false, "Bus safety inspection reports")).expect(201).json();
        String n = receipt.get("trackingNumber").asText();
        String wrong = status(n, "guess").problem(404).detail();
        String unknown = status("ORR-2026-99999", receipt.get("token").asText()).problem(404).detail();
        assertEquals("the same answer whether or not the number exists", wrong, unknown);
        status(n, "").problem(404);
        get("/open-records/requests/" + n, null).problem(401);
        get("/open-records/requests/" + n, "principal").problem(404); // site staff: only what was assigned to their site
        call("POST", "/open-records/requests/" + n + "/transitions", "principal", "{\"to\":\"acknowledged\"}").problem(403);
    }

    @Test
    public void badIntakeIsRefusedClearlyAndTranscriptQuestionsAreRedirected() {
        long before = get("/open-records/requests?limit=1", "comms").json().get("total").asLong();
        call("POST", "/open-records/requests", null, "{\"name\":").problem(400);
        Answer invalid = call("POST", "/open-records/requests", null, "{\"name\":\"X\",\"requesterType\":\"alien\",\"description\":\"\"}").problem(422);
        assertTrue(invalid.json().get("errors").findValuesAsText("field").containsAll(java.util.List.of("requesterType", "description", "email")));
        call("POST", "/open-records/requests", null, "{\"name\":\"X\",\"email\":\"x@example.org\",\"description\":\"y\",\"channel\":\"phone\"}").problem(422);
        JsonNode redirect = call("POST", "/open-records/requests", null,
                "{\"name\":\"Ana\",\"email\":\"ana@example.org\",\"requesterType\":\"parent\",\"description\":\"Necesito el expediente de mi hija\"}")
                .expect(200).json();
        assertFalse(redirect.get("created").asBoolean());
        assertEquals("transcript", redirect.get("redirect").get("reason").asText());
        assertEquals(before, get("/open-records/requests?limit=1", "comms").json().get("total").asLong());

        String hostile = "Robert'); DROP TABLE ORR_REQUEST;-- <img src=x onerror=alert(1)>";
        String n = call("POST", "/open-records/requests", null, intake("public", false, hostile.replace("\"", "\\\""))).expect(201)
                .json().get("trackingNumber").asText();
        assertEquals(hostile, get("/open-records/requests/" + n, "comms").json().get("request").get("description").asText());
        // staff record a phone request
        String byPhone = call("POST", "/open-records/requests", "comms",
                "{\"name\":\"Caller\",\"requesterType\":\"public\",\"description\":\"Cafeteria inspection\",\"channel\":\"phone\"}")
                .expect(201).json().get("trackingNumber").asText();
        JsonNode stored = get("/open-records/requests/" + byPhone, "comms").expect(200).json().get("request");
        assertEquals("phone", stored.get("channel").asText());
        assertEquals("comms", stored.get("createdBy").asText());
    }

    @Test
    public void aPublicReleaseIsSuggestedBeforeADuplicateAndReportsCountIt() {
        String first = call("POST", "/open-records/requests", null, intake("media", false, "Cafeteria health inspection reports 2025"))
                .expect(201).json().get("trackingNumber").asText();
        call("PUT", "/open-records/requests/" + first + "/publication", "comms",
                "{\"summary\":\"Cafeteria health inspection reports for all 70 sites, 2025 (released in full)\"}").expect(200);
        String archive = get("/open-records/archive?q=cafeteria", null).expect(200).body();
        assertTrue(archive, archive.contains(first));
        assertFalse("never who asked", archive.contains("Sam Vendor") || archive.contains("sam@example.com") || archive.contains("Copiers"));

        JsonNode suggested = call("POST", "/open-records/requests", null, intake("parent", false, "Health inspection reports of the cafeteria"))
                .expect(200).json();
        assertFalse(suggested.get("created").asBoolean());
        assertEquals(first, suggested.get("suggestions").get(0).get("trackingNumber").asText());
        String anyway = intake("parent", false, "Health inspection reports of the cafeteria").replace("}", ",\"confirmedNotDuplicate\":true}");
        call("POST", "/open-records/requests", null, anyway).expect(201);

        JsonNode report = get("/open-records/reports", "comms").expect(200).json();
        assertTrue(report.get("openByStatus").get("received").asInt() >= 2);
        Answer csv = callUrl("GET", BASE + "/open-records/reports/requests.csv", "comms", null, null, "text/csv, application/problem+json");
        assertEquals(200, csv.status());
        assertTrue(csv.contentType(), csv.contentType().startsWith("text/csv"));
        assertTrue(csv.body().startsWith("tracking_number,received_on"));
        assertTrue(csv.body().contains(first));
        assertFalse(csv.body().contains("sam@example.com"));
        callUrl("GET", BASE + "/open-records/reports/requests.csv?from=yesterday", "comms", null, null, "text/csv, application/problem+json")
                .problem(422);
        get("/open-records/reports", "principal").problem(403);
    }

    @Test
    public void departmentsClaimAndFinishTheirPart() {
        String n = call("POST", "/open-records/requests", null, intake("public", false, "Transportation contract amendments"))
                .expect(201).json().get("trackingNumber").asText();
        String path = "/open-records/requests/" + n + "/assignments";
        call("POST", path, "comms", "{\"department\":\"transportation\",\"note\":\"Contracts office has them\"}").expect(201);
        call("POST", path, "comms", "{\"department\":\"nowhere\"}").problem(422);
        call("POST", path + "/transportation/claim", "comms", null).expect(200);
        assertEquals("conflict without takeOver", 409, call("POST", path + "/transportation/claim", "admin", null).problem(409).status());
        assertEquals("admin", call("POST", path + "/transportation/claim?takeOver=true", "admin", null).expect(200)
                .json().get("assignments").get(0).get("assignee").asText());
        assertEquals(1, get("/open-records/requests?department=transportation&q=amendments", "comms").json().get("total").asInt());
        call("POST", path + "/transportation/done", "admin", null).expect(200);
        assertEquals(0, get("/open-records/requests?department=transportation&q=amendments", "comms").json().get("total").asInt());
        call("POST", path + "/transportation/done", "admin", null).problem(409);
    }

    @Test
    public void requestsSurviveAnUninstallAndReinstallOfTheModule() {
        String n = call("POST", "/open-records/requests", null, intake("media", false, "Superintendent contract")).expect(201).json().get("trackingNumber").asText();
        assertEquals("succeeded", ModulesIT.operate("open-records", "uninstall").get("state").asText());
        assertTrue(get("/open-records/requests/" + n, "comms").problem(404).detail().contains("No module 'open-records' is installed"));
        assertEquals("succeeded", ModulesIT.operate("open-records", "install").get("state").asText());
        assertEquals("Superintendent contract", get("/open-records/requests/" + n, "comms").expect(200).json().get("request").get("description").asText());
    }

    static final String PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

    @Test
    public void filesAreCheckedStoredAndReleasedOnlyWithTheToken() {
        JsonNode receipt = call("POST", "/open-records/requests", null, intake("parent", false, "Bus camera retention schedule")).expect(201).json();
        String n = receipt.get("trackingNumber").asText();
        String token = receipt.get("token").asText();
        String files = "/open-records/requests/" + n + "/files";

        call("POST", files + "?name=tool.exe", "comms", "MZ", "application/x-msdownload").problem(415);
        assertEquals("body", call("POST", files + "?name=fake.pdf", "comms", "MZ this is no pdf", "application/pdf").problem(422)
                .json().get("errors").get(0).get("field").asText());
        assertEquals("name", call("POST", files + "?name=report.png", "comms", PDF, "application/pdf").problem(422)
                .json().get("errors").get(0).get("field").asText());
        call("POST", files + "?name=big.pdf", "comms", PDF + "x".repeat(100_001), "application/pdf").problem(413); // itest limit 100 kB
        call("POST", files + "?name=a.pdf", null, PDF, "application/pdf").problem(401);
        call("POST", "/open-records/requests/ORR-2000-00001/files?name=a.pdf", "comms", PDF, "application/pdf").problem(404);
        assertEquals(0, get(files, "comms").expect(200).json().size());

        JsonNode released = call("POST", files + "?name=retention.pdf&visibility=requester", "comms", PDF, "application/pdf").expect(201).json();
        JsonNode internal = call("POST", files + "?name=legal%20review.pdf", "comms", PDF, "application/pdf").expect(201).json();
        assertEquals("internal", internal.get("visibility").asText());
        assertEquals(2, get(files, "comms").json().size());
        Answer download = callUrl("GET", BASE + files + "/" + released.get("id").asLong(), "comms", null, null, "*/*").expect(200);
        assertEquals(PDF, download.body());
        assertTrue(download.contentType(), download.contentType().startsWith("application/pdf"));

        // the requester: released files listed and downloadable with the token; internal ones not, and no hint
        JsonNode seen = status(n, token).expect(200).json();
        assertEquals(1, seen.get("files").size());
        assertEquals("retention.pdf", seen.get("files").get(0).get("fileName").asText());
        String mine = BASE + "/open-records/requests/" + n + "/released-files/";
        assertEquals(PDF, callUrl("GET", mine + released.get("id").asLong() + "?token=" + token, null, null, null, "*/*").expect(200).body());
        callUrl("GET", mine + internal.get("id").asLong() + "?token=" + token, null, null, null, "*/*").expect(404);
        callUrl("GET", mine + released.get("id").asLong() + "?token=wrong", null, null, null, "*/*").expect(404);

        // the public archive serves public files only, to anyone
        JsonNode published = call("POST", files + "?name=retention-schedule.pdf&visibility=public", "comms", PDF, "application/pdf").expect(201).json();
        assertEquals(PDF, callUrl("GET", BASE + "/open-records/archive/files/" + published.get("id").asLong(), null, null, null, "*/*").expect(200).body());
        callUrl("GET", BASE + "/open-records/archive/files/" + released.get("id").asLong(), null, null, null, "*/*").expect(404);
        callUrl("GET", BASE + "/open-records/archive/files/999999", null, null, null, "*/*").expect(404);
    }

    @Test
    public void siteStaffSeeOnlyWhatWasAssignedToTheirSite() {
        String n = call("POST", "/open-records/requests", null, intake("parent", false, "Field trip permission slips at E01"))
                .expect(201).json().get("trackingNumber").asText();
        String path = "/open-records/requests/" + n;
        assertFalse(get("/open-records/requests?limit=100", "principal").expect(200).body().contains(n));
        get(path, "principal").problem(404);
        call("POST", path + "/transitions", "principal", "{\"to\":\"acknowledged\"}").problem(403);
        call("POST", "/open-records/reminders", "principal", null).problem(403);

        call("POST", path + "/assignments", "comms", "{\"department\":\"e01\",\"note\":\"The school office keeps the slips\"}").expect(201);
        assertTrue(get("/open-records/requests?limit=100", "principal").body().contains(n));
        assertEquals(n, get(path, "principal").expect(200).json().get("request").get("trackingNumber").asText());
        call("POST", path + "/assignments/E01/claim", "principal", null).expect(200);
        call("POST", path + "/notes", "principal", "{\"text\":\"42 slips scanned\",\"visibility\":\"requester\"}").problem(403);
        call("POST", path + "/notes", "principal", "{\"text\":\"42 slips scanned\"}").expect(201);
        call("POST", path + "/files?name=slips.pdf", "principal", PDF, "application/pdf").expect(201);
        JsonNode done = call("POST", path + "/assignments/E01/done", "principal", null).expect(200).json();
        assertEquals("principal", done.get("assignments").get(0).get("assignee").asText());
        assertTrue(get(path, "comms").json().get("entries").toString().contains("42 slips scanned"));

        JsonNode run = call("POST", "/open-records/reminders", "comms", null).expect(200).json();
        assertTrue(run.has("overdue") && run.has("dueSoon") && run.get("trackingNumbers").isArray());
    }

    @Test
    public void lettersReachTheRequestersMailboxWithTheirPdfAndAreRecorded() {
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            String n = call("POST", "/open-records/requests", null, "{\"name\":\"Lucía Ortega\",\"email\":\"lucia@example.org\","
                    + "\"requesterType\":\"parent\",\"language\":\"es\",\"description\":\"Actas del comité de padres 2026\"}")
                    .expect(201).json().get("trackingNumber").asText();
            String path = "/open-records/requests/" + n + "/letters";
            call("POST", path, "comms", "{\"kind\":\"threat\"}").problem(422);
            call("POST", path, "comms", "{\"kind\":\"closing\"}").problem(409); // not closed yet
            call("POST", path, "principal", "{\"kind\":\"acknowledgement\"}").problem(403);
            assertEquals("preview stores nothing", "es", call("POST", path + "/preview", "comms", "{\"kind\":\"acknowledgement\"}")
                    .expect(200).json().get("language").asText());
            assertEquals(0, get(path, "comms").expect(200).json().size());
            Answer previewPdf = callUrl("POST", BASE + path + "/preview.pdf", "comms", "{\"kind\":\"acknowledgement\",\"language\":\"en\"}",
                    "application/json", "application/pdf, application/problem+json").expect(200);
            assertTrue(previewPdf.contentType(), previewPdf.contentType().startsWith("application/pdf"));
            assertTrue(previewPdf.body().startsWith("%PDF-"));
            callUrl("POST", BASE + path + "/preview.pdf", "comms", "{\"kind\":\"acknowledgement\",\"language\":\"fr\"}",
                    "application/json", "application/pdf, application/problem+json").problem(422);
            assertEquals(0, get(path, "comms").json().size()); // previews store nothing

            JsonNode letter = call("POST", path, "comms", "{\"kind\":\"acknowledgement\"}").expect(201).json();
            assertEquals("Recibimos su solicitud de registros públicos " + n, letter.get("subject").asText());

            TestSmtp.Received mail = smtp.awaitTo("lucia@example.org", 30_000);
            assertEquals(letter.get("subject").asText(), mail.subject());
            assertTrue(mail.text(), mail.text().contains("Estimado(a) Lucía Ortega:"));
            byte[] pdf = mail.attachments().get(n + "-acknowledgement.pdf");
            assertEquals("application/pdf", mail.attachmentTypes().get(n + "-acknowledgement.pdf"));
            assertEquals("%PDF-", new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));

            // recorded on the request: the letter, its outbox state, an entry the requester sees too
            JsonNode stored = await("the outbox marks the letter sent", 30_000, () -> get(path, "comms"),
                    a -> a.status() == 200 && "sent".equals(a.json().get(0).get("mailState").asText())).json().get(0);
            assertEquals("lucia@example.org", stored.get("sentTo").asText());
            Answer storedPdf = callUrl("GET", BASE + path + "/" + stored.get("id").asLong() + "/pdf", "comms", null, null, "application/pdf").expect(200);
            assertTrue(storedPdf.contentType().startsWith("application/pdf"));
            assertTrue(get("/open-records/requests/" + n, "comms").json().get("entries").toString().contains("lucia@example.org (message "));
            assertTrue(get("/admin/mail?origin=open-records:" + n, "admin").expect(200).json().get("total").asInt() >= 1);
        }
    }

    @Test
    public void theArchiveShowsOnlyWhatStaffPublishItemByItemNeverTheRequester() {
        String description = "Emails about my daughter Valentina Cruz and the volleyball coach";
        JsonNode receipt = call("POST", "/open-records/requests", null, "{\"name\":\"Marisol Cruz\",\"email\":\"marisol.cruz@example.org\","
                + "\"requesterType\":\"parent\",\"description\":\"" + description + "\",\"confirmedNotDuplicate\":true}").expect(201).json();
        String n = receipt.get("trackingNumber").asText();
        String path = "/open-records/requests/" + n;
        // a note made public today published the requester's own description in the archive: now a note is never published
        call("POST", path + "/notes", "comms", "{\"text\":\"Valentina's emails released\",\"visibility\":\"public\"}").problem(422);
        call("POST", path + "/notes", "comms", "{\"text\":\"Coach emails for Marisol, 14 pages\",\"visibility\":\"requester\"}").expect(201);
        long redacted = call("POST", path + "/files?name=coach-emails-redacted.pdf&visibility=requester", "comms", PDF, "application/pdf")
                .expect(201).json().get("id").asLong();
        long internal = call("POST", path + "/files?name=unredacted.pdf", "comms", PDF, "application/pdf").expect(201).json().get("id").asLong();
        assertFalse(get("/open-records/archive?limit=100", null).expect(200).body().contains(n));
        assertEquals("none", get(path + "/publication", "comms").expect(200).json().get("state").asText());

        // who may choose, and what: the office, released files of this request, something to show
        call("PUT", path + "/publication", null, "{\"summary\":\"x\"}").problem(401);
        call("PUT", path + "/publication", "principal", "{\"summary\":\"x\"}").problem(403);
        get(path + "/publication", "principal").problem(403);
        call("PUT", path + "/publication", "comms", "{}").problem(422);
        assertEquals("fileIds", call("PUT", path + "/publication", "comms", "{\"summary\":\"x\",\"fileIds\":[" + internal + "]}")
                .problem(422).json().get("errors").get(0).get("field").asText());
        call("PUT", path + "/publication", "comms", "{\"summary\":\"x\",\"fileIds\":[\"one\"]}").problem(400);
        assertFalse(get("/open-records/archive?limit=100", null).body().contains(n));

        JsonNode published = call("PUT", path + "/publication", "comms", "{\"summary\":\"Athletics staff emails, spring 2026, student names"
                + " redacted (51 O.S. §24A.16)\",\"fileIds\":[" + redacted + "]}").expect(200).json();
        assertEquals("published", published.get("state").asText());
        JsonNode item = null;
        for (JsonNode a : get("/open-records/archive?q=athletics&limit=100", null).expect(200).json().get("items")) {
            if (a.get("trackingNumber").asText().equals(n)) {
                item = a;
            }
        }
        assertTrue("published: " + get("/open-records/archive?limit=100", null).body(), item != null);
        assertEquals(redacted, item.get("files").get(0).get("id").asLong());
        assertEquals(1, item.get("files").size());
        String everything = get("/open-records/archive?limit=100", null).body();
        for (String secret : java.util.List.of("Marisol", "Cruz", "marisol.cruz@example.org", "Valentina", "volleyball", "14 pages")) {
            assertFalse(secret + " in " + everything, everything.contains(secret));
        }
        assertEquals(0, get("/open-records/archive?q=valentina", null).json().get("total").asInt());
        String archiveFile = BASE + "/open-records/archive/files/";
        assertEquals(PDF, callUrl("GET", archiveFile + redacted, null, null, null, "*/*").expect(200).body());
        callUrl("GET", archiveFile + internal, null, null, null, "*/*").expect(404);

        // withdrawn: out of the archive, its file no longer served; the requester keeps theirs
        call("PUT", path + "/publication", "comms", "{\"fileIds\":[" + redacted + "],\"published\":false}").expect(200);
        assertFalse(get("/open-records/archive?limit=100", null).body().contains(n));
        callUrl("GET", archiveFile + redacted, null, null, null, "*/*").expect(404);
        callUrl("GET", BASE + path + "/released-files/" + redacted + "?token=" + receipt.get("token").asText(), null, null, null, "*/*").expect(200);
        java.util.List<String> actions = get("/audit?entity=open-records-request&entityId=" + n + "&limit=50", "admin").json().get("items")
                .findValuesAsText("action");
        assertTrue(actions.toString(), actions.contains("open-records.publish") && actions.contains("open-records.unpublish"));
    }

    @Test
    public void siteStaffOfE01NeverReachARequestAssignedToE02() {
        String n = call("POST", "/open-records/requests", null, intake("parent", false, "Playground inspection logs kept at E02"))
                .expect(201).json().get("trackingNumber").asText();
        String path = "/open-records/requests/" + n;
        call("POST", path + "/assignments", "comms", "{\"department\":\"E02\",\"note\":\"The E02 office keeps the logs\"}").expect(201);
        call("POST", path + "/notes", E02_STAFF, "{\"text\":\"Logs found in the E02 office\"}").expect(201);
        long file = call("POST", path + "/files?name=logs.pdf", E02_STAFF, PDF, "application/pdf").expect(201).json().get("id").asLong();
        long letter = call("POST", path + "/letters", "comms", "{\"kind\":\"acknowledgement\",\"email\":false}").expect(201).json().get("id").asLong();
        assertEquals(n, get(path, E02_STAFF).expect(200).json().get("request").get("trackingNumber").asText());

        // read, list, search, files, letters, PDFs: as if the request did not exist
        Answer missing = get(path, "principal").problem(404);
        assertEquals(get("/open-records/requests/ORR-2000-00001", "principal").problem(404).status(), missing.status());
        assertFalse(get("/open-records/requests?limit=100", "principal").expect(200).body().contains(n));
        assertEquals(0, get("/open-records/requests?q=playground", "principal").expect(200).json().get("total").asInt());
        assertEquals(0, get("/open-records/requests?department=E02", "principal").expect(200).json().get("total").asInt());
        assertTrue(get("/open-records/requests?q=playground", E02_STAFF).json().get("total").asInt() >= 1);
        get(path + "/files", "principal").problem(404);
        callUrl("GET", BASE + path + "/files/" + file, "principal", null, null, "*/*").problem(404);
        get(path + "/letters", "principal").problem(404);
        callUrl("GET", BASE + path + "/letters/" + letter + "/pdf", "principal", null, null, "application/pdf, application/problem+json").problem(404);
        // and no writing to it
        call("POST", path + "/notes", "principal", "{\"text\":\"mine now\"}").problem(404);
        call("POST", path + "/files?name=x.pdf", "principal", PDF, "application/pdf").problem(404);
        call("POST", path + "/assignments/E02/claim", "principal", null).problem(403);
        call("POST", path + "/assignments/E02/done", "principal", null).problem(403);
        call("POST", path + "/assignments/E01/claim", "principal", null).problem(404);
        // the office's reports and exports are the office's
        get("/open-records/reports", "principal").problem(403);
        callUrl("GET", BASE + "/open-records/reports/requests.csv", "principal", null, null, "text/csv, application/problem+json").problem(403);
        assertEquals("open", get(path, "comms").json().get("assignments").get(0).get("state").asText());
        assertFalse(get(path, "comms").json().get("entries").toString().contains("mine now"));
    }

    @Test
    public void siteStaffSeeTheirPartNotWhoAskedAndNothingOnceItIsDone() {
        String n = call("POST", "/open-records/requests", null, "{\"name\":\"Rosa Quintero\",\"email\":\"rosa.q@example.org\",\"phone\":\"405-555-0177\","
                + "\"organisation\":\"Daily Star\",\"requesterType\":\"media\",\"description\":\"Recess supervision schedules 2026\","
                + "\"confirmedNotDuplicate\":true}").expect(201).json().get("trackingNumber").asText();
        String path = "/open-records/requests/" + n;
        call("POST", path + "/assignments", "comms", "{\"department\":\"E01\",\"note\":\"Scan the recess schedules\"}").expect(201);
        call("POST", path + "/assignments", "comms", "{\"department\":\"E02\",\"note\":\"Yours too\"}").expect(201);
        call("POST", path + "/assignments", "comms", "{\"department\":\"legal\"}").expect(201);
        call("POST", path + "/notes", "comms", "{\"text\":\"Legal: reporter is suing the district\"}").expect(201);
        call("POST", path + "/notes", E02_STAFF, "{\"text\":\"E02 schedules are with the counselor\"}").expect(201);
        call("POST", path + "/fee-estimate", "comms", "{\"copyPages\":10}").expect(200);

        Answer seen = get(path, "principal").expect(200);
        JsonNode request = seen.json().get("request");
        assertEquals("Recess supervision schedules 2026", request.get("description").asText());
        for (String field : java.util.List.of("name", "email", "phone", "organisation", "feeTotal")) {
            assertTrue(field + " in " + request, absent(request.get(field)));
        }
        assertTrue(absent(seen.json().get("fee")));
        assertEquals(1, seen.json().get("assignments").size());
        assertEquals("E01", seen.json().get("assignments").get(0).get("department").asText());
        for (String secret : java.util.List.of("Rosa", "rosa.q@example.org", "0177", "Daily Star", "suing", "counselor", "Yours too")) {
            assertFalse(secret + " in " + seen.body(), seen.body().contains(secret));
        }
        assertTrue(seen.body().contains("Scan the recess schedules"));
        // the list and its search show no more than the detail
        String list = get("/open-records/requests?q=recess&limit=100", "principal").expect(200).body();
        assertTrue(list.contains(n));
        assertFalse(list, list.contains("Rosa") || list.contains("rosa.q@example.org"));
        assertEquals(0, get("/open-records/requests?q=quintero", "principal").json().get("total").asInt());
        assertEquals(0, get("/open-records/requests?q=suing", "principal").json().get("total").asInt());
        assertEquals(1, get("/open-records/requests?q=quintero", "comms").json().get("total").asInt());
        // what they write comes back as their part, never the rest
        Answer afterNote = call("POST", path + "/notes", "principal", "{\"text\":\"Schedules scanned\"}").expect(201);
        assertFalse(afterNote.body(), afterNote.body().contains("rosa.q@example.org") || afterNote.body().contains("counselor"));
        assertFalse(get(path, E02_STAFF).body().contains("Schedules scanned"));

        // the office widens it: who asked becomes visible to site staff, other parts' notes still are not
        try {
            siteStaffSeeRequester(true);
            Answer widened = get(path, "principal").expect(200);
            assertEquals("Rosa Quintero", widened.json().get("request").get("name").asText());
            assertEquals("rosa.q@example.org", widened.json().get("request").get("email").asText());
            assertFalse(widened.body().contains("counselor"));
            assertTrue(get("/open-records/requests?q=recess&limit=100", "principal").body().contains("rosa.q@example.org"));
        } finally {
            siteStaffSeeRequester(false);
        }
        assertTrue(absent(get(path, "principal").json().get("request").get("email")));
        call("PUT", "/admin/modules/open-records/defaults", "comms", "{\"settings\":{\"siteStaffSeeRequester\":true}}").problem(403);
        assertEquals("settings.siteStaffSeeRequester", call("PUT", "/admin/modules/open-records/defaults", "admin",
                "{\"settings\":{\"siteStaffSeeRequester\":\"yes\"}}").problem(422).json().get("errors").get(0).get("field").asText());

        // done: nothing of it any more
        call("POST", path + "/assignments/E01/claim", "principal", null).expect(200);
        call("POST", path + "/files?name=schedules.pdf", "principal", PDF, "application/pdf").expect(201);
        call("POST", path + "/assignments/E01/done", "principal", null).expect(200);
        get(path, "principal").problem(404);
        assertFalse(get("/open-records/requests?limit=100", "principal").body().contains(n));
        get(path + "/files", "principal").problem(404);
        get(path + "/letters", "principal").problem(404);
        get(path, E02_STAFF).expect(200);
        assertTrue(get(path, "comms").body().contains("Schedules scanned"));
    }
}
