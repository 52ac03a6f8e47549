package org.homeroom.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The distribution run as the operator runs it ({@code bin/karaf server}, a separate process), for what
 * Pax Exam cannot do: restart its container (RestartIT) or serve a browser from a plain JUnit test
 * (ConsoleIT). Each instance unpacks the zip the build just made into its own folder under target/ and
 * gets its own ports, away from a running demo, the Pax Exam containers and the other instances.
 */
final class KarafProcess {

    final Path home;
    final int httpPort;
    private final Path folder;
    private Process launcher;
    private Thread killOnExit;

    /** Unpacks a fresh runtime into {@code target/<folder>} (any previous one is deleted: a fresh database) and sets its ports. */
    KarafProcess(String folder, int httpPort, int sshPort, int rmiRegistryPort, int rmiServerPort) throws IOException {
        this.folder = Path.of("target", folder);
        this.httpPort = httpPort;
        if (Files.exists(this.folder)) {
            deleteTree(this.folder);
        }
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(Path.of(System.getProperty("homeroom.distribution"))))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path out = this.folder.resolve(e.getName()).normalize();
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> dirs = Files.list(this.folder)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow().toAbsolutePath();
        }
        // the zip does not keep the executable bit
        home.resolve("bin/karaf").toFile().setExecutable(true);
        home.resolve("bin/setenv").toFile().setExecutable(true);
        setProperty("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort));
        setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(rmiRegistryPort));
        setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(rmiServerPort));
    }

    /** Sets one key of a Karaf .cfg file, replacing any existing line for it. */
    void setProperty(String file, String key, String value) throws IOException {
        Path path = home.resolve(file);
        List<String> lines = Files.exists(path) ? Files.readAllLines(path) : List.of();
        List<String> kept = lines.stream().filter(l -> !l.trim().startsWith(key + " ") && !l.trim().startsWith(key + "=")).toList();
        Files.write(path, Stream.concat(kept.stream(), Stream.of(key + " = " + value)).toList());
    }

    /**
     * Starts {@code bin/karaf server} (output to {@code console.log} in the runtime) and waits until health
     * is 200 (Karaf has installed its boot features) and the platform resources answer: whiteboard
     * registrations are asynchronous and independent, so each one used is awaited.
     */
    void start() throws IOException {
        // a boot on a loaded 2-core machine (other checkouts running their itests) has taken 140 s
        start(240_000);
    }

    /** {@link #start()} with a longer wait for each step (TwoNodesIT boots two on a machine shared with builds). */
    void start(long timeoutMillis) throws IOException {
        launch();
        HomeroomTestSupport.await("container " + home + ": /health 200", timeoutMillis, () -> call("GET", "/health", null, null), a -> a.status() == 200);
        for (String path : List.of("/sites?limit=1", "/admin/modules", "/audit?limit=1")) {
            HomeroomTestSupport.await("container " + home + ": " + path, timeoutMillis, () -> call("GET", path, "admin", null), a -> a.status() == 200);
        }
    }

    /** Starts {@code bin/karaf server} and returns at once (ReadinessIT watches it come up). */
    void launch() throws IOException {
        launcher = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile())
                .start();
        // a test JVM that dies (or is stopped by failsafe) must not leave a container holding the ports
        killOnExit = new Thread(() -> launcher.descendants().forEach(ProcessHandle::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    boolean running() {
        return launcher != null;
    }

    /**
     * Stops the JVM the launcher started, gracefully or with SIGKILL like a power cut. The launcher script
     * runs the JVM as its child (not exec), so killing only the script would leave the JVM running.
     */
    void stop(boolean hard) throws InterruptedException {
        List<ProcessHandle> jvms = launcher.descendants().toList();
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
        launcher.destroy();
        launcher.waitFor();
        launcher = null;
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    /** A runtime folder is ~125 MB: never leave one behind. */
    void delete() throws IOException {
        deleteTree(folder);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    String url(String path) {
        return "http://localhost:" + httpPort + path;
    }

    /** A call to {@code /api}{@code path}; {@code user} as in {@link HomeroomTestSupport#callUrl}. */
    HomeroomTestSupport.Answer call(String method, String path, String user, String body) {
        return HomeroomTestSupport.callUrl(method, url("/api" + path), user, body, "application/json");
    }
}
