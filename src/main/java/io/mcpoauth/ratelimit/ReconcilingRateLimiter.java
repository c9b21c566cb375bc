package io.mcpoauth.ratelimit;

import io.mcpoauth.ratelimit.SharedCounters.Count;
import io.mcpoauth.ratelimit.SharedCounters.Delta;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shared rate-limit counters (Redis) decided locally: a request's limits cost no round trip; the counts are sent,
 * and the shared totals learned, in the background every reconcile interval I
 * ({@code mcp.oauth.rate-limit.reconcile-interval}, default 500 ms; {@link #reconcile}, one call per few hundred
 * keys). An introspection on Redis is then one round trip (the token's lookup) where it was three, and a refresh
 * two where it was five.
 *
 * <p><b>What is decided here.</b> Per key seen lately, this instance keeps the shared count learned at its last
 * reconcile and the events it has counted since. A request count ({@code a:}, {@code c:}, {@code ok:},
 * registrations, authorizations, form logins) is counted and decided on their sum; so is a read ({@link #blocked}:
 * the lockouts). A key not yet in the view is read from the shared store first, synchronously (all of a request's
 * new keys in one call), so a new instance, or a new address, starts from the shared count, not from zero: a
 * client pays that once, then nothing while it keeps calling.
 *
 * <p><b>The overshoot bound.</b> An instance sees its own events at once, the others' late: an event reaches the
 * shared store with its instance's next reconcile, and another instance with that one's next, so while reconciles
 * run on time a view lags the shared count by what the other instances accepted in the last two intervals. A view
 * is used up to {@value #STALE_INTERVALS} intervals old, so a late reconcile makes the lag at most four. With N
 * instances each accepting at most R requests per interval on a key, the instances together accept per window at
 * most {@code limit + (N - 1) x 2R} (on time; {@code (N - 1) x 4R} at worst), and never more than
 * {@code N x limit}, since no instance passes the limit on its own counts. One instance never overshoots. At the
 * edge of a window, counts made here and not yet sent when this instance sees the window end are dropped, towards
 * letting through, as {@link MemoryRateLimiter} does at its edges.
 *
 * <p><b>Failures are counted at once.</b> A failed client authentication or a wrong admin token (the counters the
 * lockouts read, {@link RateLimits#countsFailures}) is added to the shared store synchronously, the three counters
 * of a failed authentication in one call, and this instance's view takes the new counts at once: failures are rare
 * and an attacker's path, and a lockout must not wait for a reconcile. The lockout reads stay local: another
 * instance sees the failures when it next reconciles (within I while on time, at most {@value #STALE_INTERVALS}I).
 * Until then it checks fresh secrets as before, each wrong one counted at once and seen by itself at once, so it
 * locks after the limit of its own at most: over all instances at most
 * {@code limit + (N - 1) x (guesses one instance takes in two intervals)} guesses per window, and never more than
 * {@code N x limit}. Likewise another instance learns that a client authenticated from an address (the
 * {@code ok:} count that lifts the per-client lockout there) within the same time, refusing unverified secrets of
 * that client meanwhile: stricter, never looser.
 *
 * <p><b>When the view is not used.</b> While the last reconcile is older than {@value #STALE_INTERVALS} intervals,
 * or failed (Redis unreachable), or none has run yet, every check goes to the shared store as before this class:
 * one round trip, and 503 when Redis does not answer, so the limits fail closed exactly as before. Counts whose
 * reconcile failed are not sent again: they may have been counted, and each event is counted once or not at all,
 * as {@code RedisRateLimiter} argues. When the view holds {@code maxKeys} keys ({@value #MAX_KEYS} by default,
 * each key at most {@link LimitKeys#MAX_CHARS} characters) a request with a key not in it goes to the shared store
 * too: slower, never looser. Keys unused for {@value #IDLE_INTERVALS} intervals leave the view at a reconcile, so
 * the view, and what each reconcile reads, holds the keys of current callers.
 *
 * <p><b>Redis Cluster.</b> Counters live in other slots than each other and than the tokens, so there a reconcile
 * sends one script per key, pipelined: one round trip per node, with Redis running a script per key in use. A
 * request still makes no round trip for its limits (a new key's first read: one per node).
 */
public final class ReconcilingRateLimiter implements RateLimiter {

    /** The view's default bound in keys: each reconcile reads them all. */
    public static final int MAX_KEYS = 10_000;
    /** Reconciles after which a view not reconciled is no longer used. */
    static final int STALE_INTERVALS = 2;
    /** Reconciles a key may go unused before it leaves the view. */
    static final int IDLE_INTERVALS = 20;
    private static final Logger LOG = Logger.getLogger(ReconcilingRateLimiter.class.getName());

    private final SharedCounters shared;
    private final Duration interval;
    private final int maxKeys;
    private final long staleMillis;
    private final long idleMillis;
    private final Map<String, Entry> view = new ConcurrentHashMap<>();
    private final Object reconciling = new Object();
    /** The {@code now} of the last reconcile that succeeded; none yet, or the last failed: the view is not used. */
    private volatile long reconciledAt = Long.MIN_VALUE;

    /** One key as this instance sees it. */
    private static final class Entry {
        final long windowMillis;
        /** The shared count at the last reconcile (or synchronous read or failure count). */
        volatile long learned;
        /** When that window ends, epoch milliseconds; zero when there is no window. */
        volatile long end;
        /** Counted here since, not yet sent. */
        final AtomicLong counted = new AtomicLong();
        /** Sent by the reconcile under way, not yet in {@code learned}. */
        volatile long sending;
        /** When a synchronous count last set {@code learned}: an older reconcile's reply does not overwrite it. */
        volatile long syncedAt = Long.MIN_VALUE;
        volatile long lastUsed;

        Entry(long windowMillis, long now) {
            this.windowMillis = windowMillis;
            this.lastUsed = now;
        }

        /** Learned before counted here: read in that order, a reconcile moving counts between them overcounts. */
        long total() {
            return learned + sending + counted.get();
        }

        void learn(Count c, long now) {
            learned = c.count();
            if (c.count() > 0 && c.millisLeft() > 0) {
                end = now + c.millisLeft();
            } else {
                // No window in the shared store; one begins with counts made here and not yet sent.
                end = counted.get() > 0 ? now + windowMillis : 0;
            }
        }

        boolean ended(long now) {
            return end != 0 && now >= end;
        }
    }

    public ReconcilingRateLimiter(SharedCounters shared, Duration interval) {
        this(shared, interval, MAX_KEYS);
    }

    ReconcilingRateLimiter(SharedCounters shared, Duration interval, int maxKeys) {
        this.shared = Objects.requireNonNull(shared, "shared");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative() || maxKeys < 1) {
            throw new IllegalArgumentException("interval and maxKeys must be positive");
        }
        this.maxKeys = maxKeys;
        this.staleMillis = STALE_INTERVALS * interval.toMillis();
        this.idleMillis = IDLE_INTERVALS * interval.toMillis();
    }

    /** How often {@link #reconcile} is to run. */
    public Duration interval() {
        return interval;
    }

    @Override
    public long hit(String key, int limit, Duration window, Instant now) {
        return check(List.of(Check.hit(key, limit)), window, now).retryAfterSeconds();
    }

    @Override
    public long blocked(String key, int limit, Duration window, Instant now) {
        return check(List.of(Check.blocked(key, limit)), window, now).retryAfterSeconds();
    }

    @Override
    public Verdict check(List<Check> checks, Duration window, Instant now) {
        long t = now.toEpochMilli();
        if (t > reconciledAt + staleMillis || !learnNewKeys(checks, window, t)) {
            return shared.check(checks, window, now);
        }
        List<Count> failures = countFailuresTogether(checks, window);
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            long wait = !countsFailure(c) ? decideHere(c, window, now)
                    : countedAtOnce(c, failures != null ? failures.get(i) : countAtOnce(c, window), window, now);
            if (wait > 0) {
                return new Verdict(i, wait);
            }
        }
        return Verdict.PASSED;
    }

    /**
     * Reads the shared counts of the keys not in the view, in one call, and adds them. False when the view has no
     * room for them: the checks then go to the shared store.
     */
    private boolean learnNewKeys(List<Check> checks, Duration window, long now) {
        List<Delta> reads = null;
        for (Check c : checks) {
            String key = LimitKeys.bounded(c.key());
            if (!countsFailure(c) && !view.containsKey(key)) {
                if (reads == null) {
                    reads = new ArrayList<>(checks.size());
                }
                reads.add(new Delta(key, 0, window));
            }
        }
        if (reads == null) {
            return true;
        }
        if (view.size() + reads.size() > maxKeys) {
            return false;
        }
        List<Count> counts = shared.add(reads);
        for (int i = 0; i < reads.size(); i++) {
            Entry e = new Entry(window.toMillis(), now);
            e.learn(counts.get(i), now);
            view.putIfAbsent(reads.get(i).key(), e);
        }
        return true;
    }

    /** A request count, or any read, decided on this instance's view. */
    private long decideHere(Check c, Duration window, Instant now) {
        String key = LimitKeys.bounded(c.key());
        long t = now.toEpochMilli();
        Entry e = view.get(key);
        if (e == null) {
            // Left the view since learnNewKeys (idle at a reconcile, a moment ago): decided by the shared store.
            return c.counts() ? shared.hit(c.key(), c.limit(), window, now)
                    : shared.blocked(c.key(), c.limit(), window, now);
        }
        if (e.ended(t)) {
            // The window has ended: what was counted here in it and not yet sent is dropped (see the class comment).
            e = view.compute(key, (k, old) -> old == null || old.ended(t) ? new Entry(window.toMillis(), t) : old);
        }
        e.lastUsed = t;
        if (!c.counts()) {
            return e.end != 0 && e.total() >= c.limit() ? secondsLeft(e.end, t) : 0;
        }
        e.counted.incrementAndGet();
        if (e.end == 0) {
            // Redis starts the window when the reconcile sends this count; the reconcile then corrects the end.
            e.end = t + e.windowMillis;
        }
        return e.total() > c.limit() ? secondsLeft(e.end, t) : 0;
    }

    private static boolean countsFailure(Check c) {
        return c.counts() && RateLimits.countsFailures(c.key());
    }

    /**
     * When every check counts a failure and none can refuse (a failed authentication counts three), all of them
     * in one call, since no refusal could stop a later one; otherwise null, and each is counted in turn.
     */
    private List<Count> countFailuresTogether(List<Check> checks, Duration window) {
        if (checks.size() < 2 || !checks.stream().allMatch(c -> countsFailure(c) && c.limit() == Integer.MAX_VALUE)) {
            return null;
        }
        return shared.add(checks.stream().map(c -> new Delta(LimitKeys.bounded(c.key()), 1, window)).toList());
    }

    /** A failure, counted in the shared store now: one round trip. */
    private Count countAtOnce(Check c, Duration window) {
        return shared.add(List.of(new Delta(LimitKeys.bounded(c.key()), 1, window))).get(0);
    }

    /** A failure's new shared count, taken into the view at once. */
    private long countedAtOnce(Check c, Count n, Duration window, Instant now) {
        String key = LimitKeys.bounded(c.key());
        long t = now.toEpochMilli();
        Entry e = view.get(key);
        if (e == null && view.size() < maxKeys) {
            e = view.computeIfAbsent(key, k -> new Entry(window.toMillis(), t));
        }
        if (e != null) {
            e.syncedAt = t;
            e.learn(n, t);
            e.lastUsed = t;
        }
        return n.count() > c.limit() ? secondsLeft(t + n.millisLeft(), t) : 0;
    }

    /**
     * Sends what was counted here since the last reconcile and learns every viewed key's shared count, in one call
     * per batch of keys; drops keys unused lately. Never throws: a failure leaves the view unused until a
     * reconcile succeeds (see the class comment). Runs on the container's scheduler, one at a time.
     */
    public void reconcile(Instant now) {
        long t = now.toEpochMilli();
        synchronized (reconciling) {
            List<Entry> entries = new ArrayList<>(view.size());
            List<Delta> deltas = new ArrayList<>(view.size());
            for (Map.Entry<String, Entry> kv : view.entrySet()) {
                Entry e = kv.getValue();
                long counted = e.counted.get();
                if (counted == 0 && t - e.lastUsed >= idleMillis) {
                    // A request that took this entry a moment ago may count one event in it after it left: lost.
                    view.remove(kv.getKey(), e);
                    continue;
                }
                e.sending = counted;
                e.counted.addAndGet(-counted);
                entries.add(e);
                deltas.add(new Delta(kv.getKey(), counted, Duration.ofMillis(e.windowMillis)));
            }
            try {
                List<Count> counts = deltas.isEmpty() ? List.of() : shared.add(deltas);
                for (int i = 0; i < entries.size(); i++) {
                    Entry e = entries.get(i);
                    if (e.syncedAt < t) {
                        e.learn(counts.get(i), t);
                    }
                    e.sending = 0;
                }
                reconciledAt = t;
            } catch (RuntimeException failure) {
                entries.forEach(e -> e.sending = 0);
                reconciledAt = Long.MIN_VALUE;
                LOG.log(Level.FINE, "rate-limit reconcile failed; limits go to the shared store until one succeeds",
                        failure);
            }
        }
    }

    /** Keys in the view (for tests of its bound). */
    int viewSize() {
        return view.size();
    }

    private static long secondsLeft(long end, long now) {
        return Math.max(1, (end - now + 999) / 1000);
    }
}
