package io.mcpoauth.config;

import io.mcpoauth.ratelimit.MemoryRateLimiter;
import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.memory.MemoryStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;

/**
 * Builds the one storage backend that {@code mcp.oauth.storage} selects. Backends are plain classes with no
 * CDI annotations, so CDI never sees two candidates for {@link Storage}.
 */
@ApplicationScoped
public class StorageProducer {

    private static final Logger LOG = Logger.getLogger(StorageProducer.class.getName());

    @Produces
    @ApplicationScoped
    Storage storage(OAuthSettings settings) {
        Storage storage = switch (settings.storage()) {
            case "memory" -> new MemoryStorage(settings.memoryMaxEntries());
            default -> throw new IllegalArgumentException("mcp.oauth.storage: unknown storage " + settings.storage()
                    + " (known: memory)");
        };
        LOG.info(() -> "mcp-oauth storage: " + storage.name());
        return storage;
    }

    /** Rate-limit counters; per instance in memory until a shared backend provides them. */
    @Produces
    @ApplicationScoped
    RateLimiter rateLimiter() {
        return new MemoryRateLimiter();
    }

    void close(@Disposes Storage storage) {
        storage.close();
    }
}
