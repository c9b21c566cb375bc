package io.mcpoauth.server;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.GrantRevocationStore;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Token revocation (RFC 7009). The hint only chooses which kind of token is looked up first (RFC 7009 2.1).
 * Revoking a refresh token revokes its whole grant, access tokens included (RFC 7009 2.1: "SHOULD also
 * invalidate all access tokens based on the same authorization grant"). An unknown token, or a token of
 * another client, changes nothing and is answered like a success (RFC 7009 2.2), so the endpoint tells a
 * caller nothing about tokens it does not own.
 */
public final class RevocationService {

    private final ClientGate gate;
    private final AccessTokenStore accessTokens;
    private final RefreshTokenStore refreshTokens;
    private final GrantRevocationStore grants;
    private final TokenIssuer issuer;
    private final AuditLog audit;
    private final Clock clock;

    public RevocationService(ClientGate gate, AccessTokenStore accessTokens, RefreshTokenStore refreshTokens,
            GrantRevocationStore grants, TokenIssuer issuer, AuditLog audit, Clock clock) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Revokes a token of the authenticated client; unknown tokens are ignored.
     *
     * @param form          the request's form parameters
     * @param authorization the {@code Authorization} header, or null
     */
    public void revoke(Map<String, List<String>> form, String authorization, RequestContext context) {
        Parameters params = new Parameters(form);
        ClientCredentials credentials = ClientCredentials.from(authorization, params);
        ClientRecord client = gate.admit(credentials, context, "revocation.rejected");
        String token = params.single("token");
        if (token == null) {
            throw OAuthException.invalidRequest("token is required");
        }
        revoke(client, token, params.single("token_type_hint"), context,
                credentials.method().value(), clock.instant());
    }

    private void revoke(ClientRecord client, String token, String hint, RequestContext context, String method,
            Instant now) {
        String hash = Tokens.hash(token);
        boolean refreshFirst = "refresh_token".equals(hint);
        boolean done = refreshFirst
                ? revokeRefresh(client, hash, context, method, now) || revokeAccess(client, hash, context, method, now)
                : revokeAccess(client, hash, context, method, now) || revokeRefresh(client, hash, context, method, now);
        if (!done) {
            audit.record(AuditEvent.failure("token.revoked").client(client.clientId())
                    .token(Tokens.fingerprint(hash)).remote(context.remoteAddress()).reason("unknown token")
                    .with("auth_method", method));
        }
    }

    private boolean revokeAccess(ClientRecord client, String hash, RequestContext context, String method,
            Instant now) {
        Optional<Grant> found = accessTokens.findAccessToken(hash, now).map(AccessTokenRecord::grant)
                .filter(g -> g.clientId().equals(client.clientId()));
        if (found.isEmpty()) {
            return false;
        }
        accessTokens.revokeAccessToken(hash, now);
        revoked(found.get(), hash, "access_token", context, method);
        return true;
    }

    private boolean revokeRefresh(ClientRecord client, String hash, RequestContext context, String method,
            Instant now) {
        Optional<Grant> found = refreshTokens.findRefreshToken(hash, now).map(RefreshTokenRecord::grant)
                .filter(g -> g.clientId().equals(client.clientId()));
        if (found.isEmpty()) {
            return false;
        }
        grants.revokeGrant(found.get().grantId(), issuer.revocationHorizon(now), now);
        revoked(found.get(), hash, "refresh_token", context, method);
        return true;
    }

    /** Audits the revocation of a token of the client that owns {@code grant}. */
    private void revoked(Grant grant, String hash, String tokenType, RequestContext context, String method) {
        audit.record(AuditEvent.success("token.revoked").client(grant.clientId()).subject(grant.subject())
                .grant(grant.grantId()).token(Tokens.fingerprint(hash)).remote(context.remoteAddress())
                .with("token_type", tokenType).with("auth_method", method));
    }
}
