package io.mcpoauth.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fixed-window counters in a map, bounded in size: when full, windows that have ended are dropped, and if
 * none has ended the map is cleared (erring on letting requests through rather than on refusing them).
 */
public final class MemoryRateLimiter implements RateLimiter {

    private static final int MAX_KEYS = 100_000;

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long start, long end, int count) {
    }

    @Override
    public long hit(String key, int limit, Duration window, Instant now) {
        if (windows.size() >= MAX_KEYS) {
            prune(now);
        }
        long t = now.toEpochMilli();
        Window w = windows.compute(key, (k, old) -> old == null || t >= old.end()
                ? new Window(t, t + window.toMillis(), 1)
                : new Window(old.start(), old.end(), old.count() + 1));
        return w.count() > limit ? secondsLeft(w, t) : 0;
    }

    @Override
    public long blocked(String key, int limit, Duration window, Instant now) {
        Window w = windows.get(key);
        long t = now.toEpochMilli();
        return w != null && t < w.end() && w.count() >= limit ? secondsLeft(w, t) : 0;
    }

    private static long secondsLeft(Window w, long t) {
        return Math.max(1, (w.end() - t + 999) / 1000);
    }

    private void prune(Instant now) {
        long t = now.toEpochMilli();
        windows.values().removeIf(w -> t >= w.end());
        if (windows.size() >= MAX_KEYS) {
            windows.clear();
        }
    }
}
