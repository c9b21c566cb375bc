package io.mcpoauth.health;

import io.mcpoauth.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Down when the audit writer thread has died or is stalled with lines waiting: requests still answer (they write
 * their own lines, or drop them, counted), but the process is not well and a restart is the cure.
 */
@Liveness
@ApplicationScoped
public class AuditWriterCheck implements HealthCheck {

    @Inject
    AuditLog audit;

    @Override
    public HealthCheckResponse call() {
        AuditLog.State state = audit.state();
        return HealthCheckResponse.named("mcp-oauth-audit")
                .status(state.healthy())
                .withData("writer", state.writer().name().toLowerCase(Locale.ROOT))
                .withData("dropped", state.dropped())
                .withData("queued", state.queued())
                .build();
    }
}
