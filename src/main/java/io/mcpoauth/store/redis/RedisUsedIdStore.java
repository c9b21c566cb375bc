package io.mcpoauth.store.redis;

import io.mcpoauth.store.UsedIdStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Used ids as keys holding their expiry, decided by {@code mark-used.lua}: one script, which Redis runs alone, so
 * of any number of callers (on any instance) exactly one records the use and gets true. The expiry is compared
 * with the caller's {@code now}; the key's TTL only lets Redis drop it. Not retried after a timeout: a retry of a
 * use that did apply would answer a first use as a replay; the caller gets 503 instead.
 */
final class RedisUsedIdStore extends RedisStore implements UsedIdStore {


    RedisUsedIdStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public boolean markUsed(String idHash, Instant expiresAt, Instant now) {
        long ttl = Ttl.until(expiresAt, now);
        if (ttl <= 0) {
            return false;
        }
        String key = keys.usedId(Objects.requireNonNull(idHash, "idHash"));
        Object recorded = redis.eval(Script.MARK_USED, List.of(key), List.of(Long.toString(expiresAt.toEpochMilli()),
                Long.toString(now.toEpochMilli()), Long.toString(ttl)), false);
        return Long.valueOf(1).equals(recorded);
    }
}
