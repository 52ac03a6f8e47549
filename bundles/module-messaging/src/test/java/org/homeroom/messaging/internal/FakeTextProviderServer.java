package org.homeroom.messaging.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for Twilio's REST API (JDK only, for unit tests and itests): a server on a free
 * loopback port that answers {@code POST /2010-04-01/Accounts/{sid}/Messages.json} and {@code .../Calls.json}
 * like Twilio does, and can play Twilio's webhooks back at us.
 *
 * <ul>
 * <li>Every request is recorded ({@link #requests()}): method, path, the Basic auth user and password,
 * the form fields decoded.</li>
 * <li>Wrong credentials get 401 with code 20003; an unknown path 404 with code 20404; otherwise 201
 * with {@code {"sid":"SM…"|"CA…","status":"queued",…}}.</li>
 * <li>The next N requests can be made to fail: {@link #rateLimitNext} (429 + {@code Retry-After}),
 * {@link #serverErrorNext} (500), {@link #invalidNumberNext} (400, code 21211), {@link #stallNext}
 * (answer late), or anything with {@link #answerNext}.</li>
 * <li>{@link #post} sends a webhook (a status callback, an inbound text) to a URL, form-encoded and
 * signed with {@code X-Twilio-Signature} as Twilio does; {@link #reportStatus} sends a status to the
 * {@code StatusCallback} a message or call was created with.</li>
 * </ul>
 */
public final class FakeTextProviderServer implements AutoCloseable {

    /** One request as the server received it. */
    public record Recorded(String method, String path, String user, String password, Map<String, String> form) {

        public String field(String name) {
            return form.get(name);
        }
    }

    /** What a webhook receiver answered. */
    public record Answer(int status, String body) {
    }

    private record Planned(int status, Map<String, String> headers, String body, long delayMillis) {
    }

    private static final Pattern RESOURCE = Pattern.compile("/2010-04-01/Accounts/([^/]+)/(Messages|Calls)\\.json");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String accountSid;
    private final String authToken;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<Planned> planned = Collections.synchronizedList(new ArrayList<>());
    /** sid → the request that created it, for {@link #reportStatus}. */
    private final Map<String, Recorded> created = new ConcurrentHashMap<>();

    /** Starts the server for an account: requests must authenticate as {@code accountSid:authToken}. */
    public FakeTextProviderServer(String accountSid, String authToken) throws IOException {
        this.accountSid = Objects.requireNonNull(accountSid);
        this.authToken = Objects.requireNonNull(authToken);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fake-text-provider");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** e.g. http://127.0.0.1:41234: the provider's {@code baseUrl}. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    public String accountSid() {
        return accountSid;
    }

    public String authToken() {
        return authToken;
    }

    /** Every request so far, oldest first. */
    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** The newest request; fails when there was none. */
    public Recorded lastRequest() {
        List<Recorded> all = requests();
        if (all.isEmpty()) {
            throw new IllegalStateException("no request reached the fake text provider");
        }
        return all.get(all.size() - 1);
    }

    public void clear() {
        requests.clear();
        planned.clear();
        created.clear();
    }

    // ---------------------------------------------------------------- planned failures

    /** The next {@code n} requests get 429 with {@code Retry-After: retryAfterSeconds} (negative: no header). */
    public void rateLimitNext(int n, int retryAfterSeconds) {
        answerNext(n, 429, retryAfterSeconds < 0 ? Map.of() : Map.of("Retry-After", String.valueOf(retryAfterSeconds)),
                error(20429, "Too Many Requests", 429));
    }

    /** The next {@code n} requests get 500. */
    public void serverErrorNext(int n) {
        answerNext(n, 500, Map.of(), error(20500, "An internal server error has occurred", 500));
    }

    /** The next {@code n} requests get 400 with Twilio's 21211 (the 'To' number is not valid). */
    public void invalidNumberNext(int n) {
        answerNext(n, 400, Map.of(), error(21211, "The 'To' number is not a valid phone number.", 400));
    }

    /** The next {@code n} requests are answered normally, but only after {@code delayMillis}. */
    public void stallNext(int n, long delayMillis) {
        for (int i = 0; i < n; i++) {
            planned.add(new Planned(0, Map.of(), null, delayMillis));
        }
    }

    /** The next {@code n} requests get this status, headers and JSON body. */
    public void answerNext(int n, int status, Map<String, String> headers, String json) {
        for (int i = 0; i < n; i++) {
            planned.add(new Planned(status, Map.copyOf(headers), json, 0));
        }
    }

    private static String error(int code, String message, int status) {
        return "{\"code\":" + code + ",\"message\":" + json(message) + ",\"more_info\":\"https://www.twilio.com/docs/errors/" + code
                + "\",\"status\":" + status + "}";
    }

    // ---------------------------------------------------------------- the API

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String[] credentials = basic(exchange.getRequestHeaders().getFirst("Authorization"));
            Recorded request = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), credentials[0],
                    credentials[1], Collections.unmodifiableMap(form(body)));
            requests.add(request);

            Matcher resource = RESOURCE.matcher(request.path());
            if (!"POST".equals(request.method()) || !resource.matches()) {
                respond(exchange, 404, Map.of(), error(20404, "The requested resource " + request.path() + " was not found", 404));
                return;
            }
            if (!accountSid.equals(request.user()) || !authToken.equals(request.password()) || !accountSid.equals(resource.group(1))) {
                respond(exchange, 401, Map.of("WWW-Authenticate", "Basic realm=\"Twilio API\""), error(20003, "Authenticate", 401));
                return;
            }
            Planned plan;
            synchronized (planned) {
                plan = planned.isEmpty() ? null : planned.remove(0);
            }
            if (plan != null && plan.delayMillis() > 0) {
                try {
                    Thread.sleep(plan.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // closing
                }
            }
            if (plan != null && plan.status() != 0) {
                respond(exchange, plan.status(), plan.headers(), plan.body());
                return;
            }
            boolean call = resource.group(2).equals("Calls");
            String sid = (call ? "CA" : "SM") + HexFormat.of().formatHex(randomBytes(16));
            created.put(sid, request);
            respond(exchange, 201, Map.of(), call ? callJson(sid, request) : messageJson(sid, request));
        }
    }

    private String messageJson(String sid, Recorded r) {
        return "{\"sid\":" + json(sid) + ",\"account_sid\":" + json(accountSid) + ",\"to\":" + json(r.field("To")) + ",\"from\":"
                + json(r.field("From")) + ",\"body\":" + json(r.field("Body")) + ",\"status\":\"queued\",\"direction\":\"outbound-api\""
                + ",\"api_version\":\"2010-04-01\",\"num_segments\":\"1\",\"num_media\":\"0\",\"error_code\":null,\"error_message\":null"
                + ",\"price\":null,\"uri\":" + json("/2010-04-01/Accounts/" + accountSid + "/Messages/" + sid + ".json") + "}";
    }

    private String callJson(String sid, Recorded r) {
        return "{\"sid\":" + json(sid) + ",\"account_sid\":" + json(accountSid) + ",\"to\":" + json(r.field("To")) + ",\"from\":"
                + json(r.field("From")) + ",\"status\":\"queued\",\"direction\":\"outbound-api\",\"api_version\":\"2010-04-01\""
                + ",\"duration\":null,\"price\":null,\"uri\":" + json("/2010-04-01/Accounts/" + accountSid + "/Calls/" + sid + ".json") + "}";
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String json) throws IOException {
        byte[] bytes = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ---------------------------------------------------------------- webhooks

    /**
     * Posts a webhook to {@code url} as Twilio does: the parameters form-encoded, signed with
     * {@code X-Twilio-Signature} over the full URL and the sorted parameters, keyed with the auth token.
     */
    public Answer post(String url, Map<String, String> params) throws IOException, InterruptedException {
        return post(url, params, WebhookSignature.sign(authToken, url, params));
    }

    /** Posts a webhook with the signature given (null: none), e.g. to check that a forgery is refused. */
    public Answer post(String url, Map<String, String> params, String signature) throws IOException, InterruptedException {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .header("User-Agent", "TwilioProxy/1.1")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Twilio-Signature", signature);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * Reports a new status (sent, delivered, undelivered, failed; for calls completed, busy, no-answer…)
     * of a message or call this server created, to the {@code StatusCallback} it was created with.
     */
    public Answer reportStatus(String sid, String status) throws IOException, InterruptedException {
        return reportStatus(sid, status, null);
    }

    /** As {@link #reportStatus(String, String)}, with Twilio's error code for a failed or undelivered message. */
    public Answer reportStatus(String sid, String status, String errorCode) throws IOException, InterruptedException {
        Recorded request = created.get(sid);
        if (request == null) {
            throw new IllegalArgumentException("this server created no message or call " + sid);
        }
        String callback = request.field("StatusCallback");
        if (callback == null) {
            throw new IllegalStateException(sid + " was created without a StatusCallback");
        }
        return statusCallback(callback, sid, status, errorCode, request.field("To"), request.field("From"));
    }

    /** A status callback as Twilio posts it: MessageSid/MessageStatus for SM…, CallSid/CallStatus for CA…. */
    public Answer statusCallback(String url, String sid, String status, String errorCode, String to, String from)
            throws IOException, InterruptedException {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("AccountSid", accountSid);
        params.put("ApiVersion", "2010-04-01");
        if (sid.startsWith("CA")) {
            params.put("CallSid", sid);
            params.put("CallStatus", status);
            params.put("Direction", "outbound-api");
        } else {
            params.put("MessageSid", sid);
            params.put("SmsSid", sid);
            params.put("MessageStatus", status);
            params.put("SmsStatus", status);
        }
        putIfSet(params, "To", to);
        putIfSet(params, "From", from);
        putIfSet(params, "ErrorCode", errorCode);
        return post(url, params);
    }

    /** An inbound text from a family ({@code from}) to our number ({@code to}), as Twilio posts it to the messaging webhook. */
    public Answer inbound(String url, String from, String to, String body) throws IOException, InterruptedException {
        String sid = "SM" + HexFormat.of().formatHex(randomBytes(16));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("ToCountry", "US");
        params.put("SmsMessageSid", sid);
        params.put("NumMedia", "0");
        params.put("SmsSid", sid);
        params.put("SmsStatus", "received");
        params.put("Body", body);
        params.put("To", to);
        params.put("NumSegments", "1");
        params.put("MessageSid", sid);
        params.put("AccountSid", accountSid);
        params.put("From", from);
        params.put("ApiVersion", "2010-04-01");
        return post(url, params);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- helpers

    /** {user, password} of a Basic header, or {null, null}. */
    private static String[] basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new String[] {null, null};
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? new String[] {decoded, null} : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return new String[] {null, null};
        }
    }

    /** Decoded form fields in their order; a repeated name keeps its last value. */
    static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    private static void putIfSet(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A JSON string literal (or null). */
    static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
