package io.mcpoauth.store.redis;

import io.mcpoauth.store.SubjectBlockStore;
import java.time.Instant;
import java.util.Optional;

/** Subject blocks on this backend: not implemented yet (every call throws). */
final class RedisSubjectBlockStore implements SubjectBlockStore {

    @Override
    public void block(String subject, Instant until, Instant now) {
        throw new UnsupportedOperationException("subject blocks");
    }

    @Override
    public boolean unblock(String subject, Instant now) {
        throw new UnsupportedOperationException("subject blocks");
    }

    @Override
    public Optional<Instant> blockedUntil(String subject, Instant now) {
        throw new UnsupportedOperationException("subject blocks");
    }
}
