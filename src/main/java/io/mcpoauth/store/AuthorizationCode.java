package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import java.time.Instant;

/**
 * An issued authorization code, keyed by the SHA-256 hash of the code.
 *
 * @param codeHash      hash of the code value
 * @param grant         the grant every token issued from this code carries: its id, the client the code was issued
 *                      to, the authenticated user, the granted scope, the resource indicators (RFC 8707) and what
 *                      the gateway said about the user
 * @param redirectUri   the redirect URI the request used (RFC 6749 4.1.3 requires it to match at the token endpoint)
 * @param codeChallenge PKCE S256 challenge
 * @param issuedAt      issue time
 * @param expiresAt     expiry time
 */
public record AuthorizationCode(
        String codeHash,
        Grant grant,
        String redirectUri,
        String codeChallenge,
        Instant issuedAt,
        Instant expiresAt) {

    public AuthorizationCode {
        Require.nonNull("codeHash, grant, redirectUri, codeChallenge, issuedAt, expiresAt",
                codeHash, grant, redirectUri, codeChallenge, issuedAt, expiresAt);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
