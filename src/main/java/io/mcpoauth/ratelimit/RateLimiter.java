package io.mcpoauth.ratelimit;

import java.time.Duration;
import java.time.Instant;

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
}
