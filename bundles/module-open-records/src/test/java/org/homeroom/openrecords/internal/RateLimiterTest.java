package org.homeroom.openrecords.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class RateLimiterTest {

    @Test
    public void limitsEachAddressPerMinuteAndForgetsTheNextMinute() {
        AtomicLong now = new AtomicLong(120_000);
        RateLimiter limiter = new RateLimiter(2, now::get);
        assertTrue(limiter.allow("10.0.0.1"));
        assertTrue(limiter.allow("10.0.0.1"));
        assertFalse(limiter.allow("10.0.0.1"));
        assertTrue("another address has its own budget", limiter.allow("10.0.0.2"));
        now.addAndGet(45_000);
        assertEquals(15, limiter.retryAfterSeconds());
        now.addAndGet(15_000);
        assertTrue(limiter.allow("10.0.0.1"));
    }

    @Test
    public void tokensAreRandomAndOnlyTheirHashIsKept() {
        String a = Tokens.newToken();
        assertFalse(a.equals(Tokens.newToken()));
        assertTrue(Tokens.matches(a, Tokens.hash(a)));
        assertFalse(Tokens.matches(a + "x", Tokens.hash(a)));
        assertFalse(Tokens.matches(null, Tokens.hash(a)));
        assertEquals("ORR-2026-00042", Tokens.trackingNumber(2026, 42));
    }
}
