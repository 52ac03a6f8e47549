package org.homeroom.platform.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.homeroom.platform.api.CurrentUser;

/**
 * Remembers recently verified credentials for a short time, keyed by a SHA-256 of the header (never
 * the password itself), because a JAAS login on every request halves throughput. Bounded: when full
 * it is cleared, which only costs a few logins.
 */
final class CredentialCache {

    static final int MAX_ENTRIES = 10_000;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(CurrentUser user, long expires) {
    }

    CredentialCache(int ttlSeconds, LongSupplier clock) {
        this.ttlNanos = ttlSeconds * 1_000_000_000L;
        this.clock = clock;
    }

    Optional<CurrentUser> get(String credentials) {
        if (ttlNanos <= 0) {
            return Optional.empty();
        }
        Entry e = entries.get(key(credentials));
        if (e == null) {
            return Optional.empty();
        }
        if (clock.getAsLong() - e.expires() > 0) {
            entries.remove(key(credentials));
            return Optional.empty();
        }
        return Optional.of(e.user());
    }

    void put(String credentials, CurrentUser user) {
        if (ttlNanos <= 0) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key(credentials), new Entry(user, clock.getAsLong() + ttlNanos));
    }

    void clear() {
        entries.clear();
    }

    private static String key(String credentials) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(credentials.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
