package io.mcpoauth.store.memory;

import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.AuthorizationCodeStore;
import io.mcpoauth.store.CodeConsumption;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Authorization codes in a {@link ConcurrentHashMap}, single use by construction.
 *
 * <p>{@link #consume} reads and flips the code's entry to consumed inside one {@code computeIfPresent}, which
 * the map runs atomically per key. When any number of threads consume the same code at the same time,
 * exactly one of them sees it unconsumed and gets {@link CodeConsumption.Consumed}; every other call, then
 * and later, gets {@link CodeConsumption.Replayed} until the code's expiry. The consumed entry is that
 * replay marker: it keeps its slot of the entry bound until the code expires, then reads as not found and is
 * removed (lazily, or by {@link #purgeExpired}).
 */
public final class MemoryCodeStore implements AuthorizationCodeStore {

    /** A code and whether it has been consumed; replaced whole, never mutated. */
    private record Entry(AuthorizationCode code, boolean consumed) {
    }

    private final ConcurrentMap<String, Entry> codes = new ConcurrentHashMap<>();
    private final EntryBound bound;

    MemoryCodeStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public void save(AuthorizationCode code, Instant now) {
        bound.put(codes, code.codeHash(), new Entry(code, false), now);
    }

    @Override
    public CodeConsumption consume(String codeHash, Instant now) {
        Objects.requireNonNull(now, "now");
        CodeConsumption[] outcome = {CodeConsumption.NOT_FOUND};
        codes.computeIfPresent(codeHash, (hash, entry) -> {
            if (entry.code().isExpired(now)) {
                bound.release();
                return null;
            }
            if (entry.consumed()) {
                outcome[0] = new CodeConsumption.Replayed(entry.code());
                return entry;
            }
            outcome[0] = new CodeConsumption.Consumed(entry.code());
            return new Entry(entry.code(), true);
        });
        return outcome[0];
    }

    long purgeExpired(Instant now) {
        return bound.removeIf(codes, (hash, entry) -> entry.code().isExpired(now));
    }

    int size() {
        return codes.size();
    }
}
