package io.mcpoauth.store.redis;

import io.mcpoauth.ratelimit.RateLimiter;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageHealth;
import io.mcpoauth.store.Stores;
import java.util.List;
import java.util.Objects;

/**
 * The Redis backend ({@code redis}): state shared by every server instance that uses the same Redis and key
 * prefix, and kept across restarts as far as Redis persists it (see {@code docs/redis.md}).
 *
 * <p>Every key gets its TTL in the same command that writes it; nothing uses {@code KEYS}; single use (codes,
 * refresh rotation, pending requests, deletes) is one atomic command or Lua script each, and keys a script
 * touches together share a hash tag (see {@link Keys}). Exports enumerate with {@code SCAN} on every node (or
 * {@code ZSCAN} of the client index), a batch of keys at a time. Expiry is also judged by the records' timestamps
 * against the {@code now} a caller passes, as the contract requires, so Redis expiring a key late changes
 * nothing; TTLs are counted from that {@code now} too, so no clock of this backend ever decides. When Redis
 * cannot be reached every operation throws {@link io.mcpoauth.store.StorageUnavailableException}; nothing is
 * cached, so no stale answer is ever given and the first call after Redis returns succeeds. Building this class does not need Redis (it only tries to
 * preload the scripts), so a deployment starts, not ready, while Redis is down.
 */
public final class RedisStorage implements Storage {

    public static final String NAME = "redis";

    private final RedisExecutor redis;
    private final RedisClientStore clients;
    private final RedisCodeStore codes;
    private final RedisTokenStore tokens;
    private final Stores stores;
    private final RedisPendingStore pending;
    private final RedisConsentStore consents;
    private final RedisRateLimiter rateLimiter;
    private final RedisHealth health;

    public RedisStorage(RedisSettings settings) {
        this(settings, new RedisExecutor(settings));
    }

    RedisStorage(RedisSettings settings, RedisExecutor redis) {
        Objects.requireNonNull(settings, "settings");
        this.redis = Objects.requireNonNull(redis, "redis");
        Keys keys = new Keys(settings.keyPrefix());
        this.clients = new RedisClientStore(redis, keys);
        this.codes = new RedisCodeStore(redis, keys);
        boolean oneScript = settings.topology() != RedisSettings.Topology.CLUSTER;
        this.tokens = new RedisTokenStore(redis, keys, oneScript);
        this.pending = new RedisPendingStore(redis, keys);
        this.consents = new RedisConsentStore(redis, keys);
        this.stores = Stores.of(clients, codes, tokens, pending, consents, new RedisUsedIdStore(redis, keys),
                new RedisGrantIndexStore(redis, keys), new RedisSubjectBlockStore(redis, keys),
                new RedisSigningKeyStore(redis, keys));
        this.rateLimiter = new RedisRateLimiter(redis, keys, oneScript);
        this.health = new RedisHealth(redis, keys, settings.healthFailureThreshold(),
                settings.topology().name().toLowerCase(java.util.Locale.ROOT));
        if (oneScript) {
            // In a cluster SCRIPT LOAD reaches one node only; there NOSCRIPT loads each script where it runs.
            redis.preload(List.of(Script.CONSUME_CODE, Script.ROTATE_REFRESH, Script.REVOKE_GRANT,
                    Script.SAVE_CLIENT, Script.DELETE_CLIENT, Script.COUNT_CLIENTS, Script.RATE_HIT, Script.RATE_PEEK,
                    Script.IMPORT_REFRESH, Script.RATE_CHECK, Script.FIND_ACCESS,
                    Script.FIND_REFRESH, Script.MARK_USED, Script.SAVE_GRANT, Script.INDEX_GRANT, Script.PAGE_GRANTS,
                    Script.REMOVE_GRANT, Script.PAGE_CLIENTS, Script.PUT_SIGNING_KEY));
        }
    }

    @Override
    public Stores stores() {
        return stores;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Rate-limit counters in the same Redis, so limits hold across instances. */
    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** {@code PING} and a timed write/read round trip; see {@link RedisHealth}. */
    @Override
    public StorageHealth checkHealth() {
        return health.check();
    }

    @Override
    public void close() {
        redis.close();
    }
}
