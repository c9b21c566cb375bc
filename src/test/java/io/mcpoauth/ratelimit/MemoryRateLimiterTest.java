package io.mcpoauth.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** In-memory fixed windows: counted in place, exact under concurrency within a window. */
class MemoryRateLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final MemoryRateLimiter limiter = new MemoryRateLimiter();

    @Test
    void hitWhenManyThreadsShareOneKeyThenExactlyTheLimitPasses() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> passed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                passed.add(pool.submit(() -> {
                    int n = 0;
                    for (int j = 0; j < 1_000; j++) {
                        n += limiter.hit("c:busy", 5_000, MINUTE, NOW) == 0 ? 1 : 0;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : passed) {
                total += f.get();
            }
            assertEquals(5_000, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hitWhenWindowEndsThenCountStartsAgain() {
        assertEquals(0, limiter.hit("a:1", 1, MINUTE, NOW));
        long wait = limiter.hit("a:1", 1, MINUTE, NOW.plusSeconds(20));
        assertEquals(40, wait);
        assertEquals(0, limiter.hit("a:1", 1, MINUTE, NOW.plus(MINUTE)));
    }

    @Test
    void blockedWhenLimitReachedThenSecondsLeftWithoutCounting() {
        limiter.hit("fc:x", 2, MINUTE, NOW);
        assertEquals(0, limiter.blocked("fc:x", 2, MINUTE, NOW));
        assertEquals(0, limiter.blocked("fc:x", 2, MINUTE, NOW), "blocked does not count");
        limiter.hit("fc:x", 2, MINUTE, NOW);
        long left = limiter.blocked("fc:x", 2, MINUTE, NOW.plusSeconds(30));
        assertEquals(30, left);
        assertEquals(0, limiter.blocked("fc:x", 2, MINUTE, NOW.plus(MINUTE)));
    }

    @Test
    void hitWhenKeyIsHugeThenHeldUnderAShortKey() {
        limiter.hit("c:" + "x".repeat(5 * 1024 * 1024), 1, MINUTE, NOW);
        assertTrue(limiter.longestKey() <= LimitKeys.MAX_CHARS, "longest key " + limiter.longestKey());
    }
}
