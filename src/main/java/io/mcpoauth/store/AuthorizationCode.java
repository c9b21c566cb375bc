package io.mcpoauth.store;

import io.mcpoauth.protocol.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An issued authorization code, keyed by the SHA-256 hash of the code.
 *
 * @param codeHash      hash of the code value
 * @param grantId       the grant (token family) every token issued from this code belongs to
 * @param clientId      the client the code was issued to
 * @param subject       the authenticated user
 * @param redirectUri   the redirect URI the request used (RFC 6749 4.1.3 requires it to match at the token endpoint)
 * @param scope         granted scope
 * @param resources     resource indicators (RFC 8707), empty when none
 * @param codeChallenge PKCE S256 challenge
 * @param issuedAt      issue time
 * @param expiresAt     expiry time
 * @param attributes    what the gateway said about the user
 */
public record AuthorizationCode(
        String codeHash,
        String grantId,
        String clientId,
        String subject,
        String redirectUri,
        Scope scope,
        List<String> resources,
        String codeChallenge,
        Instant issuedAt,
        Instant expiresAt,
        SubjectAttributes attributes) {

    public AuthorizationCode {
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scope, "scope");
        resources = List.copyOf(resources);
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(attributes, "attributes");
    }

    /** A code with no subject attributes. */
    public AuthorizationCode(String codeHash, String grantId, String clientId, String subject, String redirectUri,
            Scope scope, List<String> resources, String codeChallenge, Instant issuedAt, Instant expiresAt) {
        this(codeHash, grantId, clientId, subject, redirectUri, scope, resources, codeChallenge, issuedAt, expiresAt,
                SubjectAttributes.NONE);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
