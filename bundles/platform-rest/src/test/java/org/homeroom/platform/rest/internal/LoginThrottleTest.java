package org.homeroom.platform.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class LoginThrottleTest {

    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Limits(5, 30, 30, 900, 900), now::get);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertEquals("attempt " + (i + 1) + " must be checked", Optional.empty(), throttle.retryAfter(user, address));
            throttle.failed(user, address);
        }
    }

    @Test
    public void fiveWrongPasswordsMakeThatUserWaitAtThatAddressOnly() {
        fail("jdoe", "203.0.113.9", 5);
        assertEquals(Optional.of(30L), throttle.retryAfter("jdoe", "203.0.113.9"));
        assertEquals("the same name is a different account to the directory only by case", Optional.of(30L), throttle.retryAfter("JDoe", "203.0.113.9"));
        // the real jdoe at her school is not locked out by the guesser
        assertEquals(Optional.empty(), throttle.retryAfter("jdoe", "198.51.100.20"));
        // another user at the guesser's address is not blocked yet (the address limit is higher)
        assertEquals(Optional.empty(), throttle.retryAfter("asmith", "203.0.113.9"));
    }

    @Test
    public void theWaitEndsAndDoublesWithEachFurtherFailureUpToTheMaximum() {
        fail("jdoe", "a", 5);
        now.addAndGet(29 * SECOND);
        assertEquals(Optional.of(1L), throttle.retryAfter("jdoe", "a"));
        now.addAndGet(SECOND);
        assertEquals(Optional.empty(), throttle.retryAfter("jdoe", "a"));
        throttle.failed("jdoe", "a");
        assertEquals(Optional.of(60L), throttle.retryAfter("jdoe", "a"));
        // 120, 240, 480, then 960 capped at 900 (each try made after the previous wait, within the forget period)
        for (long expected : new long[] {120, 240, 480, 900}) {
            now.addAndGet(500 * SECOND);
            assertEquals(Optional.empty(), throttle.retryAfter("jdoe", "a"));
            throttle.failed("jdoe", "a");
            assertEquals(Optional.of(expected), throttle.retryAfter("jdoe", "a"));
        }
    }

    @Test
    public void aCorrectPasswordClearsThatUsersCountButNotTheAddresss() {
        fail("jdoe", "a", 4);
        throttle.succeeded("jdoe", "a");
        fail("jdoe", "a", 4);
        assertEquals(Optional.empty(), throttle.retryAfter("jdoe", "a"));
        // 8 failures from the address so far: spraying other names reaches its limit of 30
        for (int i = 0; i < 22; i++) {
            fail("user" + i, "a", 1);
        }
        assertEquals(Optional.of(30L), throttle.retryAfter("someone-else", "a"));
        throttle.succeeded("someone-else", "a");
        assertEquals("a known account does not reset the address", Optional.of(30L), throttle.retryAfter("someone-else", "a"));
        assertEquals(Optional.empty(), throttle.retryAfter("someone-else", "b"));
    }

    @Test
    public void failuresAreForgottenAfterAQuietPeriod() {
        fail("jdoe", "a", 4);
        now.addAndGet(901 * SECOND);
        fail("jdoe", "a", 4);
        assertEquals(Optional.empty(), throttle.retryAfter("jdoe", "a"));
    }

    @Test
    public void memoryIsBoundedWhateverTheNumberOfAddresses() {
        for (int i = 0; i < 3 * LoginThrottle.MAX_ENTRIES; i++) {
            throttle.failed("u" + i, "10.0." + (i / 256) + "." + (i % 256));
        }
        assertTrue(throttle.size() <= 2 * LoginThrottle.MAX_ENTRIES);
    }

    @Test
    public void zeroLimitsTurnThrottlingOff() {
        LoginThrottle off = new LoginThrottle(new LoginThrottle.Limits(0, 0, 30, 900, 900), now::get);
        for (int i = 0; i < 100; i++) {
            off.failed("jdoe", "a");
        }
        assertEquals(Optional.empty(), off.retryAfter("jdoe", "a"));
        assertEquals(0, off.size());
    }
}
