package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/** Runtime module management through the admin API, in the real container. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ModulesIT extends HomeroomTestSupport {

    @Inject
    FeaturesService features;

    @Inject
    BundleContext bundleContext;

    @Before
    public void ready() {
        awaitPlatform();
        await("events running", 60_000, () -> get("/events", "comms"), a -> a.status() == 200);
    }

    /** Submits an operation (202) and follows it to its end. */
    static JsonNode operate(String moduleId, String action) {
        // 503 while Karaf boots, 409 while another operation on the module (e.g. the reconciler's) runs: a client waits
        Answer accepted = await(action + " accepted", 60_000, () -> call("POST", "/admin/modules/" + moduleId + "/" + action, "admin", null),
                a -> a.status() != 503 && !(a.status() == 409 && a.body().contains("under way"))).expect(202);
        String id = accepted.json().get("id").asText();
        return await(action + " of " + moduleId, 60_000, () -> get("/admin/operations/" + id, "admin"),
                a -> a.status() == 200 && List.of("succeeded", "failed").contains(a.json().get("state").asText())).json();
    }

    static JsonNode module(String id) {
        return get("/admin/modules/" + id, "admin").expect(200).json();
    }

    @Test
    public void theLifecycleKeepsDataAndNeverDisturbsTheOtherModule() {
        call("PUT", "/sites/E06/modules/announcements", "admin", "{\"enabled\":true,\"settings\":{\"defaultDays\":9}}").expect(200);
        long id = call("POST", "/sites/E06/announcements", "comms",
                "{\"titleEn\":\"Band concert\",\"titleEs\":\"Concierto\",\"bodyEn\":\"7 pm\",\"bodyEs\":\"7 pm\"}").expect(201).json().get("id").asLong();

        JsonNode listed = module("announcements");
        assertEquals("active", listed.get("state").asText());
        assertEquals("SITE", listed.get("scope").asText());
        assertTrue(listed.get("enabledSites").toString().contains("E06"));
        assertEquals("org.homeroom.module-announcements", listed.get("bundles").get(0).get("symbolicName").asText());

        assertEquals("succeeded", operate("announcements", "stop").get("state").asText());
        Answer stopped = get("/sites/E06/announcements", "comms").problem(404);
        assertTrue(stopped.detail(), stopped.detail().contains("stopped"));
        assertEquals("stopped", module("announcements").get("state").asText());
        get("/events", "comms").expect(200);

        assertEquals("succeeded", operate("announcements", "start").get("state").asText());
        get("/sites/E06/announcements/" + id, "comms").expect(200);

        JsonNode uninstalled = operate("announcements", "uninstall");
        assertEquals(uninstalled.toString(), "succeeded", uninstalled.get("state").asText());
        assertTrue(get("/sites/E06/announcements", "comms").problem(404).detail().contains("No module 'announcements' is installed"));
        JsonNode gone = module("announcements");
        assertEquals("available", gone.get("state").asText());
        assertEquals("absent", gone.get("desired").asText());
        get("/events", "comms").expect(200);

        assertEquals("succeeded", operate("announcements", "install").get("state").asText());
        // same data, same per-site setting: uninstalling never drops a module's tables
        assertEquals("Concierto", get("/sites/E06/announcements/" + id, "comms").expect(200).json().get("titleEs").asText());
        assertEquals(9, get("/sites/E06/modules/announcements", "comms").json().get("settings").get("defaultDays").asInt());
        assertEquals("started", module("announcements").get("desired").asText());

        assertEquals("succeeded", operate("announcements", "update").get("state").asText());
        get("/sites/E06/announcements/" + id, "comms").expect(200);

        List<String> actions = get("/audit?entity=module&entityId=announcements&limit=100", "admin").json().get("items").findValuesAsText("action");
        for (String a : List.of("module.stop.succeeded", "module.start.succeeded", "module.uninstall.succeeded",
                "module.install.succeeded", "module.update.succeeded", "module.desired.absent")) {
            assertTrue(a + " in " + actions, actions.contains(a));
        }
    }

    @Test
    public void requestsThatMakeNoSenseGetAClearAnswer() {
        assertTrue(call("POST", "/admin/modules/payroll/install", "admin", null).problem(404).detail().contains("payroll"));
        assertTrue(call("POST", "/admin/modules/events/install", "admin", null).problem(409).detail().contains("already installed"));
        call("POST", "/admin/modules/events/install?version=9.9.9", "admin", null).problem(409);
        call("POST", "/admin/modules/events/frobnicate", "admin", null).problem(404);
        call("POST", "/admin/modules/events/stop", "comms", null).problem(403);
        call("POST", "/admin/modules/events/stop", null, null).problem(401);
        get("/admin/operations/no-such-operation", "admin").problem(404);

        // never two operations at once on one module: the second is refused while the first runs
        Answer first = call("POST", "/admin/modules/events/update", "admin", null).expect(202);
        Answer second = call("POST", "/admin/modules/events/update", "admin", null);
        if (second.status() != 409) {
            JsonNode firstOp = get("/admin/operations/" + first.json().get("id").asText(), "admin").json();
            assertTrue("a second operation was accepted while the first ran: " + firstOp, firstOp.hasNonNull("finishedAt"));
        }
        await("events back", 30_000, () -> get("/events", "comms"), a -> a.status() == 200);
        await("no operation left", 30_000, () -> get("/admin/modules/events", "admin"), a -> !a.json().hasNonNull("operation"));

        call("POST", "/admin/modules/announcements/uninstall", "admin", null).expect(202);
        await("announcements gone", 30_000, () -> get("/admin/modules/announcements", "admin"),
                a -> "available".equals(a.json().get("state").asText()));
        assertTrue(call("POST", "/admin/modules/announcements/uninstall", "admin", null).problem(409).detail().contains("not installed"));
        call("POST", "/admin/modules/announcements/stop", "admin", null).problem(409);
        assertEquals("succeeded", operate("announcements", "install").get("state").asText());
    }

    @Test
    public void anUnmetRequirementFailsInPlainWordsAndChangesNothing() throws Exception {
        Path repo = Files.createTempFile("homeroom-test-features", ".xml");
        Files.writeString(repo, "<features name=\"homeroom-test\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"homeroom-broken\" version=\"1.0.0\" description=\"Needs a package nobody has\">\n"
                + "    <requirement>osgi.wiring.package;filter:=\"(osgi.wiring.package=org.homeroom.nothing)\"</requirement>\n"
                + "  </feature>\n"
                + "  <feature name=\"homeroom-needs-announcements\" version=\"1.0.0\" description=\"Builds on announcements\">\n"
                + "    <feature>homeroom-announcements</feature>\n"
                + "  </feature>\n"
                + "</features>\n");
        features.addRepository(repo.toUri());
        int bundlesBefore = bundleContext.getBundles().length;

        assertEquals("available", module("broken").get("state").asText());
        JsonNode failed = operate("broken", "install");
        assertEquals("failed", failed.get("state").asText());
        String message = failed.get("message").asText();
        assertTrue(message, message.contains("the Java package org.homeroom.nothing"));
        assertTrue(message, message.contains("Nothing was changed"));
        assertFalse(message, message.contains("osgi.wiring.package"));
        assertEquals(bundlesBefore, bundleContext.getBundles().length);
        JsonNode broken = module("broken");
        assertEquals("available", broken.get("state").asText());
        assertNull(broken.get("desired").textValue());
        get("/events", "comms").expect(200);

        // dependencies: a module another one needs is not removed from under it
        assertEquals("succeeded", operate("needs-announcements", "install").get("state").asText());
        assertEquals(List.of("needs-announcements"), ModulesIT.texts(module("announcements").get("requiredBy")));
        Answer refused = call("POST", "/admin/modules/announcements/uninstall", "admin", null).problem(409);
        assertTrue(refused.detail(), refused.detail().contains("needs-announcements"));
        Answer both = call("POST", "/admin/modules/announcements/uninstall?withDependents=true", "admin", null).expect(202);
        String opId = both.json().get("id").asText();
        await("both removed", 60_000, () -> get("/admin/operations/" + opId, "admin"), a -> "succeeded".equals(a.json().get("state").asText()));
        assertEquals("available", module("needs-announcements").get("state").asText());
        assertEquals("available", module("announcements").get("state").asText());
        // installing a module installs what it needs
        assertEquals("succeeded", operate("needs-announcements", "install").get("state").asText());
        assertEquals("active", module("announcements").get("state").asText());
        assertEquals("started", module("announcements").get("desired").asText());
        operate("needs-announcements", "uninstall");
        features.removeRepository(repo.toUri());
    }

    @Test
    public void aModuleInstalledOrRemovedAtTheConsoleIsTheNewWishNotUndone() throws Exception {
        features.uninstallFeature("homeroom-events", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        await("console removal recorded", 30_000, () -> get("/admin/modules/events", "admin"),
                a -> "absent".equals(a.json().get("desired").asText()) && "available".equals(a.json().get("state").asText()));
        features.installFeature("homeroom-events", EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles));
        JsonNode back = await("console install recorded", 30_000, () -> get("/admin/modules/events", "admin"),
                a -> "started".equals(a.json().get("desired").asText()) && "active".equals(a.json().get("state").asText())).json();
        assertNotEquals("available", back.get("state").asText());
        List<String> actors = get("/audit?entity=module&entityId=events&actor=console", "admin").json().get("items").findValuesAsText("action");
        assertTrue(actors.toString(), actors.contains("module.desired.absent") && actors.contains("module.desired.started"));
    }

    @Test
    public void aModuleBundleDroppedIntoDeployIsListedAndManagedLikeTheOthers() throws Exception {
        assertEquals("succeeded", operate("events", "uninstall").get("state").asText());
        Path home = Path.of(System.getProperty("karaf.home"));
        Path jar;
        try (java.util.stream.Stream<Path> files = Files.walk(home.resolve("system/org/homeroom/module-events"))) {
            jar = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Path dropped = home.resolve("deploy/module-events.jar");
        Files.copy(jar, dropped);

        JsonNode deployed = await("dropped module running", 30_000, () -> get("/admin/modules/events", "admin"),
                a -> "active".equals(a.json().get("state").asText())).json();
        assertEquals("deploy", deployed.get("source").asText());
        get("/events", "comms").expect(200);

        assertEquals("succeeded", operate("events", "stop").get("state").asText());
        assertTrue(get("/events", "comms").problem(404).detail().contains("stopped"));
        assertEquals("succeeded", operate("events", "start").get("state").asText());
        get("/events", "comms").expect(200);

        // uninstalling a dropped module removes its file, so FileInstall does not bring it back
        assertEquals("succeeded", operate("events", "uninstall").get("state").asText());
        assertFalse(Files.exists(dropped));
        assertEquals("available", module("events").get("state").asText());
        assertEquals("succeeded", operate("events", "install").get("state").asText());
        get("/events", "comms").expect(200);
    }

    /**
     * The offline distribution carries every module feature of the Homeroom repository, booted or not
     * (a module added by the documented steps installs from the admin API without being listed elsewhere).
     */
    @Test
    public void everyHomeroomFeatureHasItsBundlesInTheDistributionsSystemFolder() throws Exception {
        Path system = Path.of(System.getProperty("karaf.home"), "system");
        int checked = 0;
        for (org.apache.karaf.features.Feature feature : features.listFeatures()) {
            if (!feature.getName().startsWith("homeroom-") || feature.getRepositoryUrl() == null
                    || !feature.getRepositoryUrl().contains("homeroom-features")) {
                continue;
            }
            for (org.apache.karaf.features.BundleInfo bundle : feature.getBundles()) {
                String[] gav = bundle.getLocation().substring("mvn:".length()).split("/");
                Path jar = system.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2]).resolve(gav[1] + "-" + gav[2] + ".jar");
                assertTrue(feature.getName() + " needs " + bundle.getLocation() + " in system/", Files.isRegularFile(jar));
                checked++;
            }
        }
        assertTrue("bundles checked: " + checked, checked >= 15);
    }

    /** A module whose bundle the distribution lacks fails to install with the missing artifact named, and nothing changes. */
    @Test
    public void aMissingBundleFailsNamingTheArtifact() throws Exception {
        Path repo = Files.createTempFile("homeroom-missing-features", ".xml");
        Files.writeString(repo, "<features name=\"homeroom-missing\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"homeroom-lost-bundle\" version=\"1.0.0\" description=\"Its bundle is nowhere\">\n"
                + "    <bundle>mvn:org.homeroom/module-lost-bundle/9.9.9</bundle>\n"
                + "  </feature>\n"
                + "</features>\n");
        features.addRepository(repo.toUri());
        try {
            int bundlesBefore = bundleContext.getBundles().length;
            JsonNode failed = operateModule("lost-bundle", "install");
            assertEquals(failed.toString(), "failed", failed.get("state").asText());
            String message = failed.get("message").asText();
            assertTrue(message, message.contains("org.homeroom/module-lost-bundle/9.9.9"));
            assertFalse(message, message.contains("details in the server log"));
            assertEquals(bundlesBefore, bundleContext.getBundles().length);
            assertEquals("available", module("lost-bundle").get("state").asText());
        } finally {
            features.removeRepository(repo.toUri());
        }
    }

    /**
     * Migrations run before a module bundle's own code: a bundle made here, with a {@code Homeroom-Module}
     * header, a {@code db/migration} script and an activator that reads the script's table, finds the table
     * when the framework calls its activator, which is before Felix SCR (on STARTED) activates any component.
     */
    @Test
    public void aModuleBundlesMigrationsAreAppliedBeforeItsCodeRuns() throws Exception {
        Path jar = Files.createTempFile("itest-migration-probe", ".jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        java.util.jar.Attributes main = manifest.getMainAttributes();
        main.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "org.homeroom.itest-migration-probe");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Homeroom-Module", "itest-probe");
        main.putValue("Bundle-Activator", MigrationProbe.class.getName());
        main.putValue("Import-Package", "org.osgi.framework,org.homeroom.platform.api.data");
        String classFile = MigrationProbe.class.getName().replace('.', '/') + ".class";
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest);
             java.io.InputStream probe = MigrationProbe.class.getClassLoader().getResourceAsStream(classFile)) {
            out.putNextEntry(new java.util.jar.JarEntry(classFile));
            probe.transferTo(out);
            out.putNextEntry(new java.util.jar.JarEntry("db/migration/V1__probe.sql"));
            out.write("CREATE TABLE ITEST_PROBE (ID INT NOT NULL);\nINSERT INTO ITEST_PROBE (ID) VALUES (7);\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        System.clearProperty(MigrationProbe.RESULT);
        org.osgi.framework.Bundle bundle = bundleContext.installBundle(jar.toUri().toString());
        try {
            bundle.start();
            assertEquals("the activator read the migrated table", "rows=1", System.getProperty(MigrationProbe.RESULT));
            // a restart applies nothing twice (the script would fail creating the table again)
            bundle.stop();
            bundle.start();
            assertEquals(org.osgi.framework.Bundle.ACTIVE, bundle.getState());
            assertEquals("rows=1", System.getProperty(MigrationProbe.RESULT));
        } finally {
            bundle.uninstall();
        }
    }

    /** The activator of the bundle above: records what it finds in the table its migration made. */
    public static final class MigrationProbe implements org.osgi.framework.BundleActivator {
        static final String RESULT = "itest.migration.probe";

        @Override
        public void start(org.osgi.framework.BundleContext context) {
            org.osgi.framework.ServiceReference<org.homeroom.platform.api.data.Database> ref =
                    context.getServiceReference(org.homeroom.platform.api.data.Database.class);
            try {
                org.homeroom.platform.api.data.Database database = context.getService(ref);
                int rows = database.read(c -> {
                    try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM ITEST_PROBE")) {
                        rs.next();
                        return rs.getInt(1);
                    }
                });
                System.setProperty(RESULT, "rows=" + rows);
            } catch (RuntimeException e) {
                System.setProperty(RESULT, "failed: " + e);
            } finally {
                context.ungetService(ref);
            }
        }

        @Override
        public void stop(org.osgi.framework.BundleContext context) {
        }
    }

    static List<String> texts(JsonNode array) {
        return PlatformIT.texts(array);
    }
}
