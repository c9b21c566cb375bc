package io.mcpoauth.store.redis;

import io.mcpoauth.ratelimit.LimitKeys;
import io.mcpoauth.ratelimit.SharedCounters;
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
 * <p>{@link #add} (what {@link io.mcpoauth.ratelimit.ReconcilingRateLimiter} sends) counts and reads up to
 * {@value #BATCH} counters per script ({@code rate-add.lua}), every script of one call in one pipeline: one round
 * trip; on Redis Cluster one script per counter, since each may live in another slot, pipelined to each node: one
 * round trip per node.
 *
 * <p>A key longer than {@link LimitKeys#MAX_CHARS} is stored by its digest, so no request can make Redis hold
 * a large key for a window.
 */
public final class RedisRateLimiter extends RedisStore implements SharedCounters {

    /** Counters per {@code rate-add.lua} call: a few thousand keys would hold Redis up for milliseconds. */
    static final int BATCH = 256;

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
            return SharedCounters.super.check(checks, window, now);
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

    @Override
    public List<Count> add(List<Delta> deltas) {
        if (deltas.isEmpty()) {
            return List.of();
        }
        int batch = oneScript ? BATCH : 1;
        List<List<String>> keyNames = new ArrayList<>();
        List<List<String>> args = new ArrayList<>();
        for (int from = 0; from < deltas.size(); from += batch) {
            List<Delta> part = deltas.subList(from, Math.min(deltas.size(), from + batch));
            List<String> names = new ArrayList<>(part.size());
            List<String> values = new ArrayList<>(2 * part.size());
            for (Delta d : part) {
                names.add(name(d.key()));
                values.add(Long.toString(d.amount()));
                values.add(Long.toString(d.window().toMillis()));
            }
            keyNames.add(names);
            args.add(values);
        }
        boolean readOnly = deltas.stream().allMatch(d -> d.amount() == 0);
        List<Count> counts = new ArrayList<>(deltas.size());
        List<?> replies = keyNames.size() == 1
                ? List.of(redis.eval(Script.RATE_ADD, keyNames.get(0), args.get(0), readOnly))
                : redis.evalEach(Script.RATE_ADD, keyNames, args, readOnly);
        for (Object reply : replies) {
            List<?> values = (List<?>) reply;
            for (int i = 0; i < values.size(); i += 2) {
                counts.add(new Count((Long) values.get(i), (Long) values.get(i + 1)));
            }
        }
        return counts;
    }

    private String name(String key) {
        return keys.rateLimit(LimitKeys.bounded(key));
    }

    private static long seconds(long millisLeft) {
        return Math.max(1, (millisLeft + 999) / 1000);
    }
}
