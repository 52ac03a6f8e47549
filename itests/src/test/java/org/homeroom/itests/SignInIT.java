package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.karaf.features.FeaturesService;
import org.junit.Assume;
import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * "No default password reaches the network": the SSH console on 127.0.0.1 only and signing in through the
 * API's realm; demo users only while homeroom-demo runs; wrong passwords throttled per (user, address)
 * without locking the same person out elsewhere. Methods run in name order: the last one removes the demo.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SignInIT extends HomeroomTestSupport {

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    FeaturesService features;

    /** The SSH console runs, as in the distribution (the other itests leave it off); this option must come first. */
    @Configuration
    @Override
    public Option[] config() {
        return OptionUtils.combine(new Option[] {configureConsole().ignoreLocalConsole().startRemoteShell()}, super.config());
    }

    @Before
    public void ready() {
        awaitPlatform();
    }

    @Test
    public void a_theSshConsoleListensOnThisMachineOnlyAndSignsInThroughTheApisRealm() throws Exception {
        assertEquals("127.0.0.1", configAdmin.getConfiguration("org.apache.karaf.shell", null).getProperties().get("sshHost"));
        Object sshRealm = configAdmin.getConfiguration("org.apache.karaf.shell", null).getProperties().get("sshRealm");
        Object apiRealm = configAdmin.getConfiguration("org.homeroom.rest", null).getProperties().get("realm");
        assertEquals("karaf", sshRealm);
        assertEquals("one realm for the API and the console", apiRealm, sshRealm);

        String out = await("the console", 30_000, () -> {
            try {
                return TestSsh.run("127.0.0.1", "admin", "admin", "homeroom:sites -q E01");
            } catch (IOException e) {
                return null;
            }
        });
        assertTrue(out, out.contains("E01"));
        assertFalse("a wrong password opens no console", TestSsh.signsIn("admin", "wrong"));

        Optional<InetAddress> external = externalAddress();
        Assume.assumeTrue("this machine has no non-loopback IPv4 address to try", external.isPresent());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external.get(), TestSsh.PORT), 2_000);
            fail("the console answers on " + external.get().getHostAddress() + ":" + TestSsh.PORT);
        } catch (ConnectException expected) {
            // refused: nothing listens there
        }
        // the API itself listens on every interface, so the address is reachable at all
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external.get(), Integer.parseInt(PORT)), 2_000);
        }
    }

    @Test
    public void b_theShippedUsersFileHasNoUser() throws IOException {
        Properties users = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(System.getProperty("karaf.etc"), "users.properties"))) {
            users.load(in);
        }
        assertEquals("etc/users.properties: " + users, Collections.emptySet(), users.keySet());
    }

    @Test
    public void c_wrongPasswordsMakeThatNameWaitAtThatAddressButNotElsewhere() throws Exception {
        for (int i = 1; i <= 5; i++) {
            assertEquals("wrong password " + i, 401, raw("127.0.0.1", "principal", "guess" + i).status());
        }
        Raw blocked = raw("127.0.0.1", "principal", "guess6");
        assertEquals(429, blocked.status());
        assertTrue(blocked.headers(), blocked.contentType().startsWith("application/problem+json"));
        int retryAfter = Integer.parseInt(blocked.header("Retry-After"));
        assertTrue("Retry-After " + retryAfter, retryAfter > 0 && retryAfter <= 30);
        assertEquals(429, blocked.json().get("status").asInt());
        assertTrue(blocked.body(), blocked.json().get("detail").asText().contains("try again in"));
        // even the right password waits at that address: the guesser cannot test it
        assertEquals(429, raw("127.0.0.1", "principal", "principal").status());
        // the real principal, signing in from another address, is not locked out
        Raw elsewhere = raw("127.0.0.2", "principal", "principal");
        assertEquals(elsewhere.body(), 200, elsewhere.status());
        assertEquals("principal", elsewhere.json().get("name").asText());
        // and other people at the guesser's address still sign in
        assertEquals(200, raw("127.0.0.1", "admin", "admin").status());
    }

    @Test
    public void z_withoutTheDemoFeatureNoKnownPasswordSignsIn() throws Exception {
        // comms is used by no earlier method of this class: its credentials are not in the cache
        features.uninstallFeature("homeroom-demo", java.util.EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        Answer refused = await("demo users gone", 30_000, () -> get("/me", "comms"), a -> a.status() == 401);
        refused.problem(401);
        assertFalse(TestSsh.signsIn("comms", "comms"));
    }

    /** A non-loopback IPv4 address of this machine, if it has one. */
    private static Optional<InetAddress> externalAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    record Raw(int status, String headers, String body) {
        String header(String name) {
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String contentType() {
            return String.valueOf(header("Content-Type"));
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /**
     * GET /api/me with Basic credentials over a socket bound to {@code from}: all of 127.0.0.0/8 is this
     * machine, so the server sees a different client address without another machine.
     */
    private static Raw raw(String from, String user, String password) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(PORT)), 5_000);
            s.setSoTimeout(30_000);
            String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/me HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nAuthorization: Basic " + auth
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String head = response.substring(0, end);
            String body = response.substring(end + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Raw(Integer.parseInt(head.split(" ")[1]), head, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    /** Polls until {@code call} returns non-null. */
    private static <T> T await(String description, long timeoutMillis, java.util.function.Supplier<T> call) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            T value = call.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail(description + " did not answer within " + timeoutMillis + " ms");
        return null;
    }
}
