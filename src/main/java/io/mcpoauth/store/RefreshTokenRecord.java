package io.mcpoauth.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A refresh token, keyed by the SHA-256 hash of the token. It lives its own lifetime, independent of
 * any access token.
 *
 * @param tokenHash hash of the token value
 * @param grantId   the grant (token family); reuse of a rotated token revokes the whole family
 * @param clientId  the client it was issued to
 * @param subject   the user
 * @param scope     space-delimited scope; a refresh may only narrow it
 * @param resources audiences (RFC 8707); a refresh may only narrow them
 * @param issuedAt  issue time
 * @param expiresAt expiry time
 * @param rotated   true once it has been exchanged for a successor; presenting it again is reuse
 * @param attributes what the gateway said about the user, passed on to the access tokens it refreshes
 */
public record RefreshTokenRecord(
        String tokenHash,
        String grantId,
        String clientId,
        String subject,
        String scope,
        List<String> resources,
        Instant issuedAt,
        Instant expiresAt,
        boolean rotated,
        SubjectAttributes attributes) {

    public RefreshTokenRecord {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(scope, "scope");
        resources = List.copyOf(resources);
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(attributes, "attributes");
    }

    /** A refresh token with no subject attributes. */
    public RefreshTokenRecord(String tokenHash, String grantId, String clientId, String subject, String scope,
            List<String> resources, Instant issuedAt, Instant expiresAt, boolean rotated) {
        this(tokenHash, grantId, clientId, subject, scope, resources, issuedAt, expiresAt, rotated,
                SubjectAttributes.NONE);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public RefreshTokenRecord asRotated() {
        return new RefreshTokenRecord(tokenHash, grantId, clientId, subject, scope, resources, issuedAt, expiresAt, true,
                attributes);
    }
}
