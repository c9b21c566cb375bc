package io.mcpoauth.metrics;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditListener;
import java.util.Objects;

/**
 * Counts the audit events the operator metrics are made of, so the services that record them need not know of
 * metrics. Reads only the event's name, outcome and the fields with fixed values ({@code grant_type},
 * {@code client_kind}, {@code reason} of a token refusal, {@code token_type}, {@code login}); {@link OperatorMetrics} maps any
 * value outside its lists to {@code other}.
 */
public final class AuditCounters implements AuditListener {

    private final OperatorMetrics metrics;

    public AuditCounters(OperatorMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void recorded(AuditEvent event) {
        boolean success = "success".equals(event.outcome());
        switch (event.event()) {
            case "token.issued" -> {
                if (success) {
                    metrics.tokenIssued(event.field("grant_type"), event.field("client_kind"));
                }
            }
            case "token.refreshed" -> {
                if (success) {
                    metrics.tokenIssued("refresh_token", event.field("client_kind"));
                }
            }
            // TokenService writes one token.rejected for every refusal, whichever step raised it.
            case "token.rejected" -> metrics.tokenError(event.field("reason"));
            case "token.revoked" -> metrics.revocation(success ? event.field("token_type") : "unknown");
            case "refresh.reused" -> metrics.refreshReuse();
            case "code.replayed" -> metrics.codeReplay();
            case "login.failed" -> metrics.loginFailure(event.field("login"));
            default -> {
                // not counted (yet)
            }
        }
    }
}
