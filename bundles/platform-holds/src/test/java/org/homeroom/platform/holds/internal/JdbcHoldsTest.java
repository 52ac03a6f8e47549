package org.homeroom.platform.holds.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.holds.ActiveHolds;
import org.homeroom.platform.api.holds.Hold;
import org.homeroom.platform.api.holds.HoldDraft;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Test;

public class JdbcHoldsTest {

    static final CurrentUser COMMS = new CurrentUser("director", Set.of("comms"));
    final TestDatabase database = new TestDatabase();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final Map<String, Site> sites = Map.of(
            "E01", site("E01", false), "H01", site("H01", false), "OLD", site("OLD", true));
    final JdbcHolds holds = new JdbcHolds(database, audit, code -> Optional.ofNullable(sites.get(code)), Clock.systemUTC());

    static Site site(String code, boolean archived) {
        return new Site(code, code + " School", "elementary", null, null, null, null, List.of(), archived, Instant.now(), Instant.now());
    }

    @Test
    public void aSiteHoldHoldsThoseSitesUntilLiftedWithWhoAndWhy() {
        assertTrue(holds.active().none());
        Hold hold = holds.set(new HoldDraft(List.of("e01", "H01"), "Incident at Lincoln: hold routine messages"), COMMS);
        assertEquals(List.of("E01", "H01"), hold.sites());
        assertEquals("director", hold.setBy());
        assertTrue(hold.active());

        ActiveHolds active = holds.active();
        assertFalse(active.districtWide());
        assertTrue(active.holds("E01"));
        assertFalse(active.holds("M01"));
        assertFalse("a district-wide send is not held by a site hold", active.holds(null));

        Hold lifted = holds.lift(hold.id(), "All clear", COMMS);
        assertFalse(lifted.active());
        assertEquals("director", lifted.liftedBy());
        assertEquals("All clear", lifted.liftReason());
        assertTrue(holds.active().none());
        assertEquals(409, problem(() -> holds.lift(hold.id(), null, COMMS)).status());
        // kept: the record of what was held
        assertEquals(1, holds.list(false).size());
        assertTrue(holds.list(true).isEmpty());
        assertEquals(List.of("hold.set", "hold.lift"), audit.actions());
    }

    @Test
    public void aDistrictHoldHoldsEverySend() {
        Hold hold = holds.set(new HoldDraft(null, "Superintendent's announcement pending"), COMMS);
        assertTrue(hold.districtWide());
        assertTrue(holds.active().holds(null));
        assertTrue(holds.active().holds("E01"));
        // a second, site hold lifted does not lift the district's
        Hold site = holds.set(new HoldDraft(List.of("E01"), "Lockdown drill"), COMMS);
        holds.lift(site.id(), null, COMMS);
        assertTrue(holds.active().districtWide());
        assertEquals(404, problem(() -> holds.lift(999, null, COMMS)).status());
    }

    @Test
    public void badHoldsAreRefusedNamingTheFieldAndWriteNothing() {
        assertEquals(Set.of("reason"), fields(problem(() -> holds.set(new HoldDraft(List.of("E01"), " "), COMMS))));
        assertEquals(Set.of("sites[1]", "sites[2]"), fields(problem(() -> holds.set(new HoldDraft(List.of("E01", "ZZZ", "OLD"), "Why"), COMMS))));
        assertEquals(Set.of("sites[0]"), fields(problem(() -> holds.set(new HoldDraft(java.util.Arrays.asList((String) null), "Why"), COMMS))));
        assertEquals(Set.of("reason"), fields(problem(() -> holds.set(new HoldDraft(null, "x".repeat(501)), COMMS))));
        assertEquals(Set.of("reason"), fields(problem(() -> holds.set(new HoldDraft(null, "bell\u0007"), COMMS))));
        assertTrue(holds.list(false).isEmpty());
        assertTrue(audit.entries.isEmpty());
    }
}
