package io.mcpoauth.app;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.metrics.OperatorMetrics;
import io.mcpoauth.metrics.TimedStorage;
import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageSettings;
import io.mcpoauth.store.jdbc.JdbcSettings;
import io.mcpoauth.store.jdbc.JdbcStorage;
import io.mcpoauth.store.memory.MemorySettings;
import io.mcpoauth.store.memory.MemoryStorage;
import io.mcpoauth.store.redis.RedisSettings;
import io.mcpoauth.store.redis.RedisStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Builds the one storage backend that {@code mcp.oauth.storage} selects, with the rate limiter that goes with
 * it. Backends are plain classes with no CDI annotations, so CDI never sees two candidates for {@link Storage}.
 * No backend keeps a clock for its records: every store call is given the {@code now} of the one {@link Clock}
 * the settings producer makes, which the JDBC backend also receives to time its schema lease.
 */
@ApplicationScoped
public class StorageProducer {

    private static final Logger LOG = Logger.getLogger(StorageProducer.class.getName());

    @Inject
    Config config;

    /**
     * The storage and its rate-limit counters, built together: in Redis when it is the storage, so limits hold
     * across instances; else per instance. Every backend's settings are read, so a bad value fails the deployment
     * whichever backend is chosen.
     */
    @Produces
    @Singleton
    Backend backend(Clock clock, OperatorMetrics metrics) {
        ConfigSource c = key -> config.getOptionalValue(key, String.class);
        StorageSettings settings = StorageSettings.load(c);
        MemorySettings memory = MemorySettings.load(c);
        RedisSettings redisSettings = RedisSettings.load(c);
        JdbcSettings jdbc = JdbcSettings.load(c);
        Backend backend = switch (settings.backend()) {
            case MEMORY -> new Backend(new MemoryStorage(memory.maxEntries(), memory.maxPendingBytes()),
                    new MemoryRateLimiter());
            // The networked backends' calls are timed; the in-memory one has no round trip worth a histogram.
            case REDIS -> {
                RedisStorage redis = new RedisStorage(redisSettings);
                yield new Backend(new TimedStorage(redis, "redis", metrics), redis.rateLimiter());
            }
            case JDBC -> new Backend(new TimedStorage(
                    JdbcStorage.lookup(jdbc.dataSource(), jdbc.tablePrefix(), clock), "jdbc", metrics),
                    new MemoryRateLimiter());
        };
        LOG.info(() -> "mcp-oauth storage: " + backend.storage().name());
        // Counted at scrape time only; a failing count leaves the gauge out of that scrape.
        Storage storage = backend.storage();
        metrics.countClients(() -> storage.clients().count(clock.instant()));
        metrics.countGrants(() -> storage.grantIndex().count(clock.instant()));
        return backend;
    }

    @Produces
    @ApplicationScoped
    Storage storage(Backend backend) {
        return backend.storage();
    }

    @Produces
    @ApplicationScoped
    RateLimiter rateLimiter(Backend backend) {
        return backend.rateLimiter();
    }

    void close(@Disposes Storage storage) {
        storage.close();
    }

    /** A storage backend and the rate limiter whose counters live beside it. */
    public record Backend(Storage storage, RateLimiter rateLimiter) {
    }
}
