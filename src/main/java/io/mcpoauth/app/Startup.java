package io.mcpoauth.app;

import io.mcpoauth.login.Login;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.signing.SigningKeys;
import io.mcpoauth.store.Storage;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs at deployment: builds the login eagerly so a bad setting fails the deployment with its message (the
 * endpoint services are built then by their producer), and schedules the sweep of expired entries, with the
 * refresh of the signing keys, on the container's managed scheduler (no threads of our own).
 */
@ApplicationScoped
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class.getName());
    private static final long SWEEP_SECONDS = 60;

    @Inject
    OAuthSettings settings;

    @Inject
    Storage storage;

    @Inject
    Login login;

    @Inject
    Clock clock;

    @Inject
    SigningKeys signingKeys;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sweep;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Naming the storage builds it, so a bad storage setting fails the deployment here, not a request later.
        String backend = storage.name();
        LOG.info(() -> "mcp-oauth issuer " + settings.issuer() + ", login mode " + login.mode() + ", storage "
                + backend);
        sweep = scheduler.scheduleWithFixedDelay(this::purge, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    private void purge() {
        try {
            long removed = storage.purgeExpired(clock.instant());
            if (removed > 0) {
                LOG.fine(() -> "purged " + removed + " expired entries");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "purging expired entries failed", e);
        }
        try {
            // Reads the signing keys again, so that the next one is generated and published ahead of its turn
            // even when no request asks for the keys.
            signingKeys.published(clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "refreshing the signing keys failed", e);
        }
    }

    @PreDestroy
    void stop() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }
}
