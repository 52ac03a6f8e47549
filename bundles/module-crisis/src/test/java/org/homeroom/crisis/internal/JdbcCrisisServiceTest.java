package org.homeroom.crisis.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.homeroom.crisis.api.Incident;
import org.homeroom.crisis.api.IncidentDraft;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.holds.ActiveHolds;
import org.homeroom.platform.api.holds.Hold;
import org.homeroom.platform.api.holds.HoldDraft;
import org.homeroom.platform.api.holds.HoldService;
import org.homeroom.platform.api.sites.Site;
import org.homeroom.platform.api.sites.SiteService;
import org.homeroom.platform.testing.MutableClock;
import org.homeroom.platform.testing.RecordingAuditLog;
import org.homeroom.platform.testing.TestDatabase;
import org.junit.Before;
import org.junit.Test;

public class JdbcCrisisServiceTest {

    private static final Instant T0 = Instant.parse("2026-10-05T14:00:00Z");
    private static final CurrentUser COMMS = new CurrentUser("comms1", Set.of("comms"));
    private static final Set<String> KNOWN = Set.of("E01", "E02", "H01");

    private final MutableClock clock = new MutableClock(T0);
    private final FakeHolds holds = new FakeHolds();
    private TestDatabase database;
    private RecordingAuditLog audit;
    private JdbcCrisisService service;

    @Before
    public void setUp() {
        database = new TestDatabase();
        audit = new RecordingAuditLog();
        SiteService sites = (SiteService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SiteService.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        String code = (String) args[0];
                        return KNOWN.contains(code) ? Optional.of(new Site(code, code, "elementary", null, null, null, null, List.of("en"),
                                false, T0, T0)) : Optional.empty();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        service = new JdbcCrisisService(database, audit, clock, sites, holds);
    }

    private Incident open(String action, boolean drill, boolean hold, String... sites) {
        return service.open(new IncidentDraft("intruder", List.of(sites), "high", drill, action, "Report of a person with a weapon",
                Map.of("lead", List.of("lee")), hold), COMMS);
    }

    @Test
    public void opensWithSitesRolesActionAndLog() {
        Incident i = open("lockdown", false, false, "e01");
        assertEquals(List.of("E01"), i.sites());
        assertEquals("lockdown", i.action());
        assertEquals(Incident.OPEN, i.status());
        assertEquals(Map.of("lead", List.of("lee")), i.roles());
        assertEquals(List.of("status", "action"), i.log().stream().map(Incident.LogEntry::kind).toList());
        assertEquals(T0, i.log().get(0).at());
        assertTrue(audit.entries.stream().anyMatch(e -> e.action().equals("crisis.incident.open")));
        assertEquals(i, service.find(i.id()).orElseThrow());
    }

    @Test
    public void badInputNamesFieldsAndStoresNothing() {
        ProblemException e = problem(() -> service.open(new IncidentDraft("Bad Type!", List.of("Z99"), "huge", null, "run",
                null, Map.of("boss", List.of("x")), true), COMMS));
        assertEquals(422, e.status());
        assertEquals(Set.of("type", "sites", "severity", "drill", "action", "roles"), fields(e));
        assertTrue(service.list(null, null).isEmpty());
        assertTrue(holds.set.isEmpty());
        assertEquals(400, problem(() -> service.open(null, COMMS)).status());
    }

    @Test
    public void everyActionChangeIsLogged() {
        Incident i = open("hold", false, false, "E01");
        clock.advance(java.time.Duration.ofMinutes(3));
        Incident changed = service.changeAction(i.id(), "LOCKDOWN", "shots heard", COMMS);
        assertEquals("lockdown", changed.action());
        Incident.LogEntry last = changed.log().get(changed.log().size() - 1);
        assertEquals("action", last.kind());
        assertEquals("SRP action hold → lockdown: shots heard", last.entry());
        assertEquals(T0.plusSeconds(180), last.at());
        assertEquals(422, problem(() -> service.changeAction(i.id(), "panic", null, COMMS)).status());
    }

    @Test
    public void transitionsOpenContainedClosedOnly() {
        Incident i = open("secure", false, false);
        assertEquals(Incident.CONTAINED, service.changeStatus(i.id(), "contained", null, COMMS).status());
        assertEquals(Incident.OPEN, service.changeStatus(i.id(), "open", "again", COMMS).status());
        assertEquals(409, problem(() -> service.changeStatus(i.id(), "open", null, COMMS)).status());
        Incident closed = service.changeStatus(i.id(), "closed", null, COMMS);
        assertEquals(T0, closed.closedAt());
        assertEquals(409, problem(() -> service.changeStatus(i.id(), "contained", null, COMMS)).status());
        assertEquals(409, problem(() -> service.changeAction(i.id(), "lockdown", null, COMMS)).status());
        assertEquals(409, problem(() -> service.banner(i.id(), "a", "b", COMMS)).status());
        assertEquals(409, problem(() -> service.assignRole(i.id(), "lead", "ann", COMMS)).status());
        assertEquals(422, problem(() -> service.changeStatus(i.id(), "gone", null, COMMS)).status());
        assertEquals(404, problem(() -> service.changeStatus(9999, "closed", null, COMMS)).status());
    }

    @Test
    public void holdStartsWithIncidentAndLiftsOnce() {
        Incident i = open("lockdown", false, true, "E01", "E02");
        assertEquals(List.of(List.of("E01", "E02")), holds.set.stream().map(HoldDraft::sites).toList());
        assertEquals(Long.valueOf(1), i.holdId());
        assertEquals(409, problem(() -> service.startHold(i.id(), null, COMMS)).status());
        Incident lifted = service.liftHold(i.id(), "all clear", COMMS);
        assertNull(lifted.holdId());
        assertEquals(List.of(1L), holds.lifted);
        assertEquals("communications hold 1 lifted: all clear", lifted.log().get(lifted.log().size() - 1).entry());
        assertEquals(409, problem(() -> service.liftHold(i.id(), null, COMMS)).status());
        // district-wide: no sites on the hold; closing lifts it
        Incident district = open("shelter", false, false);
        Incident held = service.startHold(district.id(), null, COMMS);
        assertEquals(List.of(), holds.set.get(1).sites());
        service.changeStatus(held.id(), "closed", null, COMMS);
        assertEquals(List.of(1L, 2L), holds.lifted);
        assertNull(service.find(held.id()).orElseThrow().holdId());
    }

    @Test
    public void bannerShowsUntilClearedOrClosed() {
        Incident i = open("lockdown", true, false, "E01");
        assertTrue(service.banners().isEmpty());
        assertEquals(422, problem(() -> service.banner(i.id(), "Lockdown at E01", null, COMMS)).status());
        service.banner(i.id(), "Drill: lockdown at E01", "Simulacro: confinamiento en E01", COMMS);
        assertEquals(List.of("Simulacro: confinamiento en E01"), service.banners().stream().map(Incident::bannerEs).toList());
        service.banner(i.id(), null, null, COMMS);
        assertTrue(service.banners().isEmpty());
        service.banner(i.id(), "Lockdown", "Confinamiento", COMMS);
        service.changeStatus(i.id(), "closed", null, COMMS);
        assertTrue(service.banners().isEmpty());
    }

    @Test
    public void listsBySiteAndStatusWithDistrictWide() {
        Incident e01 = open("hold", false, false, "E01");
        Incident h01 = open("hold", false, false, "H01");
        Incident district = open("shelter", false, false);
        assertEquals(List.of(district.id(), e01.id()), service.list("E01", null).stream().map(Incident::id).toList());
        service.changeStatus(h01.id(), "closed", null, COMMS);
        assertEquals(List.of(h01.id()), service.list(null, "closed").stream().map(Incident::id).toList());
        assertEquals(3, service.list(null, null).size());
    }

    @Test
    public void logAndRolesAreRecorded() {
        Incident i = open(null, false, false, "E01");
        assertNull(i.action());
        assertEquals(422, problem(() -> service.addLog(i.id(), " ", COMMS)).status());
        service.addLog(i.id(), "Police on site", COMMS);
        Incident r = service.assignRole(i.id(), "reunification", "rita", COMMS);
        service.assignRole(i.id(), "reunification", "rita", COMMS);
        assertEquals(List.of("rita"), r.roles().get("reunification"));
        assertEquals(List.of("status", "note", "role"), service.find(i.id()).orElseThrow().log().stream().map(Incident.LogEntry::kind).toList());
        assertEquals(422, problem(() -> service.assignRole(i.id(), "chief", "x", COMMS)).status());
    }

    @Test
    public void siteStaffSeeTheirSitesAndRolesAct() {
        Incident e01 = open("lockdown", false, false, "E01");
        CurrentUser staff = new CurrentUser("sam", Set.of("site-staff", "site:E02"));
        assertFalse(CrisisModule.visible(staff, e01));
        assertTrue(CrisisModule.visible(staff, open("shelter", false, false)));
        assertTrue(CrisisModule.inRole(new CurrentUser("lee", Set.of("site-staff")), e01));
    }

    @Test
    public void ferpaDisclosuresAreRecordedWithThreatAndRecipient() {
        Incident i = open("lockdown", false, false, "E01");
        assertEquals(Set.of("threat", "recipient", "information"), fields(problem(() -> service.recordDisclosure(i.id(), " ", null, null, COMMS))));
        assertTrue(service.disclosures(i.id()).isEmpty());
        service.recordDisclosure(i.id(), "Armed person reported near E01", "City police, Sgt. Diaz", "Student roster of room 12", COMMS);
        org.homeroom.crisis.api.Disclosure d = service.disclosures(i.id()).get(0);
        assertEquals("City police, Sgt. Diaz", d.recipient());
        assertEquals("Armed person reported near E01", d.threat());
        assertEquals(T0, d.disclosedAt());
        assertTrue(audit.entries.stream().anyMatch(e -> e.action().equals("crisis.ferpa.disclosure")));
        assertEquals(404, problem(() -> service.disclosures(9999)).status());
    }

    /** Holds kept in memory, numbered from 1. */
    static final class FakeHolds implements HoldService {
        final List<HoldDraft> set = new ArrayList<>();
        final List<Long> lifted = new ArrayList<>();

        @Override
        public ActiveHolds active() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Hold> list(boolean activeOnly) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Hold get(long id) {
            HoldDraft d = set.get((int) id - 1);
            boolean off = lifted.contains(id);
            return new Hold(id, d.sites(), d.reason(), "x", T0, off ? "x" : null, off ? T0 : null, null);
        }

        @Override
        public Hold set(HoldDraft draft, CurrentUser actor) {
            set.add(draft);
            return get(set.size());
        }

        @Override
        public Hold lift(long id, String reason, CurrentUser actor) {
            lifted.add(id);
            return get(id);
        }
    }
}
