package io.mcpoauth.store.redis;

import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.PendingAuthorizationStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Pending authorization requests, one key each with a TTL at the request's expiry. {@link #take} is one
 * {@code GETDEL}, atomic in Redis: of any number of callers taking the same id at once, exactly one gets the
 * request. It is not retried after a lost reply (the retry would find nothing and hide the request).
 */
final class RedisPendingStore extends RedisStore implements PendingAuthorizationStore {


    RedisPendingStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public void save(PendingAuthorization pending, Instant now) {
        redis.put("save pending", keys.pending(pending.idHash()), RecordCodec.write(pending), pending.expiresAt(), now,
                false);
    }

    @Override
    public Optional<PendingAuthorization> find(String idHash, Instant now) {
        String value = redis.call("find pending", true, j -> j.get(keys.pending(idHash)));
        return live(value, now);
    }

    @Override
    public Optional<PendingAuthorization> take(String idHash, Instant now) {
        Objects.requireNonNull(now, "now");
        String value = redis.call("take pending", false, j -> j.getDel(keys.pending(idHash)));
        return live(value, now);
    }

    private static Optional<PendingAuthorization> live(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        PendingAuthorization pending = RecordCodec.readPending(value);
        return pending.isExpired(now) ? Optional.empty() : Optional.of(pending);
    }
}
