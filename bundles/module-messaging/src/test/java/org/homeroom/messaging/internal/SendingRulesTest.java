package org.homeroom.messaging.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

public class SendingRulesTest {

    @Test
    public void segmentsFollowGsm7AndUcs2() {
        assertEquals(new Segments.Count("GSM-7", 160, 1), Segments.of("a".repeat(160)));
        assertEquals(new Segments.Count("GSM-7", 161, 2), Segments.of("a".repeat(161)));
        assertEquals(3, Segments.of("a".repeat(307)).segments()); // 153 + 153 + 1
        assertEquals(new Segments.Count("GSM-7", 160, 1), Segments.of("€".repeat(80))); // extension characters count twice
        assertEquals("GSM-7", Segments.of("Mañana no hay clases: ¿preguntas? Llame al 555-0100").encoding()); // ñ ¿ are GSM-7
        assertEquals(new Segments.Count("UCS-2", 70, 1), Segments.of("á".repeat(70)));       // á is not
        assertEquals(new Segments.Count("UCS-2", 71, 2), Segments.of("á".repeat(71)));
        assertEquals(2, Segments.of("🚌".repeat(35)).units() / 35);                          // an emoji is two units
        assertEquals(0, Segments.of("").segments());
    }

    @Test
    public void quietHoursHoldNonEmergencyMessagesUntilMorningInTheDistrictsZone() {
        QuietHours hours = new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0), ZoneId.of("America/Chicago"));
        Instant evening = Instant.parse("2026-11-24T03:30:00Z"); // 21:30 on the 23rd in Oklahoma
        assertFalse(hours.allows(evening));
        assertEquals(Instant.parse("2026-11-24T14:00:00Z"), hours.nextAllowed(evening)); // 08:00 CST
        Instant early = Instant.parse("2026-11-24T12:59:00Z"); // 06:59
        assertEquals(Instant.parse("2026-11-24T14:00:00Z"), hours.nextAllowed(early));
        Instant noon = Instant.parse("2026-11-24T18:00:00Z");
        assertTrue(hours.allows(noon));
        assertEquals(noon, hours.nextAllowed(noon));
        // daylight saving: 08:00 CDT is 13:00 UTC
        assertEquals(Instant.parse("2026-07-01T13:00:00Z"), hours.nextAllowed(Instant.parse("2026-07-01T05:00:00Z")));
    }

    @Test
    public void onlyAMessageThatIsTheKeywordCounts() {
        for (String stop : new String[] {"STOP", "stop", " Stop. ", "Opt Out", "UNSUBSCRIBE", "cancel!", "Quit", "END", "revoke", "Alto", "BAJA"}) {
            assertEquals(stop, Keywords.STOP, Keywords.of(stop));
        }
        assertEquals(Keywords.START, Keywords.of("start"));
        assertEquals(Keywords.START, Keywords.of("Sí"));
        assertEquals(Keywords.HELP, Keywords.of("help?"));
        assertEquals(Keywords.NONE, Keywords.of("please don't stop the bus alerts"));
        assertEquals(Keywords.NONE, Keywords.of("STOPPED"));
        assertEquals(Keywords.NONE, Keywords.of(null));
    }

    @Test
    public void webhookSignaturesMatchTheProvidersSchemeAndRefuseForgeries() {
        String url = "https://district.example/api/messaging/webhooks/sms";
        Map<String, String> params = new LinkedHashMap<>();
        params.put("To", "+14055550100");
        params.put("From", "+14055550123");
        params.put("MessageSid", "SM123");
        params.put("Body", "STOP");
        // computed independently: printf '%s' "$url" + sorted name+value pairs | openssl dgst -sha1 -hmac secret-token -binary | base64
        assertEquals("Q59+khSCvQh9Li+WqgMc0kQn+HA=", WebhookSignature.sign("secret-token", url, params));
        assertTrue(WebhookSignature.valid("secret-token", url, params, "Q59+khSCvQh9Li+WqgMc0kQn+HA="));
        params.put("Body", "START");
        assertFalse(WebhookSignature.valid("secret-token", url, params, "Q59+khSCvQh9Li+WqgMc0kQn+HA="));
        assertFalse(WebhookSignature.valid("other-token", url, Map.of(), WebhookSignature.sign("secret-token", url, Map.of())));
        assertFalse(WebhookSignature.valid("secret-token", url, Map.of(), null));
        assertFalse(WebhookSignature.valid("", url, Map.of(), "Q59+khSCvQh9Li+WqgMc0kQn+HA=")); // no token configured: nothing is trusted
    }
}
