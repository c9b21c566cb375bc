package io.mcpoauth.health;

import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the storage backend answers a read/write round trip. */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(StorageReadinessCheck.class.getName());

    @Inject
    Storage storage;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("mcp-oauth-storage");
        try {
            StorageHealth health = storage.checkHealth();
            b.withData("backend", storage.name());
            health.data().forEach((k, v) -> {
                if (v instanceof Number n) {
                    b.withData(k, n.longValue());
                } else if (v instanceof Boolean flag) {
                    b.withData(k, flag);
                } else {
                    b.withData(k, String.valueOf(v));
                }
            });
            return b.status(health.up()).build();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "storage health check failed", e);
            return b.withData("backend", storage.name()).down().build();
        }
    }
}
