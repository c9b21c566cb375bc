package io.mcpoauth.store.redis;

import java.time.Clock;
import java.time.Instant;

/**
 * Time to live of a key, in milliseconds, from a record's expiry and the storage clock: set with the write
 * ({@code SET ... PX}), so a key never exists without one. Relative times keep Redis's own clock out of it.
 */
final class Ttl {

    private Ttl() {
    }

    /** Milliseconds until {@code expiresAt}; zero or less when it has passed (then nothing is written). */
    static long until(Instant expiresAt, Clock clock) {
        return expiresAt.toEpochMilli() - clock.millis();
    }
}
