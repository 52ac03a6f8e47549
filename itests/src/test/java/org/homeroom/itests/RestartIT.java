package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.After;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * What only a real restart shows, so the distribution runs here as the operator runs it
 * ({@code bin/karaf server}, a separate process) rather than under Pax Exam, which cannot restart its
 * container: the desired module set survives a restart, and a write acknowledged before
 * {@code kill -9} is still there afterwards.
 */
public class RestartIT {

    private static final String PORT = "18282";
    private static Path home;
    private Process karaf;

    @BeforeClass
    public static void unpack() throws IOException {
        Path target = Path.of("target/restart-it");
        if (Files.exists(target)) {
            deleteTree(target);
        }
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(Path.of(System.getProperty("homeroom.distribution"))))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path out = target.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> dirs = Files.list(target)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow().toAbsolutePath();
        }
        home.resolve("bin/karaf").toFile().setExecutable(true);
        home.resolve("bin/setenv").toFile().setExecutable(true);
        // its own ports, away from a running demo and from the Pax Exam containers
        setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", PORT);
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", "18202");
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11199");
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44545");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path) : List.of();
        List<String> kept = lines.stream().filter(l -> !l.trim().startsWith(key + " ") && !l.trim().startsWith(key + "=")).toList();
        Files.write(path, Stream.concat(kept.stream(), Stream.of(key + " = " + value)).toList());
    }

    private void start() throws IOException {
        karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile())
                .start();
        for (String path : List.of("/sites?limit=1", "/admin/modules", "/audit?limit=1")) {
            HomeroomTestSupport.await("restarted container: " + path, 90_000, () -> call("GET", path, "admin", null), a -> a.status() == 200);
        }
    }

    /** Stops the JVM the launcher started: gracefully, or with SIGKILL like a power cut. */
    private void stop(boolean hard) throws InterruptedException {
        List<ProcessHandle> jvms = karaf.descendants().toList();
        for (ProcessHandle jvm : jvms) {
            if (hard) {
                jvm.destroyForcibly();
            } else {
                jvm.destroy();
            }
        }
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().join();
        }
        karaf.destroy();
        karaf.waitFor();
        karaf = null;
    }

    @After
    public void cleanUp() throws InterruptedException {
        if (karaf != null) {
            stop(true);
        }
    }

    /** A runtime folder is ~125 MB: never leave one behind. */
    @AfterClass
    public static void removeRuntime() throws IOException {
        deleteTree(Path.of("target/restart-it"));
    }

    private static HomeroomTestSupport.Answer call(String method, String path, String user, String body) {
        return HomeroomTestSupport.callUrl(method, "http://localhost:" + PORT + "/api" + path, user, body, "application/json");
    }

    private static JsonNode operate(String moduleId, String action) {
        // 503 while Karaf is still installing its boot features: come back, as a client should
        String id = HomeroomTestSupport.await(action + " accepted", 60_000, () -> call("POST", "/admin/modules/" + moduleId + "/" + action,
                "admin", null), a -> a.status() != 503).expect(202).json().get("id").asText();
        return HomeroomTestSupport.await(action, 60_000, () -> call("GET", "/admin/operations/" + id, "admin", null),
                a -> List.of("succeeded", "failed").contains(a.json().get("state").asText())).json();
    }

    private static String state(String moduleId) {
        return call("GET", "/admin/modules/" + moduleId, "admin", null).expect(200).json().get("state").asText();
    }

    @Test
    public void theDesiredModulesAndAcknowledgedWritesSurviveRestartsAndCrashes() throws Exception {
        start();
        assertEquals("active", state("announcements"));
        JsonNode uninstall = operate("announcements", "uninstall");
        assertEquals(uninstall.toString(), "succeeded", uninstall.get("state").asText());
        JsonNode stop = operate("events", "stop");
        assertEquals(stop.toString(), "succeeded", stop.get("state").asText());
        stop(false);
        // a new node, or a wiped Karaf cache: Karaf forgets its own state and boots its boot features
        // again; only the database remembers what the admin chose
        deleteTree(home.resolve("data/cache"));

        start();
        HomeroomTestSupport.await("desired set back", 30_000, () -> call("GET", "/admin/modules", "admin", null),
                a -> a.body().contains("\"id\":\"events\"") && "stopped".equals(moduleState(a.json(), "events"))
                        && "available".equals(moduleState(a.json(), "announcements")));
        assertEquals("succeeded", operate("announcements", "install").get("state").asText());
        assertEquals("succeeded", operate("events", "start").get("state").asText());

        // acknowledged writes, then a power cut
        call("POST", "/sites", "admin", "{\"code\":\"K9\",\"name\":\"Crash Test Elementary\",\"kind\":\"elementary\"}").expect(201);
        call("PUT", "/sites/K9/modules/announcements", "admin", "{\"enabled\":true}").expect(200);
        long id = call("POST", "/sites/K9/announcements", "admin",
                "{\"titleEn\":\"Still here\",\"titleEs\":\"Sigue aquí\",\"bodyEn\":\"x\",\"bodyEs\":\"x\"}").expect(201).json().get("id").asLong();
        stop(true);

        start();
        assertEquals("Crash Test Elementary", call("GET", "/sites/K9", "admin", null).expect(200).json().get("name").asText());
        JsonNode kept = HomeroomTestSupport.await("module back after crash", 30_000,
                () -> call("GET", "/sites/K9/announcements/" + id, "admin", null), a -> a.status() == 200).json();
        assertEquals("Sigue aquí", kept.get("titleEs").asText());
        assertEquals("active", state("events"));
        assertTrue(call("GET", "/health", null, null).body().contains("\"UP\""));
    }

    private static String moduleState(JsonNode modules, String id) {
        for (JsonNode m : modules) {
            if (id.equals(m.get("id").asText())) {
                return m.get("state").asText();
            }
        }
        return null;
    }
}
