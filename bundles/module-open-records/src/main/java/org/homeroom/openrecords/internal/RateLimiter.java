package org.homeroom.openrecords.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/** Calls per client address per minute, in fixed one-minute windows; bounded memory. */
final class RateLimiter {

    private static final int MAX_CLIENTS = 50_000;
    private final int perMinute;
    private final LongSupplier clockMillis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long minute, AtomicInteger calls) {
    }

    RateLimiter(int perMinute, LongSupplier clockMillis) {
        this.perMinute = perMinute;
        this.clockMillis = clockMillis;
    }

    /** @return true if this call is within the limit */
    boolean allow(String client) {
        long minute = clockMillis.getAsLong() / 60_000;
        if (windows.size() > MAX_CLIENTS) {
            windows.values().removeIf(w -> w.minute() < minute);
        }
        Window w = windows.compute(client, (k, old) -> old == null || old.minute() != minute ? new Window(minute, new AtomicInteger()) : old);
        return w.calls().incrementAndGet() <= perMinute;
    }

    /** Seconds until the current window ends. */
    long retryAfterSeconds() {
        return 60 - (clockMillis.getAsLong() / 1000) % 60;
    }
}
