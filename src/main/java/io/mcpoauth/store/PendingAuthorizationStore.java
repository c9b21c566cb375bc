package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;

/** Pending authorization requests. */
public interface PendingAuthorizationStore {

    /** Stores a request until its expiry, counted from {@code now}. */
    void save(PendingAuthorization pending, Instant now);

    /** Reads without consuming (to render a page again after a failed login). */
    Optional<PendingAuthorization> find(String idHash, Instant now);

    /**
     * Removes and returns the pending request. When two callers take the same id at the same time, exactly
     * one gets it, so a completed login cannot be replayed.
     */
    Optional<PendingAuthorization> take(String idHash, Instant now);
}
