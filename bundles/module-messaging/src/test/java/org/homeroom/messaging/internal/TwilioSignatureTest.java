package org.homeroom.messaging.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.homeroom.messaging.api.WebhookCall;
import org.homeroom.messaging.api.WebhookCheck;
import org.junit.Test;

import com.twilio.security.RequestValidator;

/**
 * Our webhook check held to Twilio's own: {@code com.twilio.security.RequestValidator} from Twilio's Java SDK
 * (test scope only). Requests are signed by the SDK's own signing routine, and for every URL and form below our
 * check accepts exactly what the SDK's validator accepts, including the URL with and without its port.
 */
public class TwilioSignatureTest {

    private static final String TOKEN = "12345";
    private static final String WEBHOOKS = "https://homeroom.district.example/api/messaging/webhooks";

    /** The SDK's signature of a URL and form: its private signing routine, so the reference signs, not our code. */
    static String twilioSigns(String token, String url, Map<String, String> params) throws Exception {
        Method sign = RequestValidator.class.getDeclaredMethod("getValidationSignature", String.class, Map.class);
        sign.setAccessible(true);
        return (String) sign.invoke(new RequestValidator(token), url, params);
    }

    static Map<String, String> reply(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("ToCountry", "US");
        form.put("SmsMessageSid", "SM7d1b0c5f1a2e4b9c8d3e2f1a0b9c8d7e");
        form.put("NumMedia", "0");
        form.put("From", "+14055550123");
        form.put("To", "+14055550100");
        form.put("Body", body);
        form.put("AccountSid", "AC00000000000000000000000000000000");
        form.put("ApiVersion", "2010-04-01");
        return form;
    }

    @Test
    public void whatTwilioSignsIsAcceptedAndWhatItsValidatorRefusesIsRefused() throws Exception {
        List<String> urls = List.of(WEBHOOKS + "/sms", "https://homeroom.district.example:443/api/messaging/webhooks/sms",
                "http://homeroom.district.example/api/messaging/webhooks/sms", "http://homeroom.district.example:80/api/messaging/webhooks/sms",
                "https://homeroom.district.example:8443/api/messaging/webhooks/sms", "http://localhost:19181/api/messaging/webhooks/sms",
                WEBHOOKS + "/status?reference=4711", "https://homeroom.district.example:443/api/messaging/webhooks/status?reference=4711&x=a%20b",
                WEBHOOKS + "/status?reference=d+%2F+7", "https://user@homeroom.district.example/api/messaging/webhooks/sms#frag");
        List<Map<String, String>> forms = List.of(reply("STOP"), reply("¡Alto! ñandú 🛑 & = +"), reply(""), Map.of(),
                Map.of("MessageSid", "SM1", "MessageStatus", "undelivered", "ErrorCode", "30005"));
        RequestValidator twilio = new RequestValidator(TOKEN);
        int accepted = 0;
        int refused = 0;
        for (String signedUrl : urls) {
            for (Map<String, String> form : forms) {
                String signature = twilioSigns(TOKEN, signedUrl, form);
                for (String configured : urls) {
                    boolean reference = twilio.validate(configured, form, signature);
                    assertEquals("signed for " + signedUrl + ", checked against " + configured, reference,
                            WebhookSignature.valid(TOKEN, configured, form, signature));
                    if (reference) {
                        accepted++;
                    } else {
                        refused++;
                    }
                }
                assertTrue(WebhookSignature.valid(TOKEN, signedUrl, form, signature));
                assertFalse("another token", WebhookSignature.valid("54321", signedUrl, form, signature));
                Map<String, String> changed = new TreeMap<>(form);
                changed.put("Body", "START");
                assertFalse("a changed form", WebhookSignature.valid(TOKEN, signedUrl, changed, signature));
                assertFalse(twilio.validate(signedUrl, changed, signature));
            }
        }
        assertTrue("both answers happen: " + accepted + " accepted, " + refused + " refused", accepted > 50 && refused > 50);
    }

    @Test
    public void theDefaultPortMayBeThereOrNotAsWithTwilio() throws Exception {
        Map<String, String> form = reply("STOP");
        String withPort = twilioSigns(TOKEN, "https://homeroom.district.example:443/api/messaging/webhooks/sms", form);
        String without = twilioSigns(TOKEN, WEBHOOKS + "/sms", form);
        assertTrue(WebhookSignature.valid(TOKEN, WEBHOOKS + "/sms", form, withPort));
        assertTrue(WebhookSignature.valid(TOKEN, WEBHOOKS + "/sms", form, without));
        assertTrue(WebhookSignature.valid(TOKEN, "https://homeroom.district.example:443/api/messaging/webhooks/sms", form, without));
        assertTrue(new RequestValidator(TOKEN).validate(WEBHOOKS + "/sms", form, withPort));
        // http's default port is 80, not 443
        String http443 = twilioSigns(TOKEN, "http://homeroom.district.example:443/api/messaging/webhooks/sms", form);
        assertFalse(WebhookSignature.valid(TOKEN, "http://homeroom.district.example/api/messaging/webhooks/sms", form, http443));
        assertFalse(new RequestValidator(TOKEN).validate("http://homeroom.district.example/api/messaging/webhooks/sms", form, http443));
    }

    @Test
    public void ourSignaturesPassTwiliosValidator() {
        Map<String, String> form = reply("Cancelar");
        for (String url : List.of(WEBHOOKS + "/sms", WEBHOOKS + "/status?reference=12")) {
            assertTrue(url, new RequestValidator(TOKEN).validate(url, form, WebhookSignature.sign(TOKEN, url, form)));
        }
        // and Twilio's published example (its security documentation): the same bytes, the same signature
        Map<String, String> example = new TreeMap<>(Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030", "Digits", "1234",
                "From", "+12349013030", "To", "+18005551212"));
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assertEquals(new RequestValidator(TOKEN).validate(url, example, WebhookSignature.sign(TOKEN, url, example)), true);
    }

    @Test
    public void theProviderChecksTheCallAgainstItsOnePublicAddressAndSaysWhyItRefuses() throws Exception {
        TwilioProvider provider = new TwilioProvider(TwilioProvider.Settings.of("https://api.twilio.com", "AC00000000000000000000000000000000", TOKEN,
                "+14055550100", WEBHOOKS + "/", 5000));
        Map<String, String> form = reply("¡Alto!");
        String signature = twilioSigns(TOKEN, WEBHOOKS + "/sms", form);
        WebhookCheck ok = provider.checkWebhook(new WebhookCall("sms", null, form, Map.of("x-twilio-signature", signature)));
        assertTrue(ok.reason(), ok.accepted());
        assertNull(ok.reason());

        Map<String, String> report = Map.of("MessageSid", "SM1", "MessageStatus", "delivered");
        String statusSignature = twilioSigns(TOKEN, "https://homeroom.district.example:443/api/messaging/webhooks/status?reference=42", report);
        assertTrue(provider.checkWebhook(new WebhookCall("status", "reference=42", report, Map.of("x-twilio-signature", statusSignature))).accepted());
        assertFalse("signed for another delivery", provider.checkWebhook(new WebhookCall("status", "reference=43", report,
                Map.of("x-twilio-signature", statusSignature))).accepted());

        WebhookCheck forged = provider.checkWebhook(new WebhookCall("sms", null, form, Map.of("x-twilio-signature", twilioSigns("guess", WEBHOOKS + "/sms", form))));
        assertFalse(forged.accepted());
        assertTrue(forged.reason(), forged.reason().contains(WEBHOOKS + "/sms") && forged.reason().contains("auth token"));
        assertFalse("the reason never carries the token", forged.reason().contains(TOKEN));
        WebhookCheck unsigned = provider.checkWebhook(new WebhookCall("sms", null, form, Map.of()));
        assertEquals("the call has no X-Twilio-Signature header", unsigned.reason());

        TwilioProvider noWebhooks = new TwilioProvider(TwilioProvider.Settings.of("https://api.twilio.com", "AC00000000000000000000000000000000", TOKEN,
                "+14055550100", "", 5000));
        WebhookCheck unset = noWebhooks.checkWebhook(new WebhookCall("sms", null, form, Map.of("x-twilio-signature", signature)));
        assertFalse(unset.accepted());
        assertTrue(unset.reason(), unset.reason().contains("webhookBaseUrl is not set"));
        assertFalse(new LogProvider().checkWebhook(new WebhookCall("sms", null, form, Map.of("x-twilio-signature", signature))).accepted());
    }
}
