package io.mcpoauth.app;

import io.mcpoauth.login.Login;
import io.mcpoauth.ratelimit.ReconcilingRateLimiter;
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
 * refresh of the signing keys, and, where the rate-limit counters are shared, their reconcile, on the container's
 * managed scheduler (no threads of our own).
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
    StorageProducer.Backend backend;

    @Inject
    SigningKeys signingKeys;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sweep;
    private ScheduledFuture<?> reconcile;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // Naming the storage builds it, so a bad storage setting fails the deployment here, not a request later.
        String storageName = storage.name();
        LOG.info(() -> "mcp-oauth issuer " + settings.issuer() + ", login mode " + login.mode() + ", storage "
                + storageName);
        sweep = scheduler.scheduleWithFixedDelay(this::purge, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        if (backend.rateLimiter() instanceof ReconcilingRateLimiter limiter) {
            long every = limiter.interval().toMillis();
            LOG.info(() -> "rate limits decided locally, reconciled with the shared counters every " + every + " ms");
            // reconcile never throws: a task that threw would never run again.
            reconcile = scheduler.scheduleWithFixedDelay(() -> limiter.reconcile(clock.instant()), 0, every,
                    TimeUnit.MILLISECONDS);
        }
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
        if (reconcile != null) {
            reconcile.cancel(false);
            // The counts made here since the last reconcile, sent while the storage is still open.
            ((ReconcilingRateLimiter) backend.rateLimiter()).reconcile(clock.instant());
        }
    }
}
