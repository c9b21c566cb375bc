package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Access and refresh tokens, grouped in grants (token families). Lookups return live tokens only: not
 * expired and not in a revoked grant.
 */
public interface TokenStore {

    void saveAccessToken(AccessTokenRecord token);

    /** The live access token with this hash, if any. */
    Optional<AccessTokenRecord> findAccessToken(String tokenHash, Instant now);

    /** Removes one access token. @return true when a live token was revoked */
    boolean revokeAccessToken(String tokenHash);

    void saveRefreshToken(RefreshTokenRecord token);

    /**
     * The refresh token with this hash if it is unexpired and its grant is not revoked, rotated or not
     * (a rotated one is how reuse is recognised).
     */
    Optional<RefreshTokenRecord> findRefreshToken(String tokenHash, Instant now);

    /**
     * Marks the presented refresh token rotated and stores its successor, atomically. When two callers
     * rotate the same token at the same time, in two threads or on two server instances sharing the
     * store, exactly one gets true; the other gets false and must treat the call as reuse. False too
     * when the token is unknown, expired, already rotated or its grant revoked; then nothing is stored. The
     * successor is stored as given, in the same atomic step: its expiry, which the caller caps at its grant's
     * end, is how a grant's maximum lifetime holds without a check of its own.
     */
    boolean rotateRefreshToken(String presentedHash, RefreshTokenRecord successor, Instant now);

    /**
     * Revokes every access and refresh token of the grant, present and future, until {@code keepUntil}
     * (the latest expiry any of its tokens can have). A revocation is never shortened: when the grant is
     * already revoked, the later of the two times is kept.
     */
    void revokeGrant(String grantId, Instant keepUntil);

    boolean isGrantRevoked(String grantId, Instant now);

    /*
     * Export and import, to move live grants to another backend. The enumerations stream (never the whole store
     * in memory); a record present for the whole call is seen at least once (a scanning backend may show it
     * twice), one written or removed meanwhile may or may not be seen. Imports are idempotent: importing the
     * same records twice leaves the store as importing them once.
     */

    /** Calls the action for every live access token at {@code now}: unexpired, its grant not revoked. */
    void forEachAccessToken(Instant now, Consumer<? super AccessTokenRecord> action);

    /** Calls the action for every live refresh token at {@code now}, rotated ones included (they detect reuse). */
    void forEachRefreshToken(Instant now, Consumer<? super RefreshTokenRecord> action);

    /** Calls the action for every grant revoked at {@code now}; {@link #revokeGrant} is the matching import. */
    void forEachRevokedGrant(Instant now, Consumer<? super RevokedGrant> action);

    /** Stores an exported access token; one already stored under its hash is kept as it is. */
    void importAccessToken(AccessTokenRecord token);

    /**
     * Stores an exported refresh token. One already stored under its hash is kept, except that an imported
     * rotated flag marks it rotated: an import never makes a used token usable again (RFC 9700 4.14.2).
     */
    void importRefreshToken(RefreshTokenRecord token);
}
