package org.homeroom.platform.admin.internal;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.homeroom.platform.admin.internal.ReconcilePlanner.Actual;
import org.homeroom.platform.admin.internal.ReconcilePlanner.Desired;
import org.homeroom.platform.admin.internal.ReconcilePlanner.Kind;
import org.homeroom.platform.admin.internal.ReconcilePlanner.Step;
import org.junit.Test;

public class ReconcilePlannerTest {

    private static final Map<String, List<String>> AVAILABLE = Map.of("announcements", List.of("1.1.0", "1.0.0"), "events", List.of("1.0.0"));

    private static List<Step> plan(Map<String, Desired> desired, Map<String, Actual> actual) {
        return ReconcilePlanner.plan(desired, actual, AVAILABLE);
    }

    @Test
    public void aMatchingContainerNeedsNothing() {
        assertEquals(List.of(), plan(Map.of("announcements", new Desired("announcements", "started", null)),
                Map.of("announcements", new Actual("announcements", true, "1.0.0", true))));
    }

    @Test
    public void aFreshNodeInstallsWhatTheDistrictWants() {
        assertEquals(List.of(new Step(Kind.INSTALL, "announcements", null), new Step(Kind.INSTALL, "events", null), new Step(Kind.STOP, "events", null)),
                plan(Map.of("announcements", new Desired("announcements", "started", null), "events", new Desired("events", "stopped", null)),
                        Map.of()));
    }

    @Test
    public void modulesInstalledByHandAreAdoptedNotUndone() {
        assertEquals(List.of(new Step(Kind.ADOPT_STARTED, "announcements", "1.0.0"), new Step(Kind.ADOPT_STOPPED, "events", "1.0.0")),
                plan(Map.of(), Map.of("announcements", new Actual("announcements", true, "1.0.0", true),
                        "events", new Actual("events", true, "1.0.0", false))));
    }

    @Test
    public void absentModulesAreUninstalledAndStateIsFollowed() {
        assertEquals(List.of(new Step(Kind.UNINSTALL, "announcements", "1.0.0"), new Step(Kind.START, "events", "1.0.0")),
                plan(Map.of("announcements", new Desired("announcements", "absent", null), "events", new Desired("events", "started", null)),
                        Map.of("announcements", new Actual("announcements", true, "1.0.0", true), "events", new Actual("events", true, "1.0.0", false))));
        assertEquals(List.of(new Step(Kind.STOP, "events", "1.0.0")),
                plan(Map.of("events", new Desired("events", "stopped", null)), Map.of("events", new Actual("events", true, "1.0.0", true))));
        assertEquals(List.of(), plan(Map.of("events", new Desired("events", "absent", null)), Map.of()));
    }

    @Test
    public void aWantedVersionIsReachedOnlyIfARepositoryHasIt() {
        assertEquals(List.of(new Step(Kind.UPDATE, "announcements", "1.1.0")),
                plan(Map.of("announcements", new Desired("announcements", "started", "1.1.0")),
                        Map.of("announcements", new Actual("announcements", true, "1.0.0", true))));
        assertEquals(List.of(), plan(Map.of("announcements", new Desired("announcements", "started", "9.9.9")),
                Map.of("announcements", new Actual("announcements", true, "1.0.0", true))));
        // a module no repository offers cannot be installed here: nothing to do, nothing to break
        assertEquals(List.of(), plan(Map.of("payroll", new Desired("payroll", "started", null)), Map.of()));
    }
}
