package io.mcpoauth.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Counts events per key in fixed windows. */
public interface RateLimiter {

    /**
     * Counts one event for the key in the current window.
     *
     * @return zero when the event is within the limit, otherwise the seconds until the window ends
     */
    long hit(String key, int limit, Duration window, Instant now);

    /** The seconds until the key's window ends if it is already over the limit, without counting; else zero. */
    long blocked(String key, int limit, Duration window, Instant now);

    /**
     * Applies the checks in order, as {@link #hit} or {@link #blocked} one after the other, and stops at the
     * first that refuses: nothing after it is counted.
     *
     * @return the seconds of the refusing check, or zero when every check passes
     */
    default long check(List<Check> checks, Duration window, Instant now) {
        for (Check c : checks) {
            long wait = c.counts() ? hit(c.key(), c.limit(), window, now) : blocked(c.key(), c.limit(), window, now);
            if (wait > 0) {
                return wait;
            }
        }
        return 0;
    }

    /**
     * One check of {@link #check}: {@code counts} is a {@link #hit} (refused when the count passes the limit),
     * otherwise a {@link #blocked} read (refused when the count has reached it).
     */
    record Check(String key, int limit, boolean counts) {

        public Check {
            Objects.requireNonNull(key, "key");
        }

        public static Check hit(String key, int limit) {
            return new Check(key, limit, true);
        }

        public static Check blocked(String key, int limit) {
            return new Check(key, limit, false);
        }
    }
}
