package io.mcpoauth.store;

import java.time.Instant;
import java.util.Objects;

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
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
