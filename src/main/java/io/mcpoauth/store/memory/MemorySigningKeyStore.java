package io.mcpoauth.store.memory;

import io.mcpoauth.store.SigningKeyStore;
import io.mcpoauth.store.StoredSigningKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Signing keys in a sorted concurrent map keyed by their slot: {@code putIfAbsent} is atomic per key, so of any
 * number of threads creating one slot's key exactly one stores it. A handful of keys a year: not counted against
 * the entry bound.
 */
final class MemorySigningKeyStore implements SigningKeyStore {

    private final ConcurrentNavigableMap<Instant, StoredSigningKey> keys = new ConcurrentSkipListMap<>();

    @Override
    public StoredSigningKey putIfAbsent(StoredSigningKey key, Instant now) {
        Objects.requireNonNull(key, "key");
        StoredSigningKey before = keys.putIfAbsent(key.signsFrom(), key);
        return before == null ? key : before;
    }

    @Override
    public List<StoredSigningKey> list(Instant now) {
        return keys.values().stream().filter(k -> k.expiresAt().isAfter(now)).toList();
    }

    long purgeExpired(Instant now) {
        int before = keys.size();
        keys.values().removeIf(k -> !k.expiresAt().isAfter(now));
        return before - keys.size();
    }
}
