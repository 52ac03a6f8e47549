package org.homeroom.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The operators' Karaf shell commands, run in the container's shell, with their effect checked over HTTP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends HomeroomTestSupport {

    @Inject
    SessionFactory sessions;

    @Before
    public void ready() {
        awaitPlatform();
        await("events running", 60_000, () -> get("/events", "comms"), a -> a.status() == 200);
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Session session = sessions.create(System.in, out, out)) {
            Object result = session.execute(command);
            return bytes.toString(StandardCharsets.UTF_8) + (result == null ? "" : result);
        }
    }

    @Test
    public void operatorsListSitesAndModulesAndSwitchModulesPerSite() throws Exception {
        String sites = run("homeroom:sites -q E0");
        assertTrue(sites, sites.contains("E01") && sites.contains("elementary"));
        assertFalse(sites, sites.contains("H01"));
        String modules = run("homeroom:modules");
        assertTrue(modules, modules.contains("announcements") && modules.contains("active"));

        assertTrue(run("homeroom:module-enable E07 announcements").contains("enabled for E07"));
        get("/sites/E07/announcements", "comms").expect(200);
        assertTrue(run("homeroom:module-disable E07 announcements").contains("disabled for E07"));
        get("/sites/E07/announcements", "comms").problem(404);
        assertEquals("shell", get("/audit?entity=module-setting&entityId=E07/announcements&limit=1", "admin")
                .json().get("items").get(0).get("actor").asText());
    }

    @Test
    public void operatorsManageModulesAndBackUp() throws Exception {
        String stopped = run("homeroom:module-stop events");
        assertTrue(stopped, stopped.contains("Module 'events' stopped."));
        assertTrue(get("/events", "comms").problem(404).detail().contains("stopped"));
        assertTrue(run("homeroom:module-start events").contains("started"));
        get("/events", "comms").expect(200);
        assertTrue(run("homeroom:backup").startsWith("Backed up to"));
    }
}
