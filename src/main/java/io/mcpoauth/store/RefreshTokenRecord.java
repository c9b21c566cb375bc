package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import java.time.Instant;
import java.util.Objects;

/**
 * A refresh token, keyed by the SHA-256 hash of the token. It lives its own lifetime, independent of
 * any access token, and never past its grant's end ({@code grantStartedAt} plus
 * {@code mcp.oauth.token.grant-max-lifetime}): each rotation copies {@code grantStartedAt} to the successor.
 *
 * @param tokenHash hash of the token value
 * @param grant     the grant (token family): reuse of a rotated token revokes the whole family; a refresh may only
 *                  narrow its scope and audiences, and passes its subject attributes on to the access tokens
 * @param issuedAt  issue time
 * @param expiresAt expiry time
 * @param rotated   true once it has been exchanged for a successor; presenting it again is reuse
 * @param grantStartedAt when the grant began (the code exchange that issued its first refresh token); null reads
 *                   as {@code issuedAt}, the latest the grant can have begun: a record written before grants had
 *                   a start (an old Redis value, JDBC row or export line) is never cut short by an upgrade, and
 *                   its cap counts from its own issue
 */
public record RefreshTokenRecord(
        String tokenHash,
        Grant grant,
        Instant issuedAt,
        Instant expiresAt,
        boolean rotated,
        Instant grantStartedAt) {

    public RefreshTokenRecord {
        Require.nonNull("tokenHash, grant, issuedAt, expiresAt", tokenHash, grant, issuedAt, expiresAt);
        if (grantStartedAt == null) {
            grantStartedAt = issuedAt;
        }
    }

    /** A refresh token whose grant began when it was issued. */
    public RefreshTokenRecord(String tokenHash, Grant grant, Instant issuedAt, Instant expiresAt, boolean rotated) {
        this(tokenHash, grant, issuedAt, expiresAt, rotated, issuedAt);
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The same token, its grant begun at {@code startedAt}. */
    public RefreshTokenRecord withGrantStartedAt(Instant startedAt) {
        return new RefreshTokenRecord(tokenHash, grant, issuedAt, expiresAt, rotated,
                Objects.requireNonNull(startedAt, "startedAt"));
    }

    public RefreshTokenRecord asRotated() {
        return new RefreshTokenRecord(tokenHash, grant, issuedAt, expiresAt, true, grantStartedAt);
    }
}
