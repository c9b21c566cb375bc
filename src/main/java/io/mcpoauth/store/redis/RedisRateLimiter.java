package io.mcpoauth.store.redis;

import io.mcpoauth.ratelimit.LimitKeys;
import io.mcpoauth.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fixed-window counters in Redis, shared by every server instance: one key per limited key, counted with
 * {@code INCR} and given its TTL (the window) on the first event, in one script. Windows run on Redis's
 * clock, so {@code now} is not used; every instance sees the same window.
 *
 * <p>A script that counts is not idempotent: it is tried again only when it certainly did not run
 * ({@link Failures#notExecuted}), never after a timeout or a connection lost once it was sent, when it may
 * well have counted. Retrying then would count the one event twice, and more with every retry: a Redis that is
 * only slow would refuse clients still within their limits, and a counter shared by many (a network's, a
 * client's) would be spent by others' lost replies. One event counted once or not at all; the caller gets 503
 * and the client retries with a request of its own. A script that only reads (rate-peek, a check that counts
 * nothing) is retried like any read.
 *
 * <p>{@link #check} runs all its counters in one script, one round trip instead of one per counter, where
 * a script may touch keys of any slot (standalone and Sentinel). On Redis Cluster the counters of one request
 * hash to different slots, so there it checks them one by one.
 *
 * <p>A key longer than {@link LimitKeys#MAX_CHARS} is stored by its digest, so no request can make Redis hold
 * a large key for a window.
 */
public final class RedisRateLimiter extends RedisStore implements RateLimiter {

    /** The {@code idempotent} flag of a script that counts: see the class comment. */
    private static final boolean COUNTS = false;

    private final boolean oneScript;

    RedisRateLimiter(RedisExecutor redis, Keys keys, boolean oneScript) {
        super(redis, keys);
        this.oneScript = oneScript;
    }

    @Override
    public long hit(String key, int limit, Duration window, Instant now) {
        List<?> reply = (List<?>) redis.eval(Script.RATE_HIT, List.of(name(key)),
                List.of(Long.toString(window.toMillis())), COUNTS);
        long count = (Long) reply.get(0);
        return count > limit ? seconds((Long) reply.get(1)) : 0;
    }

    @Override
    public long blocked(String key, int limit, Duration window, Instant now) {
        List<?> reply = (List<?>) redis.eval(Script.RATE_PEEK, List.of(name(key)), List.of(), true);
        long count = (Long) reply.get(0);
        long left = (Long) reply.get(1);
        return count >= limit && left > 0 ? seconds(left) : 0;
    }

    @Override
    public Verdict check(List<Check> checks, Duration window, Instant now) {
        if (!oneScript || checks.isEmpty()) {
            return RateLimiter.super.check(checks, window, now);
        }
        List<String> keyNames = new ArrayList<>(checks.size());
        List<String> args = new ArrayList<>(1 + 2 * checks.size());
        args.add(Long.toString(window.toMillis()));
        for (Check c : checks) {
            keyNames.add(name(c.key()));
            args.add(Integer.toString(c.limit()));
            args.add(c.counts() ? "1" : "0");
        }
        boolean readOnly = checks.stream().noneMatch(Check::counts);
        List<?> reply = (List<?>) redis.eval(Script.RATE_CHECK, keyNames, args, readOnly);
        long position = (Long) reply.get(0);
        return position > 0 ? new Verdict((int) position - 1, seconds((Long) reply.get(1))) : Verdict.PASSED;
    }

    private String name(String key) {
        return keys.rateLimit(LimitKeys.bounded(key));
    }

    private static long seconds(long millisLeft) {
        return Math.max(1, (millisLeft + 999) / 1000);
    }
}
