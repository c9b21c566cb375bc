package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.SharedSecret;
import io.mcpoauth.metrics.OperatorMetrics;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.ratelimit.RateLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The operator metrics, for the bearer of the admin token or of the metrics token ({@code mcp.oauth.metrics.token},
 * which opens nothing else, so a scraper's credential cannot export the storage). Without either configured the
 * endpoint does not exist (404). Wrong tokens are refused (401), audited as {@code metrics.scraped}, and count
 * towards the same per-address lockout as the admin endpoints' (429), so neither token can be guessed here.
 */
public final class MetricsService {

    private final SharedSecret adminToken;
    private final SharedSecret metricsToken;
    private final OperatorMetrics metrics;
    private final RateLimits limits;
    private final AuditLog audit;
    private final Clock clock;

    public MetricsService(SharedSecret adminToken, SharedSecret metricsToken, OperatorMetrics metrics,
            RateLimits limits, AuditLog audit, Clock clock) {
        this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
        this.metricsToken = Objects.requireNonNull(metricsToken, "metricsToken");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The metrics in the text format the {@code Accept} header asks for: OpenMetrics when it names
     * {@code application/openmetrics-text}, the Prometheus text format (0.0.4) otherwise.
     */
    public OperatorMetrics.Exposition scrape(String bearer, String accept, RequestContext context) {
        if (!adminToken.isConfigured() && !metricsToken.isConfigured()) {
            throw new EndpointDisabledException("no such endpoint");
        }
        Instant now = clock.instant();
        limits.adminAttempt(context.remoteAddress(), now);
        // Both compared, always: which of the two matched must not show in the time taken.
        boolean admin = adminToken.matches(bearer);
        boolean scraper = metricsToken.matches(bearer);
        if (!(admin | scraper)) {
            limits.adminFailed(context.remoteAddress(), now);
            audit.record(AuditEvent.failure("metrics.scraped").remote(context.remoteAddress())
                    .reason("bad metrics token"));
            throw new OAuthException(OAuthError.INVALID_TOKEN, "a valid admin or metrics token is required");
        }
        return metrics.expose(accept);
    }
}
