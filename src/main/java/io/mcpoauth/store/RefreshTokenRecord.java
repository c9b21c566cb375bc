package io.mcpoauth.store;

import io.mcpoauth.protocol.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A refresh token, keyed by the SHA-256 hash of the token. It lives its own lifetime, independent of
 * any access token, and never past its grant's end ({@code grantStartedAt} plus
 * {@code mcp.oauth.token.grant-max-lifetime}): each rotation copies {@code grantStartedAt} to the successor.
 *
 * @param tokenHash hash of the token value
 * @param grantId   the grant (token family); reuse of a rotated token revokes the whole family
 * @param clientId  the client it was issued to
 * @param subject   the user
 * @param scope     granted scope; a refresh may only narrow it
 * @param resources audiences (RFC 8707); a refresh may only narrow them
 * @param issuedAt  issue time
 * @param expiresAt expiry time
 * @param rotated   true once it has been exchanged for a successor; presenting it again is reuse
 * @param attributes what the gateway said about the user, passed on to the access tokens it refreshes
 * @param grantStartedAt when the grant began (the code exchange that issued its first refresh token); null reads
 *                   as {@code issuedAt}, the latest the grant can have begun: a record written before grants had
 *                   a start (an old Redis value, JDBC row or export line) is never cut short by an upgrade, and
 *                   its cap counts from its own issue
 */
public record RefreshTokenRecord(
        String tokenHash,
        String grantId,
        String clientId,
        String subject,
        Scope scope,
        List<String> resources,
        Instant issuedAt,
        Instant expiresAt,
        boolean rotated,
        SubjectAttributes attributes,
        Instant grantStartedAt) {

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
        if (grantStartedAt == null) {
            grantStartedAt = issuedAt;
        }
    }

    /** A refresh token whose grant began when it was issued. */
    public RefreshTokenRecord(String tokenHash, String grantId, String clientId, String subject, Scope scope,
            List<String> resources, Instant issuedAt, Instant expiresAt, boolean rotated,
            SubjectAttributes attributes) {
        this(tokenHash, grantId, clientId, subject, scope, resources, issuedAt, expiresAt, rotated, attributes,
                issuedAt);
    }

    /** A refresh token with no subject attributes, whose grant began when it was issued. */
    public RefreshTokenRecord(String tokenHash, String grantId, String clientId, String subject, Scope scope,
            List<String> resources, Instant issuedAt, Instant expiresAt, boolean rotated) {
        this(tokenHash, grantId, clientId, subject, scope, resources, issuedAt, expiresAt, rotated,
                SubjectAttributes.NONE);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The same token, its grant begun at {@code startedAt}. */
    public RefreshTokenRecord withGrantStartedAt(Instant startedAt) {
        return new RefreshTokenRecord(tokenHash, grantId, clientId, subject, scope, resources, issuedAt, expiresAt,
                rotated, attributes, Objects.requireNonNull(startedAt, "startedAt"));
    }

    public RefreshTokenRecord asRotated() {
        return new RefreshTokenRecord(tokenHash, grantId, clientId, subject, scope, resources, issuedAt, expiresAt, true,
                attributes, grantStartedAt);
    }
}
