package io.mcpoauth.store.memory;

import io.mcpoauth.store.PendingAuthorization;
import io.mcpoauth.store.PendingAuthorizationStore;
import io.mcpoauth.store.StorageUnavailableException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Pending authorization requests in a {@link ConcurrentHashMap}.
 *
 * <p>{@link #take} is a single {@code remove} of the key, which the map performs atomically: when any number
 * of threads take the same id at the same time, exactly one receives the request and every other gets
 * empty, so a completed login cannot be replayed. An expired request is removed and reads as empty.
 *
 * <p>Anyone can make a pending request (the authorization endpoint is anonymous), and each holds what the
 * caller sent ({@code state}, resources, scope), so besides its slot in the shared entry bound the requests
 * together have a budget of estimated bytes of their own. A flood that exhausts it is refused new requests
 * (503) while tokens, codes and consents, which only signed-in users and authenticated clients make, keep their
 * room.
 */
public final class MemoryPendingStore implements PendingAuthorizationStore {

    private final ConcurrentMap<String, PendingAuthorization> pending = new ConcurrentHashMap<>();
    private final EntryBound bound;
    private final long maxBytes;
    private final Consumer<Instant> purgeExpired;
    private final AtomicLong bytes = new AtomicLong();

    MemoryPendingStore(EntryBound bound, long maxBytes, Consumer<Instant> purgeExpired) {
        this.bound = Objects.requireNonNull(bound, "bound");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.purgeExpired = Objects.requireNonNull(purgeExpired, "purgeExpired");
    }

    @Override
    public void save(PendingAuthorization request, Instant now) {
        long size = size(request);
        reserveBytes(size, now);
        PendingAuthorization old = pending.replace(request.idHash(), request);
        if (old != null) {
            bytes.addAndGet(-size(old));
            return;
        }
        try {
            bound.reserve(now);
        } catch (RuntimeException e) {
            bytes.addAndGet(-size);
            throw e;
        }
        old = pending.put(request.idHash(), request);
        if (old != null) {
            bound.release();
            bytes.addAndGet(-size(old));
        }
    }

    private void reserveBytes(long size, Instant now) {
        if (bytes.addAndGet(size) <= maxBytes) {
            return;
        }
        bytes.addAndGet(-size);
        purgeExpired.accept(now);
        if (bytes.addAndGet(size) > maxBytes) {
            bytes.addAndGet(-size);
            throw new StorageUnavailableException("pending authorization requests are at their memory budget");
        }
    }

    @Override
    public Optional<PendingAuthorization> find(String idHash, Instant now) {
        PendingAuthorization request = pending.get(idHash);
        if (request == null) {
            return Optional.empty();
        }
        if (request.isExpired(now)) {
            remove(idHash, request);
            return Optional.empty();
        }
        return Optional.of(request);
    }

    @Override
    public Optional<PendingAuthorization> take(String idHash, Instant now) {
        Objects.requireNonNull(now, "now");
        PendingAuthorization request = bound.remove(pending, idHash);
        if (request == null) {
            return Optional.empty();
        }
        bytes.addAndGet(-size(request));
        return request.isExpired(now) ? Optional.empty() : Optional.of(request);
    }

    private boolean remove(String idHash, PendingAuthorization request) {
        if (bound.remove(pending, idHash, request)) {
            bytes.addAndGet(-size(request));
            return true;
        }
        return false;
    }

    long purgeExpired(Instant now) {
        long removed = 0;
        for (Map.Entry<String, PendingAuthorization> e : pending.entrySet()) {
            if (e.getValue().isExpired(now) && remove(e.getKey(), e.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    int size() {
        return pending.size();
    }

    /** Estimated bytes held by the requests now. */
    long bytes() {
        return bytes.get();
    }

    /** An estimate of the heap a request holds: two bytes a character, plus the objects around them. */
    static long size(PendingAuthorization p) {
        long chars = p.idHash().length() + p.clientId().length() + p.redirectUri().length()
                + p.scope().toString().length()
                + p.state().length() + p.codeChallenge().length() + p.subject().length() + p.csrfHash().length()
                + p.attributes().email().length() + p.attributes().idp().length();
        for (String r : p.resources()) {
            chars += r.length() + 24;
        }
        for (String g : p.attributes().groups()) {
            chars += g.length() + 24;
        }
        return 2 * chars + 400;
    }
}
