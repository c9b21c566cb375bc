package io.mcpoauth.store.redis;

import io.mcpoauth.store.SigningKeyStore;
import io.mcpoauth.store.StoredSigningKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signing keys as the fields of one hash, each named by its slot ({@code signsFrom}, epoch milliseconds). A key is
 * stored by {@code put-signing-key.lua}, one {@code HSETNX} that Redis runs alone, so of any number of callers on
 * any instance exactly one stores its key; the script answers the field's value, the stored key either way, and
 * may run twice (after a timeout) with the same answer. The hash lives until its last key expires; {@link #list}
 * drops keys past their time.
 */
final class RedisSigningKeyStore extends RedisStore implements SigningKeyStore {

    RedisSigningKeyStore(RedisExecutor redis, Keys keys) {
        super(redis, keys);
    }

    @Override
    public StoredSigningKey putIfAbsent(StoredSigningKey key, Instant now) {
        Objects.requireNonNull(key, "key");
        long ttl = Ttl.until(key.expiresAt(), now);
        if (ttl <= 0) {
            throw new IllegalArgumentException("the signing key has expired already");
        }
        Object stored = redis.eval(Script.PUT_SIGNING_KEY, List.of(keys.signingKeys()),
                List.of(field(key), RecordCodec.write(key), Long.toString(ttl)), true);
        return RecordCodec.readSigningKey((String) stored);
    }

    @Override
    public List<StoredSigningKey> list(Instant now) {
        String hash = keys.signingKeys();
        Map<String, String> fields = redis.call("list signing keys", true, j -> j.hgetAll(hash));
        List<StoredSigningKey> live = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        fields.forEach((field, json) -> {
            StoredSigningKey k = RecordCodec.readSigningKey(json);
            if (k.expiresAt().isAfter(now)) {
                live.add(k);
            } else {
                dead.add(field);
            }
        });
        if (!dead.isEmpty()) {
            // A slot's key never comes back once expired, so removing it again is harmless.
            redis.call("drop expired signing keys", true, j -> j.hdel(hash, dead.toArray(String[]::new)));
        }
        live.sort(Comparator.comparing(StoredSigningKey::signsFrom));
        return live;
    }

    private static String field(StoredSigningKey key) {
        return Long.toString(key.signsFrom().toEpochMilli());
    }
}
