import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a Twilio-compatible provider, for benches only (JDK alone, run as a source file):
 * {@code java bench/fake-provider/FakeProvider.java PORT [LIMIT_PER_SECOND] [LATENCY_MS]}. It answers
 * {@code POST /2010-04-01/Accounts/{sid}/Messages.json} and {@code .../Calls.json} as the provider does
 * (201 with a {@code sid} and {@code status}), and above {@code LIMIT_PER_SECOND} requests in a second with
 * the provider's 429 (error 20429), so a sender that goes faster than its account allows is told so; every
 * answer comes after {@code LATENCY_MS} (a real provider's API answers in a few hundred milliseconds).
 * {@code GET /stats} gives accepted and refused counts and the time of the first and last acceptance.
 */
public class FakeProvider {

    public static void main(String[] args) throws IOException {
        // without it the JDK's server waits for the client's delayed ACK between headers and body: ~40 ms a request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        long latency = args.length > 2 ? Long.parseLong(args[2]) : 0;
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        long[] window = {0, 0}; // the current second and how many were accepted in it
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(Executors.newCachedThreadPool()); // many requests may wait out their latency at once
        server.createContext("/stats", x -> answer(x, 200, String.format("{\"accepted\":%d,\"refused\":%d,\"firstMillis\":%d,\"lastMillis\":%d}",
                accepted.get(), refused.get(), first.get(), last.get())));
        server.createContext("/2010-04-01/Accounts/", x -> {
            try (InputStream in = x.getRequestBody()) {
                in.readAllBytes();
            }
            if (latency > 0) {
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String path = x.getRequestURI().getPath();
            if (!"POST".equals(x.getRequestMethod()) || !(path.endsWith("/Messages.json") || path.endsWith("/Calls.json"))) {
                answer(x, 404, "{\"code\":20404,\"message\":\"The requested resource was not found\",\"status\":404}");
                return;
            }
            long now = System.currentTimeMillis();
            boolean ok;
            synchronized (window) {
                if (now / 1000 != window[0]) {
                    window[0] = now / 1000;
                    window[1] = 0;
                }
                ok = limit <= 0 || window[1] < limit;
                if (ok) {
                    window[1]++;
                }
            }
            if (!ok) {
                refused.incrementAndGet();
                answer(x, 429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}");
                return;
            }
            long n = accepted.incrementAndGet();
            first.compareAndSet(0, now);
            last.set(now);
            String kind = path.endsWith("/Calls.json") ? "CA" : "SM";
            answer(x, 201, String.format("{\"sid\":\"%s%032x\",\"status\":\"queued\"}", kind, n));
        });
        server.start();
        System.out.println("fake provider on port " + port + (limit > 0 ? ", " + limit + " requests/s" : ", no limit") + ", " + latency + " ms an answer");
    }

    private static void answer(HttpExchange x, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, body.length);
        x.getResponseBody().write(body);
        x.close();
    }
}
