package io.mcpoauth.ratelimit;

/**
 * Whether failed client authentications have suspended fresh secret checks for a request: while a lockout is
 * active only credentials this server has already verified are accepted (see {@link RateLimits}).
 *
 * @param retryAfterSeconds the seconds until the lockout's window ends; zero when there is none
 */
public record Lockout(long retryAfterSeconds) {

    public static final Lockout NONE = new Lockout(0);

    public boolean active() {
        return retryAfterSeconds > 0;
    }
}
