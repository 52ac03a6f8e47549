package org.homeroom.messaging.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.homeroom.messaging.api.WebhookCheck;

/**
 * The Twilio webhook signature ({@code X-Twilio-Signature}), checked as Twilio's own
 * {@code com.twilio.security.RequestValidator} checks it: Base64 of HMAC-SHA1, keyed with the account's auth
 * token, over the full URL followed by every POST parameter name and value, sorted by name; the URL is tried
 * with its port and without it (Twilio may sign {@code https://host/…} or {@code https://host:443/…} for the
 * same address). Compared in constant time. {@code TwilioSignatureTest} holds this to the SDK's validator.
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    static String sign(String authToken, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, value) -> data.append(name).append(value == null ? "" : value));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA1", e);
        }
    }

    static boolean valid(String authToken, String url, Map<String, String> params, String signature) {
        return check(authToken, url, params, signature).accepted();
    }

    /** Accepted, or refused with the reason in words an operator can act on. */
    static WebhookCheck check(String authToken, String url, Map<String, String> params, String signature) {
        if (authToken == null || authToken.isEmpty()) {
            return WebhookCheck.refused("no auth token is configured, so no webhook call can be trusted");
        }
        if (signature == null || signature.isBlank()) {
            return WebhookCheck.refused("the call has no X-Twilio-Signature header");
        }
        byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
        for (String candidate : urls(url)) {
            if (MessageDigest.isEqual(sign(authToken, candidate, params).getBytes(StandardCharsets.US_ASCII), given)) {
                return WebhookCheck.ACCEPTED;
            }
        }
        return WebhookCheck.refused("the X-Twilio-Signature does not match " + url + " (with or without its port) and the " + params.size()
                + " form fields: the auth token or the public webhook URL configured here differs from what the provider uses");
    }

    /** The URL with its scheme's default port made explicit, and with any port removed: the two forms Twilio's validator accepts. */
    static List<String> urls(String url) {
        List<String> out = new ArrayList<>(2);
        out.add(withPort(url));
        String without = withoutPort(url);
        if (!out.contains(without)) {
            out.add(without);
        }
        return out;
    }

    private static String withPort(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getPort() != -1) {
                return url;
            }
            return port(uri, "https".equals(uri.getScheme()) ? 443 : 80);
        } catch (URISyntaxException e) {
            return url;
        }
    }

    private static String withoutPort(String url) {
        try {
            URI uri = new URI(url);
            return uri.getPort() == -1 ? url : port(uri, -1);
        } catch (URISyntaxException e) {
            return url;
        }
    }

    /** Rebuilt from its decoded parts, as the validator does (so a URL comes out re-quoted exactly as there). */
    private static String port(URI uri, int port) {
        try {
            return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), port, uri.getPath(), uri.getQuery(), uri.getFragment()).toString();
        } catch (URISyntaxException e) {
            return uri.toString();
        }
    }
}
