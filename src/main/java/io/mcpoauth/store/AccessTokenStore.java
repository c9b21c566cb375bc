package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Issued access tokens, keyed by hash: the hot path of introspection. Time is the caller's: every call takes the
 * {@code now} of the provider's clock, and no backend reads a clock of its own.
 */
public interface AccessTokenStore {

    /** Stores the token until its expiry, counted from {@code now}; one already expired at {@code now} is not kept. */
    void saveAccessToken(AccessTokenRecord token, Instant now);

    /** The live access token with this hash, if any: unexpired at {@code now}, its grant not revoked. */
    Optional<AccessTokenRecord> findAccessToken(String tokenHash, Instant now);

    /** Removes one access token. @return true when a token live at {@code now} was removed */
    boolean revokeAccessToken(String tokenHash, Instant now);
}
