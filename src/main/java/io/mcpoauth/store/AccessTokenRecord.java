package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import java.time.Instant;

/**
 * An issued access token, keyed by the SHA-256 hash of the token.
 *
 * @param tokenHash hash of the token value
 * @param grant     the grant it belongs to (revoking the grant revokes it): its client, subject, scope, audiences
 *                  and subject attributes
 * @param issuedAt  issue time
 * @param expiresAt expiry time
 */
public record AccessTokenRecord(String tokenHash, Grant grant, Instant issuedAt, Instant expiresAt) {

    public AccessTokenRecord {
        Require.nonNull("tokenHash, grant, issuedAt, expiresAt", tokenHash, grant, issuedAt, expiresAt);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
