package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A bilingual message to one site's families through the real distribution: email received by a real SMTP
 * server (GreenMail), texts received by a local server speaking the provider's HTTP API, consent and quiet
 * hours applied, and a STOP reply through the signed webhook.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MessagingIT extends HomeroomTestSupport {

    static final int PROVIDER_PORT = HomeroomTestSupport.port(13080);
    static final String TOKEN = "itest-auth-token";
    static final String WEBHOOK = BASE + "/messaging/webhooks/sms";
    static final String STATUS = BASE + "/messaging/webhooks/status";

    /** A family's replies, as Twilio posts them; signed by Twilio's SDK in {@link #config()} (properties itest.twilio.*). */
    static final Map<String, String> ALTO = new TreeMap<>(Map.of("From", "+14055550123", "To", "+14055550100", "Body", "¡Alto!", "MessageSid", "SMin1"));
    static final Map<String, String> SI = new TreeMap<>(Map.of("From", "+14055550123", "To", "+14055550100", "Body", "Sí.", "MessageSid", "SMin2"));

    /** What the provider received: one form per text or call. */
    static List<Map<String, String>> RECEIVED = List.of();
    private LocalTextProvider provider;

    @Override
    @Configuration
    public Option[] config() {
        String twilio = "etc/org.homeroom.messaging.twilio.cfg";
        String messaging = "etc/org.homeroom.messaging.cfg";
        return OptionUtils.combine(super.config(), OptionUtils.combine(TestSmtp.options(TestSmtp.PORT),
                // Twilio's own SDK signs two replies here, on the test side: the reply over the webhook's URL, and the
                // other over the same URL without its port (Twilio's validator accepts both forms)
                systemProperty("itest.twilio.alto").value(TwilioSigned.signature(TOKEN, WEBHOOK, ALTO)),
                systemProperty("itest.twilio.si").value(TwilioSigned.signature(TOKEN, WEBHOOK.replace(":" + PORT + "/", "/"), SI)),
                editConfigurationFilePut(twilio, "baseUrl", "http://127.0.0.1:" + PROVIDER_PORT),
                editConfigurationFilePut(twilio, "accountSid", "ACitest"),
                editConfigurationFilePut(twilio, "authToken", TOKEN),
                editConfigurationFilePut(twilio, "fromNumber", "+14055550100"),
                // the one place for the token and the public webhook address: the provider's own file
                editConfigurationFilePut(twilio, "webhookBaseUrl", BASE + "/messaging/webhooks"),
                editConfigurationFilePut(messaging, "provider", "twilio"),
                // two more site staff: a second person at E01, and someone at E02
                editConfigurationFilePut("etc/users.properties", "teacher", "teacher, site-staff, site:E01"),
                editConfigurationFilePut("etc/users.properties", "e02staff", "e02staff, site-staff, site:E02"),
                // a worker that dies holding deliveries gives them back after 3 s (not 2 minutes) in this test
                editConfigurationFilePut(messaging, "leaseSeconds", "3"),
                // one text at a time, so the resume test can stop the module in the middle of 31 (MessagingCrashIT runs 16 at once)
                editConfigurationFilePut(messaging, "concurrency", "1"),
                // quiet all day but one minute: routine texts wait, emergencies go
                editConfigurationFilePut(messaging, "quietHoursEnd", "23:58"),
                editConfigurationFilePut(messaging, "quietHoursStart", "23:59"),
                // each test's @Before imports the base set again, taking back the families a test added (more than 5 %: held otherwise)
                editConfigurationFilePut("etc/org.homeroom.directory.cfg", "holdDeactivatingPercent", "100")));
    }

    @Before
    public void ready() throws Exception {
        awaitPlatform();
        await("messaging running", 60_000, () -> get("/messaging/messages/0", "comms"), a -> a.status() == 404 && a.json() != null);
        provider = LocalTextProvider.start(PROVIDER_PORT, "ACitest");
        RECEIVED = provider.received;
        upload(DirectoryIT.zip(DirectoryIT.oneRoster("405-555-0123")));
    }

    @After
    public void stopProvider() {
        provider.close();
    }

    private static void upload(byte[] zip) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(BASE + "/directory/imports"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip)).header("Content-Type", "application/zip")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("comms:comms".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 201, response.statusCode());
    }

    static Map<String, String> form(String body) {
        Map<String, String> fields = new TreeMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    static String message(String category, String channels) {
        return "{\"kind\":\"letter\",\"category\":\"" + category + "\",\"channels\":[" + channels + "],"
                + "\"audience\":{\"role\":\"families\",\"sites\":[\"E01\"]},\"maxSegments\":2,\"content\":{"
                + "\"subjectEn\":\"School closed\",\"bodyEn\":\"Dear {{guardianName}}, school is closed for {{studentName}}.\","
                + "\"subjectEs\":\"Escuela cerrada\",\"bodyEs\":\"Estimado(a) {{guardianName}}: no hay clases para {{studentName}}.\","
                + "\"textEn\":\"School closed today ({{siteCode}})\",\"textEs\":\"No hay clases hoy ({{siteCode}})\"}}";
    }

    private static JsonNode sendNow(String body) {
        JsonNode created = call("POST", "/messaging/messages", "comms", body).expect(201).json();
        long id = created.get("id").asLong();
        assertEquals("draft", created.get("status").asText());
        call("POST", "/messaging/messages/" + id + "/send", "comms", null).problem(409); // not approved yet
        call("POST", "/messaging/messages/" + id + "/approve", "comms", null).expect(200);
        return call("POST", "/messaging/messages/" + id + "/send", "comms", null).expect(200).json();
    }

    static String sign(Map<String, String> params) throws Exception {
        return sign(WEBHOOK, params);
    }

    static String sign(String url, Map<String, String> params) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static int reply(Map<String, String> params, String signature) throws IOException, InterruptedException {
        return post(WEBHOOK, params, signature);
    }

    static int post(String url, Map<String, String> params, String signature) throws IOException, InterruptedException {
        String body = params.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    public void anEmergencyReachesFamiliesByEmailAndTextInTheirLanguage() throws Exception {
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            long id = sendNow(message("emergency", "\"email\",\"sms\"")).get("id").asLong();
            JsonNode done = await("message sent", 60_000, () -> get("/messaging/messages/" + id, "comms"),
                    a -> "sent".equals(a.json().get("status").asText())).json();
            assertEquals(done.toString(), 1, done.get("reached").asInt()); // María (Ana's guardian at E01): email and mobile
            TestSmtp.Received mail = smtp.awaitTo("maria.itest@example.org", 30_000);
            assertEquals("Escuela cerrada", mail.subject());
            assertTrue(mail.text(), mail.text().contains("Estimado(a) María Peña-Itest: no hay clases para Ana."));
            Map<String, String> text = RECEIVED.stream().filter(f -> "+14055550123".equals(f.get("To"))).findFirst().orElseThrow();
            assertEquals("No hay clases hoy (E01)", text.get("Body"));
            assertEquals("+14055550100", text.get("From"));
            assertEquals(2, get("/messaging/messages/" + id + "/deliveries?state=sent", "comms").expect(200).json().get("total").asInt());
            assertTrue("the provider is asked to report status", text.get("StatusCallback").startsWith(STATUS + "?reference="));

            // the provider reports the text undelivered: a signed report turns it into a failure with its reason
            long delivery = -1;
            for (JsonNode row : get("/messaging/messages/" + id + "/deliveries?state=sent", "comms").json().get("items")) {
                delivery = "sms".equals(row.get("channel").asText()) ? row.get("id").asLong() : delivery;
            }
            String url = STATUS + "?reference=" + delivery;
            Map<String, String> report = new TreeMap<>(Map.of("MessageSid", "SM1", "MessageStatus", "undelivered", "ErrorCode", "30005"));
            assertEquals(403, post(url, report, "forged"));
            assertEquals(200, post(url, report, sign(url, report)));
            JsonNode failed = get("/messaging/messages/" + id + "/deliveries?state=failed", "comms").json();
            assertEquals(1, failed.get("total").asInt());
            assertEquals("provider reported undelivered (error 30005)", failed.get("items").get(0).get("reason").asText());

            Answer csv = callUrl("GET", BASE + "/messaging/messages/" + id + "/deliveries.csv", "comms", null, null, "text/csv").expect(200);
            assertTrue(csv.contentType(), csv.contentType().startsWith("text/csv"));
            assertTrue(csv.body(), csv.body().startsWith("delivery,person,given_name,family_name,student,site,channel,contact,language,state"));
            assertEquals(3, csv.body().strip().split("\n").length); // header + email + text

            // reach per family: Ana's family is reached (María's email arrived even though her text did not)
            JsonNode reach = get("/messaging/messages/" + id + "/reach", "comms").expect(200).json();
            assertEquals(reach.toString(), "family", reach.get("unit").asText());
            assertEquals(reach.toString(), reach.get("total").asInt(), reach.get("reached").asInt() + reach.get("pending").asInt()
                    + reach.get("notReached").asInt() + reach.get("noContact").asInt());
            assertEquals(reach.toString(), "E01", reach.get("bySite").get(0).get("site").asText());
            assertEquals(reach.toString(), "provider reported undelivered (error 30005)", reach.get("failures").get(0).get("reason").asText());
            Answer unreached = callUrl("GET", BASE + "/messaging/messages/" + id + "/reach.csv", "comms", null, null, "text/csv").expect(200);
            assertTrue(unreached.body(), unreached.body().startsWith("student,name,site,grade,outcome,guardians"));
            assertFalse(unreached.body(), unreached.body().contains("it-s1"));
            get("/messaging/messages/" + id + "/reach", null).problem(401);
        }
    }

    /** A PDF answer: status, headers and the text PDFBox reads from it (null when it is not a PDF). */
    record Pdf(int status, HttpResponse<byte[]> response, String text) {
    }

    static Pdf pdf(String url, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/pdf, application/problem+json");
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String text = null;
        if (response.headers().firstValue("Content-Type").orElse("").startsWith("application/pdf")) {
            try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.pdmodel.PDDocument.load(response.body())) {
                text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
            }
        }
        return new Pdf(response.statusCode(), response, text);
    }

    @Test
    public void aParentLetterHasAPrintableCopyForTheFamilyAndAPrintRunForTheSchool() throws Exception {
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            long id = sendNow(message("general", "\"email\"")).get("id").asLong();
            TestSmtp.Received mail = smtp.awaitTo("maria.itest@example.org", 60_000);
            java.util.regex.Matcher link = java.util.regex.Pattern.compile("https://\\S+/api/messaging(/letters/\\d+\\.pdf\\?token=)(\\S+)").matcher(mail.text());
            assertTrue(mail.text(), mail.text().contains("Versión para imprimir (PDF): ") && link.find());

            // the family's own copy: no sign-in, the signed link is the proof
            Pdf copy = pdf(BASE + "/messaging" + link.group(1) + link.group(2), null);
            assertEquals(new String(copy.response().body(), StandardCharsets.UTF_8), 200, copy.status());
            assertTrue(copy.text(), copy.text().contains("Escuela cerrada") && copy.text().contains("Estimado(a) María Peña-Itest: no hay clases para Ana."));
            assertEquals("private, no-store", copy.response().headers().firstValue("Cache-Control").orElse(null));
            Pdf forged = pdf(BASE + "/messaging" + link.group(1) + "forged" + link.group(2), null);
            assertEquals(404, forged.status());
            assertTrue(forged.response().headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));

            // the school's print run: every family of E01, each in its language; Ana's family reads Spanish
            String run = BASE + "/messaging/messages/" + id + "/letters.pdf?site=E01";
            Pdf all = pdf(run + "&families=all", "comms");
            assertEquals(200, all.status());
            assertEquals(404, pdf(run + "&families=all", "principal").status()); // site staff do not see the district's messages
            assertTrue(all.text(), all.text().contains("Para la familia de Ana Peña-Itest · Grado 03"));
            assertTrue(Integer.parseInt(all.response().headers().firstValue("X-Letter-Count").orElse("0")) >= 1);
            // María got the letter by email: Ana's family is not in the not-reached run (which may be empty: 409)
            Pdf notReached = pdf(run, "comms");
            assertTrue(notReached.status() + "", notReached.status() == 409 || notReached.status() == 200 && !notReached.text().contains("Ana Peña-Itest"));
            assertEquals(422, pdf(BASE + "/messaging/messages/" + id + "/letters.pdf?site=E02&families=all", "comms").status()); // not its audience
            assertEquals(422, pdf(run + "&families=everyone", "comms").status());
            assertEquals(401, pdf(run + "&families=all", null).status());
            JsonNode audit = get("/audit?entity=message&entityId=" + id + "&limit=50", "admin").expect(200).json();
            assertTrue(audit.toString(), audit.toString().contains("\"action\":\"messaging.print\"") && audit.toString().contains("site E01, all: "));

            // the master to copy, addressed to a parent or guardian
            Pdf master = pdf(BASE + "/messaging/messages/" + id + "/letter.pdf?language=es", "comms");
            assertTrue(master.text(), master.text().contains("Estimado(a) Padre, madre o tutor: no hay clases para su estudiante."));
        }
    }

    @Test
    public void routineTextsWaitForQuietHoursAndAStopReplyRevokesConsentAtOnce() throws Exception {
        long id = sendNow(message("general", "\"sms\"")).get("id").asLong();
        JsonNode planned = await("deliveries planned", 30_000, () -> get("/messaging/messages/" + id, "comms"),
                a -> a.json().get("deliveries").get("planned").asInt() >= 1).json();
        assertEquals("sending", planned.get("status").asText());
        assertTrue("a routine text waits for the end of quiet hours", RECEIVED.stream().noneMatch(f -> f.getOrDefault("Body", "").contains("No hay clases")));

        assertEquals("a forged call is refused", 403, reply(ALTO, "forged"));
        assertEquals("signed for another URL", 403, reply(ALTO, sign(BASE + "/messaging/webhooks/status", ALTO)));
        Map<String, String> changed = new TreeMap<>(ALTO);
        changed.put("From", "+14055550124");
        assertEquals("a form that is not the one signed", 403, reply(changed, System.getProperty("itest.twilio.alto")));
        // a refusal is logged with its reason, never with the token
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        String logged = await("the refusal logged", 10_000, () -> {
            try {
                return new Answer(200, null, java.nio.file.Files.readString(log, StandardCharsets.UTF_8), null);
            } catch (IOException e) {
                return new Answer(-1, null, e.toString(), null);
            }
        }, a -> a.body().contains("Refused a call to the sms webhook: the X-Twilio-Signature does not match " + WEBHOOK)).body();
        assertFalse("the token is never logged", logged.contains(TOKEN));
        // "¡Alto!" as a family types it, signed by Twilio's SDK
        assertEquals(200, reply(ALTO, System.getProperty("itest.twilio.alto")));
        JsonNode mobile = get("/directory/people/it-g1", "comms").json().get("contacts").get(1);
        assertFalse(mobile.get("consent").get("general").asBoolean());
        assertTrue(mobile.get("consent").get("emergency").asBoolean());
        // the text held by quiet hours is skipped when its turn comes (the sender checks consent just before sending: MessengerTest)
        assertEquals(0, get("/messaging/messages/" + id + "/deliveries?state=sent", "comms").json().get("total").asInt());
        await("one confirmation text", 10_000, () -> new Answer(RECEIVED.size(), null, RECEIVED.toString(), null),
                a -> RECEIVED.stream().anyMatch(f -> "+14055550123".equals(f.get("To")) && f.get("Body").contains("START")));

        // "Sí." restores it; Twilio signed the URL without its port, which Twilio's validator accepts too
        assertEquals(200, reply(SI, System.getProperty("itest.twilio.si")));
        assertTrue(get("/directory/people/it-g1", "comms").json().get("contacts").get(1).get("consent").get("general").asBoolean());
    }

    @Test
    public void badMessagesAreRefusedWithTheFieldsNamed() {
        String tooLong = message("general", "\"sms\"").replace("No hay clases hoy ({{siteCode}})", "x".repeat(400));
        assertEquals("content.textEs", call("POST", "/messaging/messages", "comms", tooLong).problem(422).json().get("errors").get(0).get("field").asText());
        call("POST", "/messaging/messages", "comms", "{\"kind\":\"fax\"}").problem(422);
        call("POST", "/messaging/messages", "comms", "{not json").problem(400);
        call("POST", "/messaging/messages", null, message("general", "\"sms\"")).problem(401);
        assertEquals("site", call("POST", "/messaging/messages", "principal", message("general", "\"email\"")).problem(422)
                .json().get("errors").get(0).get("field").asText());
        // a site's own message, but messaging is not enabled at E01
        assertEquals("Module 'messaging' is not enabled for site E01.", call("POST", "/messaging/messages", "principal", message("general", "\"email\"")
                .replace("\"maxSegments\"", "\"site\":\"E01\",\"maxSegments\"")).problem(404).detail());
        get("/messaging/messages/999999", "comms").problem(404);
        long draft = call("POST", "/messaging/messages", "comms", message("general", "\"email\"")).expect(201).json().get("id").asLong();
        assertEquals("cancelled", call("POST", "/messaging/messages/" + draft + "/cancel", "comms", null).expect(200).json().get("status").asText());
        call("POST", "/messaging/messages/" + draft + "/cancel", "comms", null).problem(409);
        call("POST", "/messaging/messages/" + draft + "/approve", "comms", null).problem(409);
        long unsent = call("POST", "/messaging/messages", "comms", message("general", "\"sms\"")).expect(201).json().get("id").asLong();
        JsonNode preview = get("/messaging/messages/" + unsent + "/preview?language=es", "comms").expect(200).json();
        assertEquals("No hay clases hoy (E01)", preview.get("text").asText());
        // who it would reach, before anything is written: María's mobile at E01 at least, masked in the sample
        JsonNode audience = get("/messaging/messages/" + unsent + "/audience", "comms").expect(200).json();
        assertTrue(audience.toString(), audience.get("deliveries").get("sms").asInt() >= 1);
        assertTrue(audience.toString(), audience.get("families").asInt() >= 1);
        assertTrue(audience.toString(), audience.get("sample").get(0).get("contact").asText().startsWith("***"));
        assertEquals(0, get("/messaging/messages/" + unsent + "/deliveries", "comms").expect(200).json().get("total").asInt());
        get("/messaging/messages/" + unsent + "/audience", null).problem(401);
        // an audience that names an unknown site, or people who cannot be reached on the chosen channels
        assertEquals("audience.sites", call("POST", "/messaging/messages", "comms", message("general", "\"sms\"").replace("[\"E01\"]", "[\"Z99\"]"))
                .problem(422).json().get("errors").get(0).get("field").asText());
        JsonNode custom = call("POST", "/messaging/messages", "comms", message("emergency", "\"sms\"")
                .replace("\"sites\":[\"E01\"]", "\"sourcedIds\":[\"it-g1\",\"nobody-here\"]")).problem(422).json();
        assertEquals(custom.toString(), "audience.sourcedIds[1]", custom.get("errors").get(0).get("field").asText());
        assertEquals(custom.toString(), 1, custom.get("errors").size());
        get("/messaging/messages/1/deliveries?state=lost", "comms").problem(422);
        assertEquals(1, preview.get("textSegments").asInt());
    }

    /** A request without signing in, with the Accept a browser or a mail client sends. */
    static HttpResponse<String> plain(String method, String url, String accept, String formBody) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(30))
                .method(method, formBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(formBody));
        if (accept != null) {
            request.header("Accept", accept);
        }
        if (formBody != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    static boolean generalConsent(String person, int contact) {
        return get("/directory/people/" + person, "comms").json().get("contacts").get(contact).get("consent").get("general").asBoolean();
    }

    @Test
    public void aNewslettersUnsubscribeLinkAsksFirstAndOnlyAPostUnsubscribes() throws Exception {
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            sendNow(message("general", "\"email\"").replace("\"kind\":\"letter\"", "\"kind\":\"newsletter\""));
            TestSmtp.Received mail = smtp.awaitTo("maria.itest@example.org", 60_000);
            java.util.regex.Matcher link = java.util.regex.Pattern.compile("https://\\S+/api/messaging/unsubscribe\\?email=(\\S+)&token=(\\S+)")
                    .matcher(mail.text());
            assertTrue(mail.text(), link.find());
            assertTrue(mail.text(), mail.text().contains("Oklahoma City")); // the postal address (CAN-SPAM)
            // the mail client's own unsubscribe button (RFC 8058): the headers name the same signed link
            assertEquals("<" + link.group() + ">", mail.header("List-Unsubscribe"));
            assertEquals("List-Unsubscribe=One-Click", mail.header("List-Unsubscribe-Post"));
            String url = BASE + "/messaging/unsubscribe?email=" + link.group(1) + "&token=" + link.group(2);

            // a scanner or a person opening the link: a page that asks, and nothing changes
            for (String method : List.of("GET", "HEAD", "GET")) {
                HttpResponse<String> page = plain(method, url, method.equals("HEAD") ? null : BROWSER, null);
                assertEquals(method + " " + page.body(), 200, page.statusCode());
                assertTrue(page.headers().firstValue("Content-Type").orElse(""), page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
                assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(null));
                assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));
                assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
                if (method.equals("GET")) {
                    String html = page.body();
                    assertTrue(html, html.contains("<form method=\"post\">") && html.contains("maria.itest@example.org")
                            && html.contains("Unsubscribe from newsletters?") && html.contains("¿Cancelar la suscripción a los boletines?")
                            && html.contains("<section lang=\"es\">") && !html.contains("<script"));
                }
                assertTrue(method + " changed nothing", generalConsent("it-g1", 0));
            }
            HttpResponse<String> forged = plain("GET", url.replace("token=", "token=x"), BROWSER, null);
            assertEquals(404, forged.statusCode());
            assertTrue(forged.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals(404, plain("GET", BASE + "/messaging/unsubscribe?email=someone%40example.org&token=" + link.group(2), BROWSER, null).statusCode());

            // the page's button: a browser's form post, answered with a page
            HttpResponse<String> done = plain("POST", url, BROWSER, "List-Unsubscribe=One-Click");
            assertEquals(done.body(), 200, done.statusCode());
            assertTrue(done.body(), done.body().contains("You are unsubscribed") && done.body().contains("Suscripción cancelada"));
            JsonNode email = get("/directory/people/it-g1", "comms").json().get("contacts").get(0);
            assertEquals("maria.itest@example.org", email.get("value").asText());
            assertFalse(email.get("consent").get("general").asBoolean());
            assertTrue(email.get("consent").get("emergency").asBoolean());
            grantBack();

            // the mail client's one-click POST (RFC 8058): no Accept of its own, answered with JSON
            HttpResponse<String> oneClick = plain("POST", url, null, "List-Unsubscribe=One-Click");
            assertEquals(oneClick.body(), 200, oneClick.statusCode());
            assertEquals(true, JSON.readTree(oneClick.body()).get("unsubscribed").asBoolean());
            assertFalse(generalConsent("it-g1", 0));
            assertEquals(404, plain("POST", url.replace("token=", "token=x"), null, "List-Unsubscribe=One-Click").statusCode());
            grantBack();
        }
    }

    /** Grants general email back, so the other tests of this class see the family as before. */
    private static void grantBack() {
        call("POST", "/directory/consents", "comms", "{\"value\":\"maria.itest@example.org\",\"categories\":[\"general\"],"
                + "\"state\":\"granted\",\"basis\":\"given-to-school\"}").expect(200);
        assertTrue(generalConsent("it-g1", 0));
    }

    /** Everything stored that a request could change, as one text: the audit trail, the message, its deliveries, María's consent. */
    private static String stored(long id) {
        return get("/audit?limit=1", "admin").expect(200).json().get("total").asText() + "\n"
                + get("/messaging/messages/" + id, "comms").expect(200).body() + "\n"
                + get("/messaging/messages/" + id + "/deliveries?limit=100", "comms").expect(200).body() + "\n"
                + get("/directory/people/it-g1", "comms").expect(200).json().get("contacts").toString();
    }

    @Test
    public void aHeadChangesNothingAnywhereInMessaging() throws Exception {
        try (TestSmtp smtp = TestSmtp.start(TestSmtp.PORT)) {
            long id = sendNow(message("general", "\"email\"")).get("id").asLong();
            TestSmtp.Received mail = smtp.awaitTo("maria.itest@example.org", 60_000);
            await("message sent", 60_000, () -> get("/messaging/messages/" + id, "comms"), a -> "sent".equals(a.json().get("status").asText()));
            java.util.regex.Matcher letter = java.util.regex.Pattern.compile("https://\\S+/api/messaging(/letters/\\d+\\.pdf\\?token=\\S+)").matcher(mail.text());
            assertTrue(mail.text(), letter.find());
            String unsubscribe = "/messaging/unsubscribe?email=maria.itest%40example.org&token=" + unsubscribeToken(smtp);
            String before = stored(id);
            // every GET of the messaging API, signed in where it needs it, as HEAD
            List<String[]> gets = List.of(new String[] {"/messaging/messages/" + id, "comms"}, new String[] {"/messaging/messages/" + id + "/preview?language=es", "comms"},
                    new String[] {"/messaging/messages/" + id + "/audience", "comms"}, new String[] {"/messaging/messages/" + id + "/deliveries", "comms"},
                    new String[] {"/messaging/messages/" + id + "/deliveries.csv", "comms"}, new String[] {"/messaging/messages/" + id + "/reach", "comms"},
                    new String[] {"/messaging/messages/" + id + "/reach.csv", "comms"}, new String[] {"/messaging/messages/" + id + "/letter.pdf", "comms"},
                    new String[] {"/messaging/messages/" + id + "/letters.pdf?site=E01&families=all", "comms"},
                    new String[] {"/messaging" + letter.group(1), null}, new String[] {unsubscribe, null});
            for (String[] g : gets) {
                HttpRequest.Builder head = HttpRequest.newBuilder(URI.create(BASE + g[0])).method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept", "*/*");
                if (g[1] != null) {
                    head.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((g[1] + ":" + g[1]).getBytes(StandardCharsets.UTF_8)));
                }
                HttpResponse<String> answer = CLIENT.send(head.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("HEAD " + g[0], 200, answer.statusCode());
                assertEquals("HEAD " + g[0] + " has no body", "", answer.body());
            }
            assertEquals("HEAD changed nothing stored", before, stored(id));
            // the same GETs do what they say: opening the family's copy and printing a run are audited
            assertEquals(200, pdf(BASE + "/messaging" + letter.group(1), null).status());
            assertEquals(200, pdf(BASE + "/messaging/messages/" + id + "/letters.pdf?site=E01&families=all", "comms").status());
            JsonNode audit = get("/audit?entity=message&entityId=" + id + "&limit=50", "admin").json();
            assertTrue(audit.toString(), audit.toString().contains("messaging.letter-opened") && audit.toString().contains("messaging.print"));
        }
    }

    /** The unsubscribe token of María's address: from a newsletter's link, which signs it. */
    private static String unsubscribeToken(TestSmtp smtp) {
        sendNow(message("general", "\"email\"").replace("\"kind\":\"letter\"", "\"kind\":\"newsletter\""));
        java.util.regex.Matcher link = null;
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            for (TestSmtp.Received m : smtp.received()) {
                java.util.regex.Matcher found = java.util.regex.Pattern.compile("unsubscribe\\?email=maria\\.itest%40example\\.org&token=(\\S+)").matcher(m.text());
                if (found.find()) {
                    link = found;
                }
            }
            if (link != null) {
                return link.group(1);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no newsletter reached María");
    }

    /** What the console's sites x modules matrix does for one site: the same call. */
    private static void messagingAt(String site, boolean enabled, Map<String, Object> settings) {
        call("PUT", "/sites/" + site + "/modules/messaging", "admin", "{\"enabled\":" + enabled
                + (settings == null ? "" : ",\"settings\":" + JSON.valueToTree(settings)) + "}").expect(200);
    }

    static String siteMessage(String site, String channels) {
        return message("general", channels).replace("\"sites\":[\"E01\"]", "\"sites\":[\"" + site + "\"]")
                .replace("\"maxSegments\"", "\"site\":\"" + site + "\",\"maxSegments\"");
    }

    @Test
    public void messagingEnabledForOneSiteServesThatSitesStaffOnlyAndNeedsTwoPeopleForAWholeSiteText() throws Exception {
        messagingAt("E01", true, null);
        try {
            // the matrix shows messaging per site, enabled at E01 only
            JsonNode listed = get("/admin/modules/messaging", "admin").expect(200).json();
            assertTrue(listed.toString(), listed.get("perSite").asBoolean() && listed.get("enabledSites").toString().equals("[\"E01\"]"));
            assertTrue(get("/sites/E01/modules/messaging", "admin").expect(200).json().get("enabled").asBoolean());
            assertFalse(get("/sites/E02/modules/messaging", "admin").expect(200).json().get("enabled").asBoolean());
            assertEquals(false, get("/sites/E01/modules/messaging", "admin").json().get("settings").get("selfApproval").asBoolean(true));
            call("PUT", "/sites/E01/modules/events", "admin", "{\"enabled\":true}").problem(422); // a district module without a per-site switch
            // E01's staff write to their families; E02's staff are told messaging is not enabled there
            long text = call("POST", "/messaging/messages", "principal", siteMessage("E01", "\"sms\"")).expect(201).json().get("id").asLong();
            assertEquals("Module 'messaging' is not enabled for site E02.",
                    call("POST", "/messaging/messages", "e02staff", siteMessage("E02", "\"sms\"")).problem(404).detail());
            // two-person rule: the author may not approve a text to the whole site; a colleague may
            assertTrue(call("POST", "/messaging/messages/" + text + "/approve", "principal", null).problem(403).detail()
                    .contains("another person must approve it"));
            assertEquals("draft", get("/messaging/messages/" + text, "comms").json().get("status").asText());
            JsonNode approved = call("POST", "/messaging/messages/" + text + "/approve", "teacher", null).expect(200).json();
            assertEquals("approved", approved.get("status").asText());
            assertEquals("teacher", approved.get("approvedBy").asText());

            // wrong site: with messaging enabled at E02 too, E02's staff still see nothing of E01's message
            messagingAt("E02", true, null);
            long e02 = call("POST", "/messaging/messages", "e02staff", siteMessage("E02", "\"email\"")).expect(201).json().get("id").asLong();
            String[] reads = {"", "/preview", "/audience", "/deliveries", "/deliveries.csv", "/reach", "/reach.csv", "/letter.pdf",
                    "/letters.pdf?site=E01&families=all", "/letters.pdf?site=E02&families=all"};
            for (String read : reads) {
                Answer wrong = callUrl("GET", BASE + "/messaging/messages/" + text + read, "e02staff", null, null,
                        "application/json, text/csv, application/pdf, application/problem+json");
                assertEquals("e02staff GET " + read + ": " + wrong.body(), 404, wrong.status());
                assertTrue(wrong.contentType(), wrong.contentType().startsWith("application/problem+json"));
                Answer other = callUrl("GET", BASE + "/messaging/messages/" + e02 + read, "principal", null, null,
                        "application/json, text/csv, application/pdf, application/problem+json");
                assertEquals("principal GET " + read + " of E02's message: " + other.body(), 404, other.status());
            }
            for (String action : List.of("approve", "send", "cancel")) {
                call("POST", "/messaging/messages/" + text + "/" + action, "e02staff", null).problem(404);
            }
            // their own site's reads answer
            for (String read : List.of("", "/preview", "/audience", "/deliveries")) {
                Answer own = get("/messaging/messages/" + text + read, "principal");
                assertEquals(read + ": " + own.body(), 200, own.status());
            }
            assertEquals(200, callUrl("GET", BASE + "/messaging/messages/" + text + "/deliveries.csv", "teacher", null, null, "text/csv").status());

            // the site may allow self-approval
            messagingAt("E01", true, Map.of("selfApproval", true));
            long own = call("POST", "/messaging/messages", "principal", siteMessage("E01", "\"sms\"")).expect(201).json().get("id").asLong();
            assertEquals("approved", call("POST", "/messaging/messages/" + own + "/approve", "principal", null).expect(200).json().get("status").asText());

            // messaging switched off at E01: its staff no longer reach even their own message, and are told why
            messagingAt("E01", false, null);
            assertEquals("Module 'messaging' is not enabled for site E01.", get("/messaging/messages/" + text, "principal").problem(404).detail());
            assertEquals(200, get("/messaging/messages/" + text, "comms").status()); // the district's comms staff still do
            call("POST", "/messaging/messages/" + e02 + "/cancel", "e02staff", null).expect(200);
            call("POST", "/messaging/messages/" + text + "/cancel", "comms", null).expect(200);
            call("POST", "/messaging/messages/" + own + "/cancel", "comms", null).expect(200);
        } finally {
            messagingAt("E01", false, Map.of("selfApproval", false));
            messagingAt("E02", false, null);
        }
    }

    @Test
    public void aSendInterruptedByStoppingTheModuleResumesWhenItStartsAgain() throws Exception {
        // thirty more families at E01, each with a mobile
        Map<String, String> files = new java.util.LinkedHashMap<>(DirectoryIT.oneRoster("405-555-0123"));
        StringBuilder users = new StringBuilder(files.get("users.csv"));
        for (int i = 10; i < 40; i++) {
            users.append("rs-s").append(i).append(",active,,true,org-e01,student,,,Kid").append(i).append(",Resume,,,,,,rs-g").append(i).append(",02,\n");
            users.append("rs-g").append(i).append(",active,,true,org-e01,guardian,,,Parent").append(i).append(",Resume,,,,405-555-02").append(i)
                    .append(",,rs-s").append(i).append(",,\n");
        }
        files.put("users.csv", users.toString());
        upload(DirectoryIT.zip(files));
        // 31 texts of 0.5 s each, one at a time: the stop (seconds on two busy cores) lands in the middle
        provider.delayMillis = 500;
        long id = sendNow(message("emergency", "\"sms\"")).get("id").asLong();
        await("some texts out", 60_000, () -> new Answer(RECEIVED.size(), null, "", null), a -> RECEIVED.size() >= 4);
        int atStop;
        try {
            assertEquals("succeeded", ModulesIT.operate("messaging", "stop").get("state").asText());
            atStop = RECEIVED.size();
            assertTrue("stopped in the middle: " + atStop, atStop < 31);
            Thread.sleep(1_500);
            assertEquals("nothing goes out while the module is stopped", atStop, RECEIVED.size());
        } catch (AssertionError | RuntimeException e) {
            ModulesIT.operate("messaging", "start"); // the other tests of this class need the module
            throw e;
        }
        provider.delayMillis = 0;

        assertEquals("succeeded", ModulesIT.operate("messaging", "start").get("state").asText());
        await("the send resumes and finishes", 90_000, () -> get("/messaging/messages/" + id, "comms"),
                a -> a.status() == 200 && "sent".equals(a.json().get("status").asText()));
        java.util.Set<String> numbers = RECEIVED.stream().map(f -> f.get("To")).collect(Collectors.toSet());
        assertEquals("every family got the text", 31, numbers.size());
        // a clean stop waits for the answer in flight, records it and hands back the rest: nothing is sent twice
        assertEquals("repeats", 0, RECEIVED.size() - 31);
        assertEquals(31, get("/messaging/messages/" + id, "comms").json().get("deliveries").get("sent").asInt());
    }

    @Test
    public void exportsNeverHandASpreadsheetAFormula() throws Exception {
        // a student information system may carry anything in a name
        Map<String, String> files = new java.util.LinkedHashMap<>(DirectoryIT.oneRoster("405-555-0123"));
        files.put("users.csv", files.get("users.csv")
                + "hx-s1,active,,true,org-e02,student,,,=1+2,Kid,,,,,,hx-g1,04,\n"
                + "hx-g1,active,,true,org-e02,guardian,,,@SUM(1+1),Parent,,,hostile.itest@example.org,,,hx-s1,,\n"
                + "hx-s2,active,,true,org-e02,student,,,-2+3+cmd|' /C calc'!A0,Kid,,,,,,,05,\n");
        upload(DirectoryIT.zip(files));
        // grades 04 and 05 of E02: these two families only (so no other test's family gets this email)
        long id = sendNow(message("general", "\"email\"").replace("\"sites\":[\"E01\"]", "\"sites\":[\"E02\"],\"grades\":[\"04\",\"05\"]"))
                .get("id").asLong();
        await("message sent", 60_000, () -> get("/messaging/messages/" + id, "comms"), a -> "sent".equals(a.json().get("status").asText()));
        String deliveries = callUrl("GET", BASE + "/messaging/messages/" + id + "/deliveries.csv", "comms", null, null, "text/csv").expect(200).body();
        assertTrue(deliveries, deliveries.contains(",hx-g1,'@SUM(1+1),Parent,'=1+2,E02,email,hostile.itest@example.org,"));
        assertFalse(deliveries, deliveries.contains("it-g1")); // Luis (KG) is not in grades 04-05
        String unreached = callUrl("GET", BASE + "/messaging/messages/" + id + "/reach.csv", "comms", null, null, "text/csv").expect(200).body();
        assertTrue(unreached, unreached.contains("hx-s2,'-2+3+cmd|' /C calc'!A0 Kid,E02,05,no-contact,"));
        assertFalse(unreached, unreached.contains(",=") || unreached.contains(",@") || unreached.contains(",-2"));
    }
}
