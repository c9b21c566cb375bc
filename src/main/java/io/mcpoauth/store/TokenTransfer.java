package io.mcpoauth.store;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Export and import of tokens and revoked grants, to move live grants to another backend; only storage migration
 * uses it. The enumerations stream (never the whole store in memory); a record present for the whole call is seen
 * at least once (a scanning backend may show it twice), one written or removed meanwhile may or may not be seen.
 * Imports are idempotent: importing the same records twice leaves the store as importing them once.
 */
public interface TokenTransfer {

    /** Calls the action for every live access token at {@code now}: unexpired, its grant not revoked. */
    void forEachAccessToken(Instant now, Consumer<? super AccessTokenRecord> action);

    /** Calls the action for every live refresh token at {@code now}, rotated ones included (they detect reuse). */
    void forEachRefreshToken(Instant now, Consumer<? super RefreshTokenRecord> action);

    /**
     * Calls the action for every grant revoked at {@code now}; {@link GrantRevocationStore#revokeGrant} is the
     * matching import.
     */
    void forEachRevokedGrant(Instant now, Consumer<? super RevokedGrant> action);

    /** Stores an exported access token; one already stored under its hash is kept as it is. */
    void importAccessToken(AccessTokenRecord token, Instant now);

    /**
     * Stores an exported refresh token. One already stored under its hash is kept, except that an imported
     * rotated flag marks it rotated: an import never makes a used token usable again (RFC 9700 4.14.2).
     */
    void importRefreshToken(RefreshTokenRecord token, Instant now);
}
