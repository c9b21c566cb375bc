package io.mcpoauth.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Counts events per key in fixed windows. Keys are short: {@link RateLimits} builds them from a digest of
 * anything a caller supplied, and each backend also stores a key longer than {@link LimitKeys#MAX_CHARS} by its
 * digest, so the memory a key takes is bounded in bytes whatever a request carries.
 */
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
     * @return which check refused and for how long, or {@link Verdict#PASSED} when every check passes
     */
    default Verdict check(List<Check> checks, Duration window, Instant now) {
        for (int i = 0; i < checks.size(); i++) {
            Check c = checks.get(i);
            long wait = c.counts() ? hit(c.key(), c.limit(), window, now) : blocked(c.key(), c.limit(), window, now);
            if (wait > 0) {
                return new Verdict(i, wait);
            }
        }
        return Verdict.PASSED;
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

    /**
     * The outcome of {@link #check}.
     *
     * @param refusedBy         the position (0-based) of the check that refused, or -1 when none did
     * @param retryAfterSeconds the seconds until the refusing check's window ends, or zero
     */
    record Verdict(int refusedBy, long retryAfterSeconds) {

        public static final Verdict PASSED = new Verdict(-1, 0);

        public boolean passed() {
            return refusedBy < 0;
        }
    }
}
