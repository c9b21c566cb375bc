package io.mcpoauth.store;

import java.time.Instant;

/** Revoked grants (token families): a revocation hides every token of the grant, present and future. */
public interface GrantRevocationStore {

    /**
     * Revokes every access and refresh token of the grant, present and future, until {@code keepUntil} (the
     * latest expiry any of its tokens can have). A revocation is never shortened: when the grant is already
     * revoked, the later of the two times is kept. A {@code keepUntil} not after {@code now} revokes nothing.
     */
    void revokeGrant(String grantId, Instant keepUntil, Instant now);

    boolean isGrantRevoked(String grantId, Instant now);
}
