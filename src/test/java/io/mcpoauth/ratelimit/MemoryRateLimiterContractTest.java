package io.mcpoauth.ratelimit;

import java.time.Instant;

/** The rate limiter contract in memory. */
class MemoryRateLimiterContractTest extends RateLimiterContract {

    private final MemoryRateLimiter limiter = new MemoryRateLimiter();

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Override
    protected Instant now() {
        return Instant.parse("2026-01-01T00:00:00Z");
    }
}
