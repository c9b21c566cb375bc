package io.mcpoauth.store.memory;

import io.mcpoauth.store.UsedIdStore;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Used ids in a {@link ConcurrentHashMap}: {@link #markUsed} decides inside one {@code compute}, which the map
 * runs atomically per key, so of any number of threads using the same id at once exactly one gets true. An
 * entry holds its slot of the entry bound until its expiry, then is replaced by the next use or purged.
 */
final class MemoryUsedIdStore implements UsedIdStore {

    private final ConcurrentMap<String, Instant> ids = new ConcurrentHashMap<>();
    private final EntryBound bound;

    MemoryUsedIdStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public boolean markUsed(String idHash, Instant expiresAt, Instant now) {
        Objects.requireNonNull(idHash, "idHash");
        if (!expiresAt.isAfter(now)) {
            return false;
        }
        Instant recorded = ids.get(idHash);
        if (recorded != null && recorded.isAfter(now)) {
            // A replay takes no slot: it neither sweeps a full store nor fails for want of room.
            return false;
        }
        // The slot is taken outside compute (a full bound may sweep every map) and given back unless a new key took it.
        bound.reserve(now);
        boolean[] first = {false};
        boolean[] newKey = {false};
        ids.compute(idHash, (hash, until) -> {
            if (until != null && until.isAfter(now)) {
                return until;
            }
            first[0] = true;
            newKey[0] = until == null;
            return expiresAt;
        });
        if (!newKey[0]) {
            bound.release();
        }
        return first[0];
    }

    long purgeExpired(Instant now) {
        return bound.removeIf(ids, (hash, until) -> !until.isAfter(now));
    }
}
