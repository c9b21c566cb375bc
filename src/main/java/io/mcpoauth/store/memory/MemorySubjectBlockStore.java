package io.mcpoauth.store.memory;

import io.mcpoauth.store.SubjectBlockStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Subject blocks in a {@link ConcurrentHashMap} ({@code subject -> until}); a block holds its slot of the entry
 * bound until it is lifted or purged after its end. When two callers lift the same block, exactly one gets true.
 */
final class MemorySubjectBlockStore implements SubjectBlockStore {

    private final ConcurrentMap<String, Instant> blocks = new ConcurrentHashMap<>();
    private final EntryBound bound;

    MemorySubjectBlockStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public void block(String subject, Instant until, Instant now) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(until, "until");
        if (until.isAfter(now)) {
            bound.put(blocks, subject, until, now);
        } else {
            bound.remove(blocks, subject);
        }
    }

    @Override
    public boolean unblock(String subject, Instant now) {
        Instant removed = bound.remove(blocks, subject);
        return removed != null && removed.isAfter(now);
    }

    @Override
    public Optional<Instant> blockedUntil(String subject, Instant now) {
        Instant until = blocks.get(subject);
        return until != null && until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    int size() {
        return blocks.size();
    }

    long purgeExpired(Instant now) {
        return bound.removeIf(blocks, (subject, until) -> !until.isAfter(now));
    }
}
