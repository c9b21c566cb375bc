package io.mcpoauth.store.redis;

import java.time.Instant;

/**
 * Time to live of a key, in milliseconds, from a record's expiry and the caller's {@code now}: set with the write
 * ({@code SET ... PX}), so a key never exists without one. Relative times keep Redis's own clock out of it, and
 * the caller's {@code now}, never a clock of this backend, decides whether a record has already expired.
 */
final class Ttl {

    private Ttl() {
    }

    /** Milliseconds from {@code now} until {@code expiresAt}; zero or less when it has passed (nothing is written). */
    static long until(Instant expiresAt, Instant now) {
        return expiresAt.toEpochMilli() - now.toEpochMilli();
    }
}
