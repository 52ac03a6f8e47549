package org.homeroom.platform.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing without locking real staff out. Failed sign-ins are counted per
 * (user name, client address) and per client address, never per user name alone: someone guessing
 * {@code jdoe}'s password from one address makes that address wait, while {@code jdoe} signing in from
 * her school is not affected. Once a counter reaches its limit, that pair (or address) waits before the
 * next attempt is even checked: the first wait is {@code lockoutSeconds}, each further failure doubles it,
 * up to {@code maxLockoutSeconds}. A counter is forgotten {@code forgetSeconds} after its last failure; a
 * correct password clears its (user, address) counter (not the address's: one known account must not
 * reset the count of guesses at others). Memory is bounded: each map keeps its most recently used entries.
 */
final class LoginThrottle {

    static final int MAX_ENTRIES = 10_000;

    /** Limits; seconds as in {@link RestConfig}. */
    record Limits(int failuresPerUser, int failuresPerAddress, int lockoutSeconds, int maxLockoutSeconds, int forgetSeconds) {
        boolean enabled() {
            return failuresPerUser > 0 || failuresPerAddress > 0;
        }
    }

    private static final class Counter {
        int failures;
        long lastFailure;
        long blockedUntil;
    }

    private final Limits limits;
    private final LongSupplier clock;
    private final Map<String, Counter> byUser = lru();
    private final Map<String, Counter> byAddress = lru();

    LoginThrottle(Limits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.clock = nanoClock;
    }

    /** Seconds to wait before this user may try again from this address; empty when a try is allowed now. */
    synchronized Optional<Long> retryAfter(String user, String address) {
        if (!limits.enabled()) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        long until = Math.max(blockedUntil(byUser.get(key(user, address)), now), blockedUntil(byAddress.get(address), now));
        if (until - now <= 0) {
            return Optional.empty();
        }
        return Optional.of(Math.max(1, (until - now + 999_999_999L) / 1_000_000_000L));
    }

    /** Records a wrong password (not an unreachable directory: that is no guess). */
    synchronized void failed(String user, String address) {
        if (!limits.enabled()) {
            return;
        }
        long now = clock.getAsLong();
        count(byUser, key(user, address), limits.failuresPerUser(), now);
        count(byAddress, address, limits.failuresPerAddress(), now);
    }

    /** Records a correct password: this user's failures from this address are forgotten. */
    synchronized void succeeded(String user, String address) {
        byUser.remove(key(user, address));
    }

    synchronized int size() {
        return byUser.size() + byAddress.size();
    }

    private void count(Map<String, Counter> counters, String key, int limit, long now) {
        if (limit <= 0) {
            return;
        }
        Counter c = counters.computeIfAbsent(key, k -> new Counter());
        if (c.failures > 0 && now - c.lastFailure > seconds(limits.forgetSeconds()) && now - c.blockedUntil > 0) {
            c.failures = 0;
        }
        c.failures++;
        c.lastFailure = now;
        if (c.failures >= limit) {
            int doublings = Math.min(c.failures - limit, 30);
            long wait = Math.min(seconds(limits.lockoutSeconds()) << doublings, seconds(limits.maxLockoutSeconds()));
            c.blockedUntil = now + Math.max(wait, 0);
        }
    }

    private long blockedUntil(Counter c, long now) {
        return c == null || c.failures == 0 ? now : c.blockedUntil - now > 0 ? c.blockedUntil : now;
    }

    private static long seconds(int s) {
        return s * 1_000_000_000L;
    }

    private static String key(String user, String address) {
        // user names are compared as the directory does (case-insensitively): jdoe and JDoe are one account
        return user.toLowerCase(java.util.Locale.ROOT) + '\u0000' + address;
    }

    private static Map<String, Counter> lru() {
        return new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
                return size() > MAX_ENTRIES;
            }
        };
    }
}
