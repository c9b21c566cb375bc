package io.mcpoauth.ratelimit;

import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;

/** A rate limit refused the request: answered 429 with {@code Retry-After} ({@link OAuthError#TOO_MANY_REQUESTS}). */
public class RateLimitedException extends OAuthException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds) {
        super(OAuthError.TOO_MANY_REQUESTS, "too many requests; retry later");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
