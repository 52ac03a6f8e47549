package org.homeroom.messaging.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.homeroom.messaging.api.OutboundText;
import org.homeroom.messaging.api.ProviderException;
import org.homeroom.messaging.api.ProviderResult;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpServer;

public class TwilioProviderTest {

    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "s3cret-auth-token";
    private static final String FROM = "+14055550123";
    private static final String TO = "+14055550100";
    private static final String WEBHOOKS = "https://district.example/api/messaging/webhooks";
    private static final String CALLBACK = WEBHOOKS + "/status";

    private FakeTextProviderServer twilio;
    private TwilioProvider provider;

    @Before
    public void start() throws IOException {
        twilio = new FakeTextProviderServer(SID, TOKEN);
        provider = provider(twilio.baseUrl(), TOKEN, WEBHOOKS, 5000);
    }

    @After
    public void stop() {
        twilio.close();
    }

    private static TwilioProvider provider(String baseUrl, String token, String callback, int timeoutMillis) {
        return new TwilioProvider(TwilioProvider.Settings.of(baseUrl, SID, token, FROM, callback, timeoutMillis));
    }

    private static OutboundText sms(String body) {
        return new OutboundText("sms", TO, body, "en", "d-42");
    }

    @Test
    public void smsPostsToFromBodyAndStatusCallbackWithBasicAuth() throws Exception {
        String body = "Mañana no hay clases & buses run 2+ hours late 🚌";
        ProviderResult result = provider.send(sms(body));

        assertTrue(result.providerId(), result.providerId().matches("SM[0-9a-f]{32}"));
        assertEquals("queued", result.status());
        FakeTextProviderServer.Recorded request = twilio.lastRequest();
        assertEquals("POST", request.method());
        assertEquals("/2010-04-01/Accounts/" + SID + "/Messages.json", request.path());
        assertEquals(SID, request.user());
        assertEquals(TOKEN, request.password());
        assertEquals(TO, request.field("To"));
        assertEquals(FROM, request.field("From"));
        assertEquals(body, request.field("Body")); // UTF-8, '&' and '+' survive the form encoding
        assertEquals(CALLBACK + "?reference=d-42", request.field("StatusCallback"));
        assertEquals(4, request.form().size());
        assertEquals("twilio", provider.id());
    }

    @Test
    public void withoutStatusCallbackUrlNoStatusCallbackIsSent() throws Exception {
        provider(twilio.baseUrl(), TOKEN, "", 5000).send(sms("Hello"));
        assertNull(twilio.lastRequest().field("StatusCallback"));
        assertEquals(CALLBACK + "?a=1&reference=d+%2F+7", TwilioProvider.statusCallback(CALLBACK + "?a=1", "d / 7"));
    }

    @Test
    public void voicePostsSpanishTwimlWithTheScriptEscaped() throws Exception {
        ProviderResult result = provider.send(new OutboundText("voice", TO, "Traiga <su credencial> & almuerzo", "es", "d-43"));

        assertTrue(result.providerId(), result.providerId().matches("CA[0-9a-f]{32}"));
        assertEquals("queued", result.status());
        FakeTextProviderServer.Recorded request = twilio.lastRequest();
        assertEquals("/2010-04-01/Accounts/" + SID + "/Calls.json", request.path());
        assertEquals(SID, request.user());
        assertEquals(TOKEN, request.password());
        assertEquals(TO, request.field("To"));
        assertEquals(FROM, request.field("From"));
        assertEquals("<Response><Say language=\"es-MX\">Traiga &lt;su credencial&gt; &amp; almuerzo</Say></Response>", request.field("Twiml"));
        assertNull(request.field("Body"));
        assertEquals(CALLBACK + "?reference=d-43", request.field("StatusCallback"));

        provider.send(new OutboundText("voice", TO, "School is closed today.", "en", "d-44"));
        assertEquals("<Response><Say language=\"en-US\">School is closed today.</Say></Response>", twilio.lastRequest().field("Twiml"));
        assertEquals("en-US", TwilioProvider.sayLanguage(null));
        assertEquals("es-MX", TwilioProvider.sayLanguage("es-US"));
        assertEquals("Bell\u00e9 rings", TwilioProvider.xmlText("Bell\u0000\u00e9 rings")); // no character XML cannot carry
    }

    @Test
    public void rateLimitIsRetryableAfterRetryAfter() throws Exception {
        twilio.rateLimitNext(1, 30);
        try {
            provider.send(sms("Hello"));
            fail("429 must not be accepted");
        } catch (ProviderException e) {
            assertTrue(e.retryable());
            assertEquals(Integer.valueOf(30), e.retryAfterSeconds());
            assertTrue(e.getMessage(), e.getMessage().contains("rate limit"));
        }
        assertEquals("queued", provider.send(sms("Hello")).status()); // only the next request was limited
        assertEquals(2, twilio.requests().size()); // and the provider did not retry on its own
    }

    @Test
    public void serverErrorIsRetryable() throws Exception {
        twilio.serverErrorNext(1);
        ProviderException e = failure(sms("Hello"));
        assertTrue(e.retryable());
        assertNull(e.retryAfterSeconds());
        assertTrue(e.getMessage(), e.getMessage().contains("HTTP 500"));
    }

    @Test
    public void invalidNumberIsPermanentWithTwiliosMessage() throws Exception {
        twilio.invalidNumberNext(1);
        ProviderException e = failure(sms("Hello"));
        assertFalse(e.retryable());
        assertNull(e.retryAfterSeconds());
        assertTrue(e.getMessage(), e.getMessage().contains("The 'To' number is not a valid phone number."));
        assertTrue(e.getMessage(), e.getMessage().contains("21211"));
        assertTrue(e.getMessage(), e.getMessage().contains("***0100"));
        assertFalse(e.getMessage(), e.getMessage().contains(TO));
    }

    @Test
    public void numbersInTwiliosMessageAreMasked() throws Exception {
        twilio.answerNext(1, 400, Map.of(), "{\"code\":21211,\"message\":\"The 'To' number 4055550100 is not a valid phone number.\",\"status\":400}");
        ProviderException e = failure(sms("Hello"));
        assertFalse(e.getMessage(), e.getMessage().contains("4055550100"));
        assertTrue(e.getMessage(), e.getMessage().contains("The 'To' number ***0100 is not a valid phone number."));
    }

    @Test
    public void wrongCredentialsArePermanentAndNeverShowTheToken() throws Exception {
        ProviderException e = failure(provider(twilio.baseUrl(), "wrong-token", WEBHOOKS, 5000), sms("Hello"));
        assertFalse(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().contains("20003"));
        assertFalse(e.getMessage(), e.getMessage().contains("wrong-token"));
        assertFalse(provider.toString().contains(TOKEN));
        assertFalse(TwilioProvider.Settings.of(twilio.baseUrl(), SID, TOKEN, FROM, WEBHOOKS, 5000).toString().contains(TOKEN));
    }

    @Test
    public void connectionRefusedIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ProviderException e = failure(provider("http://127.0.0.1:" + closedPort, TOKEN, WEBHOOKS, 2000), sms("Hello"));
        assertTrue(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().contains("could not be reached"));
    }

    @Test
    public void aSlowAnswerTimesOutRetryably() throws Exception {
        twilio.stallNext(1, 4000);
        ProviderException e = failure(provider(twilio.baseUrl(), TOKEN, WEBHOOKS, 1000), sms("Hello"));
        assertTrue(e.retryable());
        assertTrue(e.getMessage(), e.getMessage().contains("within 1000 ms"));
    }

    @Test
    public void unusableMessagesArePermanentWithoutAskingTwilio() {
        assertFalse(failure(new OutboundText("fax", TO, "Hello", "en", "d-1")).retryable());
        assertFalse(failure(new OutboundText("sms", TO, "  ", "en", "d-1")).retryable());
        assertFalse(failure(new OutboundText("sms", " ", "Hello", "en", "d-1")).retryable());
        assertTrue(twilio.requests().isEmpty());
    }

    @Test
    public void settingsRefuseMissingCredentialsAndDropABadCallback() {
        for (String[] bad : new String[][] {{"", TOKEN, FROM}, {SID, " ", FROM}, {SID, TOKEN, null}}) {
            try {
                TwilioProvider.Settings.of("https://api.twilio.com", bad[0], bad[1], bad[2], "", 10000);
                fail("accepted " + String.join(",", String.valueOf(bad[0]), String.valueOf(bad[2])));
            } catch (IllegalArgumentException expected) {
                assertFalse(expected.getMessage().contains(TOKEN));
            }
        }
        TwilioProvider.Settings s = TwilioProvider.Settings.of("https://api.twilio.com/", SID, TOKEN, FROM, "not a url", 10);
        assertEquals("https://api.twilio.com/2010-04-01/Accounts/" + SID + "/Messages.json", s.messages().toString());
        assertNull(s.statusCallbackUrl());
        assertEquals(1000, s.timeout().toMillis());
    }

    @Test
    public void statusCallbacksAndInboundTextsAreSignedLikeTwilio() throws Exception {
        CopyOnWriteArrayList<String[]> received = new CopyOnWriteArrayList<>(); // {uri, signature, body}
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                received.add(new String[] {exchange.getRequestURI().toString(), exchange.getRequestHeaders().getFirst("X-Twilio-Signature"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)});
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        try {
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            ProviderResult sent = provider(twilio.baseUrl(), TOKEN, base, 5000).send(sms("Hello"));

            assertEquals(204, twilio.reportStatus(sent.providerId(), "delivered").status());
            String[] status = received.get(0);
            assertEquals("/status?reference=d-42", status[0]);
            Map<String, String> params = FakeTextProviderServer.form(status[2]);
            assertEquals(sent.providerId(), params.get("MessageSid"));
            assertEquals("delivered", params.get("MessageStatus"));
            assertEquals(TO, params.get("To"));
            assertTrue(WebhookSignature.valid(TOKEN, base + status[0], params, status[1]));

            assertEquals(204, twilio.inbound(base + "/sms", TO, FROM, "STOP").status());
            String[] inbound = received.get(1);
            Map<String, String> text = FakeTextProviderServer.form(inbound[2]);
            assertEquals("STOP", text.get("Body"));
            assertEquals(TO, text.get("From"));
            assertTrue(WebhookSignature.valid(TOKEN, base + "/sms", text, inbound[1]));
            assertFalse(WebhookSignature.valid("other-token", base + "/sms", text, inbound[1]));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    public void logProviderSendsNothingAndAnswersLogged() {
        LogProvider log = new LogProvider();
        assertEquals("log", log.id());
        ProviderResult first = log.send(new OutboundText("sms", TO, "x".repeat(200) + "\nforged log line", "es", "d-9"));
        ProviderResult second = log.send(new OutboundText("voice", TO, "Hello", "en", "d-10"));
        assertTrue(first.providerId(), first.providerId().matches("log-[0-9a-f-]{36}"));
        assertEquals("logged", first.status());
        assertNotEquals(first.providerId(), second.providerId());
        assertEquals("***0100", LogProvider.mask(TO));
        assertEquals("***", LogProvider.mask("911"));
        assertEquals("(none)", LogProvider.mask(null));
        assertEquals("x".repeat(80) + "…", LogProvider.preview("x".repeat(200)));
        assertEquals("one two", LogProvider.preview("one\r\ntwo"));
        assertEquals("🚌".repeat(80) + "…", LogProvider.preview("🚌".repeat(81))); // whole characters, not halves
        assertTrue(twilio.requests().isEmpty());
    }

    private ProviderException failure(OutboundText text) {
        return failure(provider, text);
    }

    private static ProviderException failure(TwilioProvider provider, OutboundText text) {
        try {
            ProviderResult result = provider.send(text);
            throw new AssertionError("expected a ProviderException, got " + result);
        } catch (ProviderException e) {
            return e;
        }
    }
}
