package io.mcpoauth.config;

import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.jdbc.JdbcStorage;
import io.mcpoauth.store.memory.MemoryStorage;
import io.mcpoauth.store.redis.RedisStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Builds the one storage backend that {@code mcp.oauth.storage} selects. Backends are plain classes with no
 * CDI annotations, so CDI never sees two candidates for {@link Storage}. No backend keeps a clock for its records:
 * every store call is given the {@code now} of the one {@link Clock} the settings producer makes, which the JDBC
 * backend also receives to time its schema lease.
 */
@ApplicationScoped
public class StorageProducer {

    private static final Logger LOG = Logger.getLogger(StorageProducer.class.getName());

    private volatile RedisStorage redis;

    @Produces
    @ApplicationScoped
    Storage storage(OAuthSettings settings, Clock clock) {
        Storage storage = switch (settings.storage()) {
            case "memory" -> new MemoryStorage(settings.memoryMaxEntries(), settings.memoryMaxPendingBytes());
            case "redis" -> redis = new RedisStorage(settings.redis());
            case "jdbc" -> JdbcStorage.lookup(settings.jdbc().dataSource(), settings.jdbc().tablePrefix(), clock);
            default -> throw new IllegalArgumentException("mcp.oauth.storage: unknown storage " + settings.storage()
                    + " (known: memory, redis, jdbc)");
        };
        LOG.info(() -> "mcp-oauth storage: " + storage.name());
        return storage;
    }

    /** Rate-limit counters: in Redis when it is the storage, so limits hold across instances; else per instance. */
    @Produces
    @ApplicationScoped
    RateLimiter rateLimiter(Storage storage) {
        // Calling the storage proxy builds the storage first, which sets the field for Redis.
        return RedisStorage.NAME.equals(storage.name()) ? redis.rateLimiter() : new MemoryRateLimiter();
    }

    void close(@Disposes Storage storage) {
        storage.close();
    }
}
