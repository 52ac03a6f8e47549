package org.homeroom.messaging.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;

import org.homeroom.messaging.api.OutboundText;
import org.homeroom.directory.api.Recipient;
import org.homeroom.platform.api.CurrentUser;
import org.homeroom.platform.api.holds.ActiveHolds;
import org.homeroom.platform.api.holds.Hold;
import org.homeroom.platform.api.holds.HoldDraft;
import org.homeroom.platform.api.holds.HoldService;
import org.junit.Test;

/** The worker honours the platform's communications hold: non-emergency sends wait, emergencies go. */
public class CommunicationsHoldTest extends MessagingFixture {

    /** The platform service's contract as the worker uses it: what is on hold now, or a failure to say. */
    ActiveHolds onHold = ActiveHolds.NONE;
    boolean holdsFail;

    final HoldService holds = new HoldService() {
        @Override public ActiveHolds active() {
            if (holdsFail) {
                throw new IllegalStateException("database unavailable");
            }
            return onHold;
        }
        @Override public List<Hold> list(boolean activeOnly) { throw new UnsupportedOperationException(); }
        @Override public Hold get(long id) { throw new UnsupportedOperationException(); }
        @Override public Hold set(HoldDraft draft, CurrentUser actor) { throw new UnsupportedOperationException(); }
        @Override public Hold lift(long id, String reason, CurrentUser actor) { throw new UnsupportedOperationException(); }
    };

    void useHolds() {
        messenger.holds(new CommunicationsHolds(() -> holds));
    }

    List<String> mailedTo() {
        return mail.queued().stream().flatMap(q -> q.message().to().stream()).sorted().toList();
    }

    @Test
    public void aDistrictHoldKeepsRoutineMessagesWaitingUntilItIsLifted() {
        useHolds();
        onHold = new ActiveHolds(true, Set.of());
        long id = send("general", List.of("email"));
        messenger.work(provider, 100);
        messenger.work(provider, 100);
        assertTrue("nothing goes while the district is on hold", mail.queued().isEmpty());
        assertEquals(2, messenger.get(id, COMMS).deliveries().get("planned").intValue());

        onHold = ActiveHolds.NONE; // lifted
        messenger.work(provider, 100);
        assertEquals(List.of("maria@example.org", "pat@example.org"), mailedTo());
    }

    @Test
    public void emergenciesGoThroughAnyHold() {
        useHolds();
        onHold = new ActiveHolds(true, Set.of());
        people.replaceAll(r -> new Recipient(r.sourcedId(), r.givenName(), r.familyName(), r.language(), r.siteCode(), r.studentName(),
                r.channel(), r.value(), true));
        long routine = send("general", List.of("email"));
        send("emergency", List.of("sms"));
        messenger.work(provider, 100);
        assertEquals(Set.of("+14055550123", "+14055550124"), Set.copyOf(provider.sent.stream().map(OutboundText::to).toList()));
        assertTrue(mail.queued().isEmpty());
        assertEquals(0, messenger.get(routine, COMMS).deliveries().get("sent").intValue());
    }

    @Test
    public void aSiteHoldKeepsThatSitesFamiliesWaitingAndTheOthersGo() {
        useHolds();
        onHold = new ActiveHolds(false, Set.of("E01"));
        long id = send("general", List.of("email"));
        messenger.work(provider, 100);
        assertEquals(List.of("pat@example.org"), mailedTo()); // E02
        assertEquals(1, messenger.get(id, COMMS).deliveries().get("planned").intValue()); // María, E01, waits

        onHold = ActiveHolds.NONE;
        messenger.work(provider, 100);
        assertEquals(List.of("maria@example.org", "pat@example.org"), mailedTo());
        assertEquals("sent", messenger.get(id, COMMS).status());
    }

    @Test
    public void whenTheHoldsCannotBeReadRoutineMessagesWaitAndEmergenciesGo() {
        useHolds();
        holdsFail = true;
        people.replaceAll(r -> new Recipient(r.sourcedId(), r.givenName(), r.familyName(), r.language(), r.siteCode(), r.studentName(),
                r.channel(), r.value(), true));
        send("general", List.of("email"));
        send("emergency", List.of("sms"));
        messenger.work(provider, 100);
        assertTrue(mail.queued().isEmpty());
        assertEquals(2, provider.sent.size());

        holdsFail = false;
        messenger.work(provider, 100);
        assertEquals(2, mail.queued().size());
    }

    @Test
    public void withoutTheHoldsBundleNothingIsHeld() {
        send("general", List.of("email"));
        messenger.work(provider, 100);
        assertEquals(2, mail.queued().size());
    }
}
