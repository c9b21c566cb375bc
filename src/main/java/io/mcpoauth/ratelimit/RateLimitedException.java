package io.mcpoauth.ratelimit;

import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;

/** Too many requests: answered 429 with {@code Retry-After}. */
public class RateLimitedException extends OAuthException {

    private static final long serialVersionUID = 1L;
    public static final OAuthError RATE_LIMITED = new OAuthError("temporarily_unavailable", 429);

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(RATE_LIMITED, "too many requests; retry later");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
