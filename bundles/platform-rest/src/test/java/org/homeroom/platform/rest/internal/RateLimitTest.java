package org.homeroom.platform.rest.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.homeroom.platform.api.ProblemException;
import org.homeroom.platform.api.RateLimited;
import org.junit.Test;

public class RateLimitTest {

    @RateLimited(bucket = "pages", perMinute = 120)
    static class Pages {
        public void list() {
        }

        @RateLimited(bucket = "forms", perMinute = 2)
        public void submit() {
        }
    }

    static class Staff {
        public void work() {
        }
    }

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    public void aClientGetsItsBudgetThenWaitsForTheRefill() {
        RateLimiter limiter = new RateLimiter(100, now::get);
        assertTrue(limiter.take("forms", "10.0.0.1", 2).allowed());
        assertTrue(limiter.take("forms", "10.0.0.1", 2).allowed());
        RateLimiter.Decision refused = limiter.take("forms", "10.0.0.1", 2);
        assertFalse(refused.allowed());
        assertEquals("2 a minute: one token every 30 s", 30, refused.retryAfterSeconds());
        assertTrue("another client has its own budget", limiter.take("forms", "10.0.0.2", 2).allowed());
        assertTrue("another bucket has its own budget", limiter.take("pages", "10.0.0.1", 2).allowed());
        now.addAndGet(20_000_000_000L);
        assertEquals(10, limiter.take("forms", "10.0.0.1", 2).retryAfterSeconds());
        now.addAndGet(10_000_000_000L);
        assertTrue("a token is back after 30 s", limiter.take("forms", "10.0.0.1", 2).allowed());
        assertFalse(limiter.take("forms", "10.0.0.1", 2).allowed());
    }

    @Test
    public void memoryIsBoundedAndTheLeastRecentlySeenAreForgotten() {
        RateLimiter limiter = new RateLimiter(1000, now::get);
        for (int i = 0; i < 50_000; i++) {
            limiter.take("pages", "client-" + i, 60);
        }
        assertEquals(1000, limiter.size());
        // the most recent client is remembered: its budget is used
        for (int i = 0; i < 59; i++) {
            assertTrue(limiter.take("pages", "client-49999", 60).allowed());
        }
        assertFalse(limiter.take("pages", "client-49999", 60).allowed());
    }

    @Test
    public void theMethodsAnnotationWinsOverItsClassAndUnannotatedMethodsAreNotLimited() throws Exception {
        assertEquals("forms", RateLimitFilter.limitOf(Pages.class.getMethod("submit"), Pages.class).bucket());
        assertEquals("pages", RateLimitFilter.limitOf(Pages.class.getMethod("list"), Pages.class).bucket());
        assertNull(RateLimitFilter.limitOf(Staff.class.getMethod("work"), Staff.class));
    }

    @Test
    public void pastTheLimitTheAnswerIs429WithRetryAfter() throws Exception {
        RateLimitFilter filter = new RateLimitFilter(new RateLimiter(10, now::get), new ClientAddresses(""));
        RateLimited limit = RateLimitFilter.limitOf(Pages.class.getMethod("submit"), Pages.class);
        filter.check(limit, "192.0.2.1");
        filter.check(limit, "192.0.2.1");
        try {
            filter.check(limit, "192.0.2.1");
            fail("the third call in a minute must be refused");
        } catch (TooManyRequestsException e) {
            assertEquals(429, ProblemMapper.toProblem(e, "/api/x").status());
            assertEquals(30, ProblemMapper.retryAfterSeconds(e));
        }
    }

    @Test
    public void every429CarriesRetryAfter() {
        assertEquals(60, ProblemMapper.retryAfterSeconds(new ProblemException(429, "Daily limit reached", "Try again tomorrow.")));
    }

    @Test
    public void behindATrustedProxyTheClientIsTheNearestUntrustedForwardedAddress() {
        ClientAddresses none = new ClientAddresses("");
        assertEquals("no trusted proxy: the header is ignored", "203.0.113.9", none.client("203.0.113.9", List.of("198.51.100.1")));

        ClientAddresses proxies = new ClientAddresses("10.0.0.0/8, 192.0.2.10, 2001:db8::/32");
        assertEquals("198.51.100.7", proxies.client("10.1.2.3", List.of("198.51.100.7")));
        assertEquals("what the client wrote on the left is not believed", "198.51.100.7",
                proxies.client("10.1.2.3", List.of("1.1.1.1, 198.51.100.7, 192.0.2.10")));
        assertEquals("several headers are one list", "198.51.100.7",
                proxies.client("10.1.2.3", List.of("6.6.6.6", "198.51.100.7", "10.9.9.9")));
        assertEquals("a socket that is not a trusted proxy is the client, whatever it sends", "203.0.113.9",
                proxies.client("203.0.113.9", List.of("198.51.100.7")));
        assertEquals("IPv6 proxies and ports", "2001:db9::5", proxies.client("2001:db8::1", List.of("[2001:db9::5]:4711")));
        assertEquals("a port on an IPv4 hop", "198.51.100.8", proxies.client("10.0.0.1", List.of("198.51.100.8:1234")));
        assertEquals("garbage stops the walk at the last proxy we trust", "10.0.0.2",
                proxies.client("10.0.0.1", List.of("not-an-address, 10.0.0.2")));
        assertEquals("only proxies: the farthest one", "10.0.0.3", proxies.client("10.0.0.1", List.of("10.0.0.3, 10.0.0.2")));
        assertEquals("no header: the proxy itself", "10.0.0.1", proxies.client("10.0.0.1", null));
        assertNull("host names are never looked up", ClientAddresses.literal("localhost"));
        assertNull(ClientAddresses.literal("300.1.1.1"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void aMistypedProxyIsRefusedAtConfigurationTime() {
        new ClientAddresses("10.0.0.0/8, proxy.example");
    }

    @Test
    public void aBucketsLimitCanBeSetInTheConfiguration() {
        assertEquals(java.util.Map.of("open-records", 2, "public-pages", 500), RateLimitFilter.overrides(" open-records=2, public-pages = 500 ,"));
        try {
            RateLimitFilter.overrides("open-records=lots");
            org.junit.Assert.fail("a malformed entry must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("open-records=lots"));
        }
        AtomicLong now = new AtomicLong();
        RateLimitFilter filter = new RateLimitFilter(new RateLimiter(10, now::get), new ClientAddresses(""), RateLimitFilter.overrides("tight=1"));
        RateLimited tight = new RateLimited() {
            @Override public Class<? extends java.lang.annotation.Annotation> annotationType() { return RateLimited.class; }
            @Override public String bucket() { return "tight"; }
            @Override public int perMinute() { return 100; }
        };
        filter.check(tight, "192.0.2.1");
        try {
            filter.check(tight, "192.0.2.1");
            org.junit.Assert.fail("the configured 1 per minute must win over the annotation's 100");
        } catch (TooManyRequestsException e) {
            assertTrue(e.retryAfterSeconds() > 0);
        }
    }
}
