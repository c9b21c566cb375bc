package io.mcpoauth.store.memory;

import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.PendingAuthorizationStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Pending authorization requests in a {@link ConcurrentHashMap}.
 *
 * <p>{@link #take} is a single {@code remove} of the key, which the map performs atomically: when any number
 * of threads take the same id at the same time, exactly one receives the request and every other gets
 * empty, so a completed login cannot be replayed. An expired request is removed and reads as empty.
 */
public final class MemoryPendingStore implements PendingAuthorizationStore {

    private final ConcurrentMap<String, PendingAuthorization> pending = new ConcurrentHashMap<>();
    private final EntryBound bound;

    MemoryPendingStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public void save(PendingAuthorization request) {
        bound.put(pending, request.idHash(), request);
    }

    @Override
    public Optional<PendingAuthorization> find(String idHash, Instant now) {
        PendingAuthorization request = pending.get(idHash);
        if (request == null) {
            return Optional.empty();
        }
        if (request.isExpired(now)) {
            bound.remove(pending, idHash, request);
            return Optional.empty();
        }
        return Optional.of(request);
    }

    @Override
    public Optional<PendingAuthorization> take(String idHash, Instant now) {
        Objects.requireNonNull(now, "now");
        PendingAuthorization request = bound.remove(pending, idHash);
        if (request == null || request.isExpired(now)) {
            return Optional.empty();
        }
        return Optional.of(request);
    }

    long purgeExpired(Instant now) {
        return bound.removeIf(pending, (idHash, request) -> request.isExpired(now));
    }

    int size() {
        return pending.size();
    }
}
