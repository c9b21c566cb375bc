package io.mcpoauth.store.redis;

import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.Page;
import java.time.Instant;
import java.util.Optional;

/** The grant index on this backend: not implemented yet (every call throws). */
final class RedisGrantIndexStore implements GrantIndexStore {

    @Override
    public void record(GrantSummary grant, Instant now) {
        throw new UnsupportedOperationException("grant index");
    }

    @Override
    public Optional<GrantSummary> find(String grantId, Instant now) {
        throw new UnsupportedOperationException("grant index");
    }

    @Override
    public Page<GrantSummary> bySubject(String subject, String after, int limit, Instant now) {
        throw new UnsupportedOperationException("grant index");
    }

    @Override
    public Page<GrantSummary> byClient(String clientId, String after, int limit, Instant now) {
        throw new UnsupportedOperationException("grant index");
    }

    @Override
    public boolean remove(String grantId, Instant now) {
        throw new UnsupportedOperationException("grant index");
    }

    @Override
    public long count(Instant now) {
        throw new UnsupportedOperationException("grant index");
    }
}
