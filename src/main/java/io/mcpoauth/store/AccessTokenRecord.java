package io.mcpoauth.store;

import io.mcpoauth.protocol.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An issued access token, keyed by the SHA-256 hash of the token.
 *
 * @param tokenHash hash of the token value
 * @param grantId   the grant (token family) it belongs to; revoking the grant revokes it
 * @param clientId  the client it was issued to
 * @param subject   the user, or the client id for machine grants
 * @param scope     granted scope
 * @param resources audiences (RFC 8707), empty when none
 * @param issuedAt  issue time
 * @param expiresAt expiry time
 * @param attributes what the gateway said about the user; {@link SubjectAttributes#NONE} for machine grants
 */
public record AccessTokenRecord(
        String tokenHash,
        String grantId,
        String clientId,
        String subject,
        Scope scope,
        List<String> resources,
        Instant issuedAt,
        Instant expiresAt,
        SubjectAttributes attributes) {

    public AccessTokenRecord {
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

    /** A token with no subject attributes. */
    public AccessTokenRecord(String tokenHash, String grantId, String clientId, String subject, Scope scope,
            List<String> resources, Instant issuedAt, Instant expiresAt) {
        this(tokenHash, grantId, clientId, subject, scope, resources, issuedAt, expiresAt, SubjectAttributes.NONE);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
