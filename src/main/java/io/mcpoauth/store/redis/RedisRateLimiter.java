package io.mcpoauth.store.redis;

import io.mcpoauth.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Fixed-window counters in Redis, shared by every server instance: one key per limited key, counted with
 * {@code INCR} and given its TTL (the window) on the first event, in one script. Windows run on Redis's
 * clock, so {@code now} is not used; every instance sees the same window. Counting one event twice when a
 * reply is lost only errs towards limiting, so the call is retried like an idempotent one.
 */
public final class RedisRateLimiter implements RateLimiter {

    private final RedisExecutor redis;
    private final Keys keys;

    RedisRateLimiter(RedisExecutor redis, Keys keys) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public long hit(String key, int limit, Duration window, Instant now) {
        List<?> reply = (List<?>) redis.eval(Script.RATE_HIT, List.of(keys.rateLimit(key)),
                List.of(Long.toString(window.toMillis())), true);
        long count = (Long) reply.get(0);
        return count > limit ? seconds((Long) reply.get(1)) : 0;
    }

    @Override
    public long blocked(String key, int limit, Duration window, Instant now) {
        List<?> reply = (List<?>) redis.eval(Script.RATE_PEEK, List.of(keys.rateLimit(key)), List.of(), true);
        long count = (Long) reply.get(0);
        long left = (Long) reply.get(1);
        return count >= limit && left > 0 ? seconds(left) : 0;
    }

    private static long seconds(long millisLeft) {
        return Math.max(1, (millisLeft + 999) / 1000);
    }
}
