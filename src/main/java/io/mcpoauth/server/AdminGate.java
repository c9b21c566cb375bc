package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.SharedSecret;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Admits an administrator's call, with the bearer token {@code mcp.oauth.admin.token}. Without an admin token
 * configured the endpoints do not exist (404); a missing or wrong token is refused (401, RFC 6750 3.1) and audited
 * as a failure of the call's event, and an address that sent too many wrong tokens is refused (429) whatever it
 * sends until the window ends, so the token cannot be guessed.
 */
public final class AdminGate {

    private final SharedSecret adminToken;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;

    /** @param adminToken the configured token, not configured for none */
    public AdminGate(SharedSecret adminToken, RateLimits limits, AuditLog audit, Clock clock) {
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Admits the call or throws: {@link EndpointDisabledException} without an admin token configured, an
     * {@code invalid_token} {@link OAuthException} for a missing or wrong one (audited as a failure of
     * {@code event}), a rate limit's refusal for an address locked out.
     */
    public void admit(String bearer, String event, RequestContext context) {
        if (!adminToken.isConfigured()) {
            throw new EndpointDisabledException("no such endpoint");
        }
        Instant now = clock.instant();
        limits.adminAttempt(context.remoteAddress(), now);
        if (!adminToken.matches(bearer)) {
            limits.adminFailed(context.remoteAddress(), now);
            audit.record(AuditEvent.failure(event).remote(context.remoteAddress()).reason("bad admin token"));
            throw new OAuthException(OAuthError.INVALID_TOKEN, "a valid admin token is required");
        }
    }
}
