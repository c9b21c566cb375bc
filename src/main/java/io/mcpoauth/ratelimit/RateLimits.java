package io.mcpoauth.ratelimit;

import io.mcpoauth.config.RateLimitSettings;
import io.mcpoauth.ratelimit.RateLimiter.Check;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The limits the endpoints apply, named for what they protect. */
public final class RateLimits {

    private final RateLimiter limiter;
    private final RateLimitSettings settings;

    public RateLimits(RateLimiter limiter, RateLimitSettings settings) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * A token, revocation or introspection request by a client from an address, before its secret is checked:
     * refused when the client id or the address has failed authentication too often in the current window
     * (RFC 6749 2.3.1: protect against brute force), then counted per client and per address. One call to the
     * limiter, so one round trip where the counters live in Redis.
     */
    public void clientRequest(String clientId, String address, Instant now) {
        if (settings.enabled()) {
            check(limiter.check(List.of(
                    Check.blocked("fc:" + clientId, settings.authFailuresPerClient()),
                    Check.blocked("fa:" + address, settings.authFailuresPerAddress()),
                    Check.hit("c:" + clientId, settings.perClient()),
                    Check.hit("a:" + address, settings.perAddress())), settings.window(), now));
        }
    }

    /** A registration request from an address. */
    public void registration(String address, Instant now) {
        if (settings.enabled()) {
            check(limiter.hit("r:" + address, settings.registrationsPerAddress(), settings.window(), now));
        }
    }

    public void authenticationFailed(String clientId, String address, Instant now) {
        if (settings.enabled()) {
            limiter.hit("fc:" + clientId, settings.authFailuresPerClient(), settings.window(), now);
            limiter.hit("fa:" + address, settings.authFailuresPerAddress(), settings.window(), now);
        }
    }

    private static void check(long retryAfter) {
        if (retryAfter > 0) {
            throw new RateLimitedException(retryAfter);
        }
    }
}
