package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the real Homeroom distribution (the zip the build just made) and talks to it over HTTP, as a
 * school site would. The container gets its own ports and resolves only from the local repository.
 */
public abstract class HomeroomTestSupport {

    /** Added to every port the itests open, so two checkouts can run their itests at once ({@code -Ditest.port.offset=1000}). */
    static final int PORT_OFFSET = Integer.getInteger("itest.port.offset", 0);
    static final String PORT = String.valueOf(port(Integer.parseInt(System.getProperty("itest.http.port", "18181"))));
    static final String BASE = "http://localhost:" + PORT + "/api";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A port the itests use, moved by {@link #PORT_OFFSET}. */
    static int port(int base) {
        return base + PORT_OFFSET;
    }

    @Configuration
    public Option[] config() {
        String localRepo = System.getProperty("org.ops4j.pax.url.mvn.localRepository", System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration()
                    // the zip this build just made, by file: `mvn verify` works without installing it first
                    .frameworkUrl(new File(System.getProperty("homeroom.distribution")).toURI().toString())
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            vmOption("-Djdk.util.zip.disableZip64ExtraFieldValidation=true"),
            vmOption("-Xmx512m"),
            vmOption("-Duser.timezone=UTC"),
            // the test methods run inside the container: they must compute the same ports
            systemProperty("itest.port.offset").value(String.valueOf(PORT_OFFSET)),
            systemProperty("itest.http.port").value(System.getProperty("itest.http.port", "18181")),
            // Pax Exam installs the probe while Karaf still starts its boot features; its extender, invoker and
            // service lookups wait only 10 s by default, and on a loaded machine (2 cores, several containers)
            // they give up and leave the test JVM waiting forever: wait as long as a boot can take
            systemProperty("pax.exam.service.timeout").value("180000"),
            systemProperty("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT").value("180000"),
            systemProperty("org.ops4j.pax.exam.invoker.junit.internal.JUnitProbeInvokerFactory.DEFAULT_TIMEOUT").value("180000"),
            systemProperty("org.ops4j.pax.swissbox.tracker.ServiceLookup.DEFAULT_TIMEOUT").value("180000"),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", PORT),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(port(11099))),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(port(44445))),
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(port(18101))),
            // fully offline: the distribution's system/ folder plus the build's local repository (Pax Exam's own bundles)
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            // small enough to test the limit with a small body
            editConfigurationFilePut("etc/org.homeroom.openrecords.cfg", "maxFileBytes", "100000"),
        };
    }

    /** An HTTP answer with its JSON body parsed. */
    record Answer(int status, String contentType, String body, JsonNode json) {
        Answer expect(int expected) {
            assertEquals("status of " + body, expected, status);
            return this;
        }

        /** Asserts an RFC 9457 problem with this status, and returns it. */
        Answer problem(int expected) {
            expect(expected);
            assertTrue("content type " + contentType, contentType != null && contentType.startsWith("application/problem+json"));
            assertEquals(expected, json.get("status").asInt());
            assertTrue("problem needs a title: " + body, json.hasNonNull("title"));
            assertTrue("problem needs a detail: " + body, json.hasNonNull("detail"));
            return this;
        }

        String detail() {
            return json.get("detail").asText();
        }
    }

    static Answer call(String method, String path, String user, String body) {
        return call(method, path, user, body, "application/json");
    }

    static Answer call(String method, String path, String user, String body, String contentType) {
        return callUrl(method, BASE + path, user, body, contentType);
    }

    /** @param url the whole address (for a container other than the Pax Exam one) */
    static Answer callUrl(String method, String url, String user, String body, String contentType) {
        return callUrl(method, url, user, body, contentType, "application/json, application/problem+json");
    }

    static Answer callUrl(String method, String url, String user, String body, String contentType, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Accept", accept);
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        if (user != null) {
            String password = user.contains(":") ? "" : ":" + user; // demo users: password = name
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json = text == null || text.isBlank() ? null : parse(text);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), text, json);
        } catch (java.io.IOException e) {
            return new Answer(-1, null, e.toString(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static Answer get(String path, String user) {
        return call("GET", path, user, null);
    }

    /** Polls until the answer satisfies {@code ready} (whiteboard registration is asynchronous); never a fixed sleep. */
    static Answer await(String description, long timeoutMillis, java.util.function.Supplier<Answer> call, Predicate<Answer> ready) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        Answer last = null;
        while (System.nanoTime() < deadline) {
            last = call.get();
            if (ready.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail(description + " did not happen within " + timeoutMillis + " ms; last answer: " + (last == null ? null : last.status() + " " + last.body()));
        return last;
    }

    // ---- operating a module as the admin and as its users (the module kit's itest support) ----

    /**
     * Submits a module operation through the admin API ({@code install}, {@code start}, {@code stop},
     * {@code update}, {@code uninstall}; 202) and follows it to its end; returns the finished operation
     * ({@code state} succeeded or failed, {@code message}). Waits while Karaf boots (503) or while another
     * operation on the module, e.g. the reconciler's, is under way (409).
     */
    static JsonNode operateModule(String moduleId, String action) {
        Answer accepted = await(action + " of " + moduleId + " accepted", 60_000,
                () -> call("POST", "/admin/modules/" + moduleId + "/" + action, "admin", null),
                a -> a.status() != 503 && !(a.status() == 409 && a.body().contains("under way"))).expect(202);
        String id = accepted.json().get("id").asText();
        return await(action + " of " + moduleId, 120_000, () -> get("/admin/operations/" + id, "admin"),
                a -> a.status() == 200 && java.util.List.of("succeeded", "failed").contains(a.json().get("state").asText())).json();
    }

    /** Installs a module from the admin API and waits until it is active; fails with the operation's message otherwise. */
    static JsonNode installModule(String moduleId) {
        JsonNode done = operateModule(moduleId, "install");
        assertEquals("install of " + moduleId + ": " + done, "succeeded", done.get("state").asText());
        return await(moduleId + " active", 60_000, () -> get("/admin/modules/" + moduleId, "admin"),
                a -> a.status() == 200 && "active".equals(a.json().get("state").asText())).json();
    }

    /** Turns a site module on at one site (with optional settings JSON, e.g. {@code {"defaultDays":5}}) as the admin. */
    static void enableForSite(String site, String moduleId, String settingsJson) {
        call("PUT", "/sites/" + site + "/modules/" + moduleId, "admin",
                "{\"enabled\":true" + (settingsJson == null ? "" : ",\"settings\":" + settingsJson) + "}").expect(200);
    }

    /**
     * Calls a module as a user, waiting out the ~1 s in which a just-started module is not yet routed
     * (404 "not installed" / "stopped"); returns the first other answer.
     */
    static Answer asUser(String user, String method, String path, String body) {
        return await(method + " " + path + " as " + user, 30_000, () -> call(method, path, user, body),
                a -> !(a.status() == 404 && a.body() != null && (a.body().contains("is installed") || a.body().contains("stopped"))));
    }

    /** A request with extra headers (e.g. Accept-Language), answered raw so a test can read the response headers (Location). */
    static HttpResponse<String> exchange(String method, String path, String user, String body, String... headerPairs) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Accept", "application/json, application/problem+json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            request.header(headerPairs[i], headerPairs[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The platform is ready when its site resource answers and the sample module runs. */
    static void awaitPlatform() {
        // whiteboard registrations are asynchronous and independent: wait for each platform resource used
        // health is 200 only once Karaf has installed its boot features (module operations need that)
        await("health UP", 60_000, () -> get("/health", null), a -> a.status() == 200);
        // /sites/O02 is the last demo site seeded: the tests' sites exist once it does
        for (String path : java.util.List.of("/sites/O02", "/admin/modules", "/audit?limit=1", "/me")) {
            await("platform ready: " + path, 60_000, () -> get(path, "admin"), a -> a.status() == 200);
        }
        // the public health answer names no modules; an admin sees them
        await("announcements running", 60_000, () -> get("/health", "admin"),
                a -> a.status() == 200 && a.body().contains("\"announcements\"") && a.body().contains("active"));
    }
}
