package io.mcpoauth.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.ratelimit.LimitKeys;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.ratelimit.RateLimiter.Check;
import io.mcpoauth.ratelimit.SharedCounters;
import io.mcpoauth.ratelimit.SharedCounters.Count;
import io.mcpoauth.ratelimit.SharedCounters.Delta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Rate-limit counters in Redis (the contract runs in {@link io.mcpoauth.ratelimit.RateLimiterContract}): one window
 * per key, shared by every instance, with a TTL.
 */
class RedisRateLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final String PREFIX = RedisTests.newPrefix();

    @AfterAll
    static void removeKeys() {
        RedisTests.deleteAll(PREFIX);
    }

    @Test
    void hitWhenOverLimitAcrossTwoInstancesThenRetryAfterWithinWindow() {
        try (RedisStorage a = RedisTests.storage(PREFIX); RedisStorage b = RedisTests.storage(PREFIX)) {
            String key = "c:" + Tokens.newId();
            Instant now = Instant.now();
            RateLimiter first = a.rateLimiter();
            RateLimiter second = b.rateLimiter();
            for (int i = 0; i < 5; i++) {
                assertEquals(0, (i % 2 == 0 ? first : second).hit(key, 6, MINUTE, now));
            }
            assertEquals(0, second.hit(key, 6, MINUTE, now));
            long retryAfter = first.hit(key, 6, MINUTE, now);
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "retry after " + retryAfter);
        }
    }

    /** What a reconcile sends: counts added to many keys, and keys only read, in batches of one script each. */
    @Test
    void addWhenManyKeysThenEachCountedOrReadWithItsWindowAndAReadStartsNone() {
        try (RedisStorage storage = RedisTests.storage(PREFIX); RedisClient redis = RedisTests.client()) {
            SharedCounters counters = storage.rateLimiter();
            String id = Tokens.newId();
            List<Delta> deltas = new ArrayList<>();
            for (int i = 0; i < RedisRateLimiter.BATCH + 44; i++) {
                deltas.add(new Delta("c:" + id + ":" + i, i % 3, MINUTE));
            }
            List<Count> first = counters.add(deltas);
            List<Count> second = counters.add(deltas);
            for (int i = 0; i < deltas.size(); i++) {
                long amount = i % 3;
                assertEquals(2 * amount, second.get(i).count(), "key " + i);
                assertEquals(amount, first.get(i).count(), "key " + i);
                long left = second.get(i).millisLeft();
                assertTrue(amount == 0 ? left == 0 : left > 0 && left <= 60_000, "key " + i + ": " + left);
            }
            assertFalse(redis.exists(PREFIX + "rl:c:" + id + ":0"), "a read starts no window");
            assertTrue(redis.pttl(PREFIX + "rl:c:" + id + ":1") > 0);
        }
    }

    @Test
    void blockedWhenLimitReachedThenSecondsLeftWithoutCounting() {
        try (RedisStorage storage = RedisTests.storage(PREFIX); RedisClient redis = RedisTests.client()) {
            RateLimiter limiter = storage.rateLimiter();
            String key = "fc:" + Tokens.newId();
            Instant now = Instant.now();
            assertEquals(0, limiter.blocked(key, 2, MINUTE, now));
            limiter.hit(key, 2, MINUTE, now);
            assertEquals(0, limiter.blocked(key, 2, MINUTE, now));
            limiter.hit(key, 2, MINUTE, now);
            long left = limiter.blocked(key, 2, MINUTE, now);
            assertTrue(left >= 1 && left <= 60, "left " + left);
            assertEquals("2", redis.get(PREFIX + "rl:" + key), "blocked does not count");
            long ttl = redis.pttl(PREFIX + "rl:" + key);
            assertTrue(ttl > 0 && ttl <= MINUTE.toMillis(), "ttl " + ttl);
        }
    }

    @Test
    void hitWhenWindowEndsThenCountStartsAgain() throws InterruptedException {
        try (RedisStorage storage = RedisTests.storage(PREFIX)) {
            RateLimiter limiter = storage.rateLimiter();
            String key = "r:" + Tokens.newId();
            Duration window = Duration.ofMillis(300);
            assertEquals(0, limiter.hit(key, 1, window, Instant.now()));
            assertEquals(1, limiter.hit(key, 1, window, Instant.now()));
            Thread.sleep(400);
            assertEquals(0, limiter.hit(key, 1, window, Instant.now()));
        }
    }

    @Test
    void hitWhenKeyIsHugeThenStoredUnderAShortKey() {
        try (RedisStorage storage = RedisTests.storage(PREFIX); RedisClient redis = RedisTests.client()) {
            RateLimiter limiter = storage.rateLimiter();
            String huge = "c:" + "x".repeat(5 * 1024 * 1024) + Tokens.newId();
            Instant now = Instant.now();
            limiter.hit(huge, 1, MINUTE, now);
            limiter.check(List.of(Check.hit(huge, 1)), MINUTE, now);
            String stored = PREFIX + "rl:" + LimitKeys.bounded(huge);
            assertEquals("2", redis.get(stored));
            assertTrue(stored.length() < PREFIX.length() + 3 + LimitKeys.MAX_CHARS, stored);
            ScanParams match = new ScanParams().match(PREFIX + "rl:*").count(1000);
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, match);
                for (String key : page.getResult()) {
                    assertTrue(key.length() <= PREFIX.length() + 3 + LimitKeys.MAX_CHARS, "a key of " + key.length());
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        }
    }
}
