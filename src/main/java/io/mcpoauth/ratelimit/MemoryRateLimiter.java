package io.mcpoauth.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed-window counters in a map, bounded in size: when full, windows that have ended are dropped, and if
 * none has ended the map is cleared (erring on letting requests through rather than on refusing them).
 *
 * <p>A window counts in place with an atomic counter, so the requests of one busy client, which all hit the
 * same two keys, do not queue on the map's lock (a profile under load showed them doing so); only starting a
 * new window goes through {@code compute}. A hit racing with that replacement may be counted in the window
 * that just ended: at most a few events at a window's edge, and towards letting them through.
 *
 * <p>Bounded in entries and, through {@link LimitKeys#bounded}, in the size of each key.
 */
public final class MemoryRateLimiter implements RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final long end;
        final AtomicInteger count = new AtomicInteger();

        Window(long end) {
            this.end = end;
        }
    }

    @Override
    public long hit(String key, int limit, Duration window, Instant now) {
        String k = LimitKeys.bounded(key);
        long t = now.toEpochMilli();
        Window w = windows.get(k);
        if (w == null || t >= w.end) {
            if (windows.size() >= MAX_KEYS) {
                prune(now);
            }
            w = windows.compute(k, (unused, old) -> old == null || t >= old.end ? new Window(t + window.toMillis()) : old);
        }
        int count = w.count.incrementAndGet();
        return count > limit ? secondsLeft(w, t) : 0;
    }

    @Override
    public long blocked(String key, int limit, Duration window, Instant now) {
        Window w = windows.get(LimitKeys.bounded(key));
        long t = now.toEpochMilli();
        return w != null && t < w.end && w.count.get() >= limit ? secondsLeft(w, t) : 0;
    }

    /** The longest key held, in characters (for tests of the size bound). */
    int longestKey() {
        return windows.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    private static long secondsLeft(Window w, long t) {
        return Math.max(1, (w.end - t + 999) / 1000);
    }

    private void prune(Instant now) {
        long t = now.toEpochMilli();
        windows.values().removeIf(w -> t >= w.end);
        if (windows.size() >= MAX_KEYS) {
            windows.clear();
        }
    }
}
