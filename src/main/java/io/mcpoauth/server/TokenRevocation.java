package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.GrantRevocationStore;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Token revocation (RFC 7009). The hint only chooses which kind of token is looked up first (RFC 7009 2.1).
 * Revoking a refresh token revokes its whole grant, access tokens included (RFC 7009 2.1: "SHOULD also
 * invalidate all access tokens based on the same authorization grant"). An unknown token, or a token of
 * another client, changes nothing and is answered like a success (RFC 7009 2.2), so the endpoint tells a
 * caller nothing about tokens it does not own.
 */
final class TokenRevocation {

    private final AccessTokenStore accessTokens;
    private final RefreshTokenStore refreshTokens;
    private final GrantRevocationStore grants;
    private final TokenIssuer issuer;
    private final AuditLog audit;

    TokenRevocation(AccessTokenStore accessTokens, RefreshTokenStore refreshTokens, GrantRevocationStore grants,
            TokenIssuer issuer, AuditLog audit) {
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    void revoke(ClientRecord client, String token, String hint, RequestContext context, Instant now) {
        String hash = Tokens.hash(token);
        boolean refreshFirst = "refresh_token".equals(hint);
        boolean done = refreshFirst
                ? revokeRefresh(client, hash, context, now) || revokeAccess(client, hash, context, now)
                : revokeAccess(client, hash, context, now) || revokeRefresh(client, hash, context, now);
        if (!done) {
            audit.record(AuditEvent.failure("token.revoked").client(client.clientId())
                    .token(Tokens.fingerprint(hash)).remote(context.remoteAddress()).reason("unknown token"));
        }
    }

    private boolean revokeAccess(ClientRecord client, String hash, RequestContext context, Instant now) {
        Optional<AccessTokenRecord> found = accessTokens.findAccessToken(hash, now)
                .filter(t -> t.clientId().equals(client.clientId()));
        if (found.isEmpty()) {
            return false;
        }
        accessTokens.revokeAccessToken(hash, now);
        audit.record(AuditEvent.success("token.revoked").client(client.clientId()).subject(found.get().subject())
                .grant(found.get().grantId()).token(Tokens.fingerprint(hash)).remote(context.remoteAddress())
                .with("token_type", "access_token"));
        return true;
    }

    private boolean revokeRefresh(ClientRecord client, String hash, RequestContext context, Instant now) {
        Optional<RefreshTokenRecord> found = refreshTokens.findRefreshToken(hash, now)
                .filter(t -> t.clientId().equals(client.clientId()));
        if (found.isEmpty()) {
            return false;
        }
        grants.revokeGrant(found.get().grantId(), issuer.revocationHorizon(now), now);
        audit.record(AuditEvent.success("token.revoked").client(client.clientId()).subject(found.get().subject())
                .grant(found.get().grantId()).token(Tokens.fingerprint(hash)).remote(context.remoteAddress())
                .with("token_type", "refresh_token"));
        return true;
    }
}
