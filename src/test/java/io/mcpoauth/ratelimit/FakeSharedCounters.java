package io.mcpoauth.ratelimit;

import io.mcpoauth.store.StorageUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared counters in a map, as Redis keeps them (a window starts with its first count and ends on the counters'
 * own clock, {@link #now}), that count their calls (each one round trip in Redis) and record what {@link #add}
 * was sent. Several {@link ReconcilingRateLimiter}s over one of these are several instances over one Redis.
 */
final class FakeSharedCounters implements SharedCounters {

    /** The shared store's clock, epoch milliseconds. */
    long now;
    /** Calls made, each a round trip in Redis. */
    int calls;
    /** What each {@link #add} was sent. */
    final List<List<Delta>> sent = new ArrayList<>();
    /** When set, every call fails as an unreachable Redis does. */
    boolean down;

    private final Map<String, long[]> counters = new HashMap<>();

    FakeSharedCounters(Instant now) {
        this.now = now.toEpochMilli();
    }

    @Override
    public synchronized List<Count> add(List<Delta> deltas) {
        call();
        sent.add(List.copyOf(deltas));
        List<Count> counts = new ArrayList<>();
        for (Delta d : deltas) {
            counts.add(apply(LimitKeys.bounded(d.key()), d.amount(), d.window()));
        }
        return counts;
    }

    @Override
    public synchronized long hit(String key, int limit, Duration window, Instant at) {
        call();
        Count c = apply(LimitKeys.bounded(key), 1, window);
        return c.count() > limit ? seconds(c.millisLeft()) : 0;
    }

    @Override
    public synchronized long blocked(String key, int limit, Duration window, Instant at) {
        call();
        Count c = apply(LimitKeys.bounded(key), 0, window);
        return c.count() >= limit && c.millisLeft() > 0 ? seconds(c.millisLeft()) : 0;
    }

    /** {@link RateLimiter#check} in one call, as Redis runs it in one script. */
    @Override
    public synchronized Verdict check(List<Check> checks, Duration window, Instant at) {
        call();
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            Count n = apply(LimitKeys.bounded(c.key()), c.counts() ? 1 : 0, window);
            boolean refused = c.counts() ? n.count() > c.limit() : n.count() >= c.limit() && n.millisLeft() > 0;
            if (refused) {
                return new Verdict(i, seconds(n.millisLeft()));
            }
        }
        return Verdict.PASSED;
    }

    /** The shared count of a key now, without a call. */
    synchronized long count(String key) {
        return apply(LimitKeys.bounded(key), 0, Duration.ofMinutes(1)).count();
    }

    private void call() {
        calls++;
        if (down) {
            throw new StorageUnavailableException("storage is temporarily unavailable", null);
        }
    }

    private Count apply(String key, long amount, Duration window) {
        long[] c = counters.get(key);
        if (c != null && now >= c[1]) {
            counters.remove(key);
            c = null;
        }
        if (amount == 0) {
            return c == null ? Count.NONE : new Count(c[0], c[1] - now);
        }
        if (c == null) {
            c = new long[] {0, now + window.toMillis()};
            counters.put(key, c);
        }
        c[0] += amount;
        return new Count(c[0], c[1] - now);
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
