package io.mcpoauth.cimd;

import java.util.HashMap;
import java.util.Map;

/**
 * Slots for fetches in flight, overall and per host name. A slot is taken before a fetch starts and given
 * back when it has ended; without a free slot there is no fetch and no waiting for one.
 */
final class FetchLimits {

    private final int overall;
    private final int perHost;
    private final Map<String, Integer> byHost = new HashMap<>();
    private int inFlight;

    FetchLimits(int overall, int perHost) {
        this.overall = overall;
        this.perHost = perHost;
    }

    synchronized boolean tryAcquire(String host) {
        int forHost = byHost.getOrDefault(host, 0);
        if (inFlight >= overall || forHost >= perHost) {
            return false;
        }
        inFlight++;
        byHost.put(host, forHost + 1);
        return true;
    }

    synchronized void release(String host) {
        inFlight--;
        byHost.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1);
    }

    synchronized int inFlight() {
        return inFlight;
    }
}
