package org.homeroom.itests;

import java.lang.reflect.Method;
import java.util.Map;

import com.twilio.security.RequestValidator;

/**
 * Webhook signatures made by Twilio's own Java SDK ({@code com.twilio.security.RequestValidator}'s signing
 * routine), so the distribution is checked against the provider's reference rather than our own HMAC. Used
 * only on the test side ({@link MessagingIT#config()}), before the container starts: the SDK is not a bundle.
 */
final class TwilioSigned {

    private TwilioSigned() {
    }

    static String signature(String authToken, String url, Map<String, String> params) {
        try {
            Method sign = RequestValidator.class.getDeclaredMethod("getValidationSignature", String.class, Map.class);
            sign.setAccessible(true);
            String signature = (String) sign.invoke(new RequestValidator(authToken), url, params);
            if (!new RequestValidator(authToken).validate(url, params, signature)) {
                throw new IllegalStateException("Twilio's validator refuses its own signature of " + url);
            }
            return signature;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Twilio's SDK signs no more with getValidationSignature: " + e, e);
        }
    }
}
