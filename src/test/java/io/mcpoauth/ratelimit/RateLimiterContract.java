package io.mcpoauth.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.ratelimit.RateLimiter.Check;
import io.mcpoauth.ratelimit.RateLimiter.Verdict;
import io.mcpoauth.store.StorageContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every rate limiter keeps, run against each backend's limiter: {@link RateLimiter#check} names the check that
 * refused and counts nothing after it, a count-only limit never refuses, and a key of any size is one counter.
 */
@MethodSource("io.mcpoauth.store.backends.Backends#rateLimiters")
public class RateLimiterContract extends StorageContract {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** The time windows run on: fixed, for a limiter in memory counts by it (Redis counts by its own clock). */
    public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private RateLimiter limiter;

    @BeforeEach
    void open() {
        limiter = backend().rateLimiter(storage);
    }

    private RateLimiter limiter() {
        return limiter;
    }

    private Instant now() {
        return NOW;
    }

    private static String key(String prefix) {
        return prefix + UUID.randomUUID();
    }

    /** The count of a key, read without counting: the largest limit it has reached. */
    private long count(RateLimiter limiter, String key) {
        int n = 0;
        while (limiter.blocked(key, n + 1, MINUTE, now()) > 0) {
            n++;
        }
        return n;
    }

    @Test
    void checkWhenALockoutIsReachedThenItsPositionIsNamedAndLaterHitsAreNotCounted() {
        RateLimiter limiter = limiter();
        String failures = key("fc:");
        String requests = key("c:");
        limiter.hit(failures, Integer.MAX_VALUE, MINUTE, now());
        Verdict v = limiter.check(List.of(Check.hit(key("a:"), 10), Check.blocked(failures, 1),
                Check.hit(requests, 10)), MINUTE, now());
        assertEquals(1, v.refusedBy());
        assertTrue(v.retryAfterSeconds() >= 1 && v.retryAfterSeconds() <= 60, "wait " + v);
        assertEquals(1, count(limiter, failures), "blocked does not count");
        assertEquals(0, count(limiter, requests), "nothing after the refusal is counted");
    }

    @Test
    void checkCountsEachHitInOrderUntilOneIsOverItsLimit() {
        RateLimiter limiter = limiter();
        String client = key("c:");
        String address = key("a:");
        List<Check> checks = List.of(Check.blocked(key("fc:"), 5), Check.hit(client, 2), Check.hit(address, 1));
        assertTrue(limiter.check(checks, MINUTE, now()).passed());
        Verdict second = limiter.check(checks, MINUTE, now());
        assertEquals(2, second.refusedBy(), "the address is over its limit: " + second);
        Verdict third = limiter.check(checks, MINUTE, now());
        assertEquals(1, third.refusedBy(), "the client is over its limit: " + third);
        assertEquals(3, count(limiter, client));
        assertEquals(2, count(limiter, address), "not counted after the client's refusal");
    }

    @Test
    void hitWhenLimitIsCountOnlyThenNeverRefusedButCounted() {
        RateLimiter limiter = limiter();
        String failures = key("fa:");
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.check(List.of(Check.hit(failures, Integer.MAX_VALUE)), MINUTE, now()).passed());
        }
        assertTrue(limiter.blocked(failures, 5, MINUTE, now()) > 0);
    }

    @Test
    void hitWhenKeyIsFiveMegabytesThenItIsOneCounterOfItsOwn() {
        RateLimiter limiter = limiter();
        String huge = key("c:") + "x".repeat(5 * 1024 * 1024);
        assertEquals(0, limiter.hit(huge, 1, MINUTE, now()));
        assertTrue(limiter.hit(huge, 1, MINUTE, now()) > 0);
        assertTrue(limiter.blocked(huge, 1, MINUTE, now()) > 0);
        assertEquals(1, limiter.check(List.of(Check.hit(key("a:"), 5), Check.blocked(huge, 2)), MINUTE, now())
                .refusedBy());
        assertEquals(0, limiter.hit(huge + "y", 1, MINUTE, now()), "another long key is another counter");
    }
}
