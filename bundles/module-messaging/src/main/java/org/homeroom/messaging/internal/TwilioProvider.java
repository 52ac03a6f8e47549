package org.homeroom.messaging.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.homeroom.messaging.api.OutboundText;
import org.homeroom.messaging.api.ProviderException;
import org.homeroom.messaging.api.ProviderResult;
import org.homeroom.messaging.api.TextProvider;
import org.homeroom.messaging.api.WebhookCall;
import org.homeroom.messaging.api.WebhookCheck;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Texts and calls through Twilio's REST API (2010-04-01), with the JDK's HTTP client.
 *
 * <ul>
 * <li>SMS: {@code POST {baseUrl}/2010-04-01/Accounts/{sid}/Messages.json}, form fields {@code To},
 * {@code From}, {@code Body} and, when configured, {@code StatusCallback}.</li>
 * <li>Voice: {@code POST .../Calls.json}, form fields {@code To}, {@code From}, {@code Twiml} (a
 * {@code <Say>} of the script in es-MX or en-US, XML-escaped) and {@code StatusCallback}.</li>
 * <li>HTTP Basic with the account SID and auth token; the JSON answer gives {@code sid} and {@code status}.</li>
 * </ul>
 *
 * <p>One place for what Twilio and Homeroom share: the auth token (it signs our API calls and Twilio's
 * webhook calls) and {@code webhookBaseUrl}, the public address of messaging's webhooks. The status
 * callback ({@code {webhookBaseUrl}/status}) gets the delivery's reference as a {@code reference} query
 * parameter, so a report names our delivery as well as Twilio's {@code MessageSid}/{@code CallSid}; Twilio
 * signs the full URL it calls, query included, and {@link #checkWebhook} checks exactly that.
 *
 * <p>Failures: 429 (rate limit, with {@code Retry-After} when Twilio sends it), 408, 5xx, timeouts and
 * unreachable hosts are retryable; any other 4xx is permanent, with Twilio's {@code message} and
 * {@code code} in the reason (e.g. 21211, an invalid 'To' number). No retries here: the messaging worker
 * owns them. Neither the auth token nor full phone numbers are ever logged or put in a reason.
 */
@Component(service = TextProvider.class, configurationPid = TwilioProvider.TwilioConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = TwilioProvider.TwilioConfig.class)
public class TwilioProvider implements TextProvider {

    static final String ID = "twilio";
    private static final String API_VERSION = "2010-04-01";
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    /** A phone number inside a provider's message, e.g. "The 'To' number 5551234567 is not valid". */
    private static final Pattern NUMBER_IN_TEXT = Pattern.compile("\\+?\\d{7,15}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(TwilioProvider.class);

    /** {@code etc/org.homeroom.messaging.twilio.cfg}; without it the provider is not started. */
    @ObjectClassDefinition(id = TwilioConfig.PID, name = "Homeroom messaging: Twilio",
            description = "Texts and calls through a Twilio account")
    public @interface TwilioConfig {

        String PID = "org.homeroom.messaging.twilio";

        @AttributeDefinition(description = "Twilio's REST API; change only to test against a local stand-in")
        String baseUrl() default "https://api.twilio.com";

        @AttributeDefinition(description = "Account SID (AC followed by 32 hex digits)")
        String accountSid();

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "The account's auth token; it also signs Twilio's webhooks")
        String authToken();

        @AttributeDefinition(description = "The sending number in E.164 form, e.g. +14055550123; it must belong to the account")
        String fromNumber();

        @AttributeDefinition(required = false, description = "The public address of messaging's webhooks as Twilio reaches them, e.g."
                + " https://homeroom.district.example/api/messaging/webhooks: replies come to {webhookBaseUrl}/sms (set it as the number's"
                + " messaging webhook in Twilio), delivery reports to {webhookBaseUrl}/status. Twilio signs these exact URLs. Empty: no"
                + " status reports, and every webhook call is refused (STOP replies then go unheard: set it)")
        String webhookBaseUrl() default "";

        @AttributeDefinition(description = "Milliseconds to wait for Twilio to connect and to answer each request")
        int timeoutMillis() default 10000;
    }

    /** {@link TwilioConfig}, checked. Its {@link #toString()} never shows the auth token. */
    record Settings(URI messages, URI calls, String accountSid, String authToken, String authorization, String fromNumber, String webhookBaseUrl,
            Duration timeout) {

        static Settings of(TwilioConfig c) {
            return of(c.baseUrl(), c.accountSid(), c.authToken(), c.fromNumber(), c.webhookBaseUrl(), c.timeoutMillis());
        }

        /** Where Twilio posts delivery reports for one delivery, or null without a webhook base. */
        String statusCallbackUrl() {
            return webhookBaseUrl == null ? null : webhookBaseUrl + "/status";
        }

        /** Refuses what cannot work at all (no credentials, no sender, a base URL that is not http(s)); warns about the rest. */
        static Settings of(String baseUrl, String accountSid, String authToken, String fromNumber, String webhookBaseUrl,
                int timeoutMillis) {
            String sid = trim(accountSid);
            String token = trim(authToken);
            String from = trim(fromNumber);
            if (sid.isEmpty() || token.isEmpty()) {
                throw new IllegalArgumentException("Twilio needs accountSid and authToken in " + TwilioConfig.PID + ".cfg");
            }
            if (from.isEmpty()) {
                throw new IllegalArgumentException("Twilio needs fromNumber (E.164, e.g. +14055550123) in " + TwilioConfig.PID + ".cfg");
            }
            if (!E164.matcher(from).matches()) {
                // a short code or an alphanumeric sender may be allowed on the account: let Twilio decide
                LOG.warn("Twilio fromNumber {} is not an E.164 number (+ and up to 15 digits): Twilio may refuse every text", LogProvider.mask(from));
            }
            URI base = httpUri(trim(baseUrl).replaceAll("/+$", ""), "baseUrl");
            if ("http".equals(base.getScheme()) && !isLoopback(base.getHost())) {
                LOG.warn("Twilio baseUrl {} is not https: the auth token would cross the network in clear", base);
            }
            String webhooks = trim(webhookBaseUrl).replaceAll("/+$", "");
            if (webhooks.isEmpty()) {
                LOG.warn("Twilio webhookBaseUrl is not set in {}.cfg: no delivery reports, and replies (STOP) are refused", TwilioConfig.PID);
            } else {
                try {
                    httpUri(webhooks, "webhookBaseUrl");
                    if (webhooks.endsWith("/sms") || webhooks.endsWith("/status")) {
                        LOG.warn("Twilio webhookBaseUrl {} names one webhook; it should end in /api/messaging/webhooks", webhooks);
                    }
                } catch (IllegalArgumentException e) {
                    // Twilio would refuse every text with 21609; better send without status reports
                    LOG.warn("{}: sending without status reports, and replies are refused", e.getMessage());
                    webhooks = "";
                }
            }
            String account = base + "/" + API_VERSION + "/Accounts/" + URLEncoder.encode(sid, StandardCharsets.UTF_8);
            String authorization = "Basic " + Base64.getEncoder().encodeToString((sid + ":" + token).getBytes(StandardCharsets.UTF_8));
            return new Settings(URI.create(account + "/Messages.json"), URI.create(account + "/Calls.json"), sid, token, authorization, from,
                    webhooks.isEmpty() ? null : webhooks, Duration.ofMillis(Math.max(1000, timeoutMillis)));
        }

        @Override
        public String toString() { // never the token
            return "account " + accountSid + " at " + messages.getScheme() + "://" + messages.getAuthority() + ", from "
                    + LogProvider.mask(fromNumber) + (webhookBaseUrl == null ? ", no webhooks" : ", webhooks at " + webhookBaseUrl)
                    + ", timeout " + timeout.toMillis() + " ms";
        }

        private static URI httpUri(String value, String name) {
            try {
                URI uri = new URI(value);
                if (!("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                    throw new IllegalArgumentException("Twilio " + name + " '" + value + "' is not an absolute http(s) URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Twilio " + name + " '" + value + "' is not a URL: " + e.getReason());
            }
        }

        private static boolean isLoopback(String host) {
            return "localhost".equalsIgnoreCase(host) || host.startsWith("127.") || "[::1]".equals(host);
        }

        private static String trim(String value) {
            return value == null ? "" : value.trim();
        }
    }

    /** The settings and the client built for them, swapped together when the configuration changes. */
    private record Setup(Settings settings, HttpClient http) {
        static Setup of(Settings settings) {
            return new Setup(settings, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build());
        }
    }

    private volatile Setup setup;

    /** Keys an older configuration may still carry, and what replaced them. */
    static final Map<String, String> RETIRED_KEYS = Map.of("statusCallbackUrl", "webhookBaseUrl (status reports go to {webhookBaseUrl}/status)");

    @Activate
    public TwilioProvider(TwilioConfig config, Map<String, Object> properties) {
        this(Settings.of(config));
        warnRetired(properties);
        LOG.info("Twilio provider ready: {}", setup.settings());
    }

    private static void warnRetired(Map<String, Object> properties) {
        RETIRED_KEYS.forEach((key, instead) -> {
            if (properties.containsKey(key)) {
                LOG.warn("{} in {}.cfg is no longer read: use {}", key, TwilioConfig.PID, instead);
            }
        });
    }

    /** For tests: a provider pointed at a local server. */
    TwilioProvider(Settings settings) {
        this.setup = Setup.of(settings);
    }

    @Modified
    void modified(TwilioConfig config, Map<String, Object> properties) {
        setup = Setup.of(Settings.of(config));
        warnRetired(properties);
        LOG.info("Twilio settings changed: {}", setup.settings());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public ProviderResult send(OutboundText text) throws ProviderException {
        Setup current = setup;
        Settings s = current.settings();
        String channel = text.channel() == null ? "" : text.channel().trim().toLowerCase(Locale.ROOT);
        boolean voice = channel.equals("voice");
        if (!voice && !channel.equals("sms")) {
            throw new ProviderException("Twilio cannot send a '" + text.channel() + "' message: only sms and voice", false, null);
        }
        String what = (voice ? "call to " : "text to ") + LogProvider.mask(text.to());
        if (text.to() == null || text.to().isBlank()) {
            throw new ProviderException("The " + (voice ? "call" : "text") + " has no number to go to", false, null);
        }
        if (text.body() == null || text.body().isBlank()) {
            throw new ProviderException("The " + what + " has nothing to say: its " + (voice ? "script" : "text") + " is empty", false, null);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", text.to().trim());
        form.put("From", s.fromNumber());
        if (voice) {
            form.put("Twiml", twiml(text.body(), text.language()));
        } else {
            form.put("Body", text.body());
        }
        if (s.statusCallbackUrl() != null) {
            form.put("StatusCallback", statusCallback(s.statusCallbackUrl(), text.reference()));
        }
        HttpRequest request = HttpRequest.newBuilder(voice ? s.calls() : s.messages())
                .timeout(s.timeout())
                .header("Authorization", s.authorization())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncoded(form), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = current.http().send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ProviderException("Twilio did not answer the " + what + " within " + s.timeout().toMillis() + " ms", true, null);
        } catch (IOException e) {
            throw new ProviderException("Twilio could not be reached for the " + what + ": " + describe(e), true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("The " + what + " was interrupted before Twilio answered", true, null);
        }
        ProviderResult result = answer(response, what);
        LOG.debug("Twilio accepted the {} (reference {}) as {}, {}", what, text.reference(), result.providerId(), result.status());
        return result;
    }

    /**
     * A webhook call is Twilio's when its {@code X-Twilio-Signature} matches the public URL it was sent to
     * ({@code webhookBaseUrl} + {@code /sms} or {@code /status}, with the query as it arrived) and its form fields,
     * signed with this account's auth token, checked as Twilio's own RequestValidator checks it.
     */
    @Override
    public WebhookCheck checkWebhook(WebhookCall call) {
        Settings s = setup.settings();
        if (s.webhookBaseUrl() == null) {
            return WebhookCheck.refused("webhookBaseUrl is not set in " + TwilioConfig.PID + ".cfg, so no webhook call can be checked");
        }
        String url = s.webhookBaseUrl() + "/" + call.webhook() + (call.rawQuery() == null || call.rawQuery().isEmpty() ? "" : "?" + call.rawQuery());
        return WebhookSignature.check(s.authToken(), url, call.form(), call.header("X-Twilio-Signature"));
    }

    /** Twilio's answer: the resource it created, or why not. */
    static ProviderResult answer(HttpResponse<String> response, String what) throws ProviderException {
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 200 && status < 300) {
            String sid = text(json, "sid");
            if (sid == null) {
                // accepted, but which resource? Not retryable: a second attempt could text the family twice
                throw new ProviderException("Twilio accepted the " + what + " (HTTP " + status + ") but its answer names no sid:"
                        + " it may have been sent", false, null);
            }
            String state = text(json, "status");
            return new ProviderResult(sid, state == null ? "queued" : state);
        }
        String detail = detail(json, status);
        if (status == 429) {
            Integer after = retryAfter(response);
            throw ProviderException.throttled("Twilio is rate limiting the account (" + detail + ")"
                    + (after == null ? "" : ": retry after " + after + " s"), after);
        }
        if (status >= 500 || status == 408) {
            throw new ProviderException("Twilio could not take the " + what + " right now (" + detail + ")", true, retryAfter(response));
        }
        if (status == 401 || status == 403) {
            throw new ProviderException("Twilio refused the account's credentials for the " + what + " (" + detail + "):"
                    + " check accountSid and authToken in " + TwilioConfig.PID + ".cfg", false, null);
        }
        if (status >= 400) {
            throw new ProviderException("Twilio refused the " + what + ": " + detail, false, null);
        }
        throw new ProviderException("Twilio answered the " + what + " with an unexpected HTTP " + status + ": check baseUrl", false, null);
    }

    /** e.g. "The 'To' number is not a valid phone number. (Twilio error 21211, HTTP 400)"; numbers in it masked. */
    private static String detail(JsonNode json, int status) {
        String message = text(json, "message");
        String code = text(json, "code");
        String where = (code == null ? "" : "Twilio error " + code + ", ") + "HTTP " + status;
        if (message == null || message.isBlank()) {
            return where;
        }
        String masked = NUMBER_IN_TEXT.matcher(message.strip()).replaceAll(m -> LogProvider.mask(m.group()));
        return cut(masked) + " (" + where + ")";
    }

    /** Seconds from {@code Retry-After}: a number of seconds or an HTTP date; null when absent or unreadable. */
    static Integer retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").map(String::trim).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : (int) Math.min(seconds, Integer.MAX_VALUE);
        } catch (NumberFormatException notSeconds) {
            try {
                long seconds = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)).toSeconds();
                return (int) Math.max(0, Math.min(seconds, Integer.MAX_VALUE));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** {@code <Response><Say language="es-MX|en-US">script</Say></Response>}, the script XML-escaped. */
    static String twiml(String script, String language) {
        return "<Response><Say language=\"" + sayLanguage(language) + "\">" + xmlText(script) + "</Say></Response>";
    }

    /** Spanish (es, es-MX, es_US…) is read in Mexican Spanish, everything else in US English. */
    static String sayLanguage(String language) {
        String l = language == null ? "" : language.trim().toLowerCase(Locale.ROOT);
        return l.equals("es") || l.startsWith("es-") || l.startsWith("es_") ? "es-MX" : "en-US";
    }

    /** Escapes &amp;, &lt; and &gt;, and drops characters XML 1.0 cannot carry (control characters but tab and line ends). */
    static String xmlText(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> {
                    if (cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000) {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }

    /** The configured callback with {@code reference=<our delivery id>} added, so status reports name the delivery. */
    static String statusCallback(String url, String reference) {
        if (reference == null || reference.isBlank()) {
            return url;
        }
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        return base + (base.contains("?") ? "&" : "?") + "reference=" + URLEncoder.encode(reference, StandardCharsets.UTF_8);
    }

    static String formEncoded(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null; // an HTML error page from a proxy, say: the status code still tells what happened
        }
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json == null ? null : json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : " (" + cut(message) + ")");
    }

    private static String cut(String text) {
        return text.length() <= 300 ? text : text.substring(0, 299) + "…";
    }
}
