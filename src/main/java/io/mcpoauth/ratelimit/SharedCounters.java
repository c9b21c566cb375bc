package io.mcpoauth.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link RateLimiter} whose counters several server instances share (Redis), which can also add many counts
 * and read many counters at once: what {@link ReconcilingRateLimiter} sends and learns in one call.
 */
public interface SharedCounters extends RateLimiter {

    /**
     * Adds each delta to its key's count in the current window (starting the window, {@code window} long, when
     * there is none) and reads the count; a delta of zero only reads, and starts nothing. As few round trips as
     * the backend allows (one per batch of keys where a script may touch keys of any slot). Not retried once it
     * may have counted, so each delta is counted once or not at all.
     *
     * @return the counts in the order of {@code deltas}
     */
    List<Count> add(List<Delta> deltas);

    /** Counts to add to a key ({@link LimitKeys#bounded} already applied); zero only reads it. */
    record Delta(String key, long amount, Duration window) {

        public Delta {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(window, "window");
            if (amount < 0) {
                throw new IllegalArgumentException("amount must not be negative");
            }
        }
    }

    /**
     * A counter as the shared store holds it.
     *
     * @param count      the events counted in the current window, zero when there is none
     * @param millisLeft milliseconds until that window ends, zero when there is none
     */
    record Count(long count, long millisLeft) {

        public static final Count NONE = new Count(0, 0);
    }
}
