package org.homeroom.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A local server speaking the part of the provider's (Twilio's) HTTP API the messaging adapter uses: every
 * text or call it is asked for is kept as its form fields and answered 201 with a sid, after
 * {@link #delayMillis} (to catch a send in the middle).
 */
final class LocalTextProvider implements AutoCloseable {

    /** One entry per request, in arrival order. */
    final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    volatile long delayMillis;
    private final HttpServer server;

    private LocalTextProvider(int port, String accountSid) throws IOException {
        // otherwise the JDK's server waits for the client's delayed ACK between headers and body (~40 ms a text)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/2010-04-01/Accounts/" + accountSid + "/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(MessagingIT.form(body));
            byte[] answer = ("{\"sid\":\"SM" + received.size() + "\",\"status\":\"queued\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // answers requests in parallel, as a provider does
        server.start();
    }

    static LocalTextProvider start(int port, String accountSid) throws IOException {
        return new LocalTextProvider(port, accountSid);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
