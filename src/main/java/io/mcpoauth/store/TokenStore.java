package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;

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
     * when the token is unknown, expired, already rotated or its grant revoked; then nothing is stored.
     */
    boolean rotateRefreshToken(String presentedHash, RefreshTokenRecord successor, Instant now);

    /**
     * Revokes every access and refresh token of the grant, present and future, until {@code keepUntil}
     * (the latest expiry any of its tokens can have). A revocation is never shortened: when the grant is
     * already revoked, the later of the two times is kept.
     */
    void revokeGrant(String grantId, Instant keepUntil);

    boolean isGrantRevoked(String grantId, Instant now);
}
