package org.homeroom.platform.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per (bucket name, client), in memory, bounded: at most {@code maxClients} buckets, the
 * least recently used forgotten first (a forgotten client starts again with a full bucket, which only
 * ever errs on the generous side). Each bucket holds {@code perMinute} tokens and refills evenly.
 */
final class RateLimiter {

    /** The decision for one call: allowed, or refused with the seconds until a token is back. */
    record Decision(boolean allowed, long retryAfterSeconds) {
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final int maxClients;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets;

    RateLimiter(int maxClients, LongSupplier nanoClock) {
        this.maxClients = Math.max(1, maxClients);
        this.nanoClock = nanoClock;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > RateLimiter.this.maxClients;
            }
        };
    }

    Decision take(String bucket, String client, int perMinute) {
        int capacity = Math.max(1, perMinute);
        double perNano = capacity / 60e9;
        long now = nanoClock.getAsLong();
        String key = bucket + '|' + client;
        synchronized (buckets) {
            Bucket b = buckets.get(key);
            if (b == null) {
                b = new Bucket(capacity, now);
                buckets.put(key, b);
            } else {
                b.tokens = Math.min(capacity, b.tokens + (now - b.updatedNanos) * perNano);
                b.updatedNanos = now;
            }
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return new Decision(true, 0);
            }
            long seconds = (long) Math.ceil((1 - b.tokens) / perNano / 1e9);
            return new Decision(false, Math.max(1, seconds));
        }
    }

    int size() {
        synchronized (buckets) {
            return buckets.size();
        }
    }
}
