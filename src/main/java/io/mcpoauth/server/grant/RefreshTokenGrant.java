package io.mcpoauth.server.grant;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.server.ResourcePolicy;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.server.TokenIssuer;
import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code refresh_token} (RFC 6749 6) with rotation on every use. Presenting a rotated token again is reuse:
 * the whole grant is revoked (RFC 9700 4.14.2), whichever of the two holders is the attacker.
 *
 * <p>A grant ends {@code mcp.oauth.token.grant-max-lifetime} after its start, however often it is refreshed
 * (RFC 9700 4.14.2 lets the server bound a refresh token's life). The cap needs no check-then-set: the grant's
 * start never changes once written, and the successor's expiry, capped at the grant's end, is written by the
 * store in the same atomic step that marks the presented token rotated (one {@code computeIfPresent}, one
 * transaction, one Lua script). Every token of the grant therefore expires by its end, and after it no live
 * token is left to rotate. The check below only turns away tokens stored before the cap was lowered.
 */
public final class RefreshTokenGrant implements GrantHandler {

    private final TokenIssuer issuer;
    private final ResourcePolicy resourcePolicy;
    private final AuditLog audit;

    public RefreshTokenGrant(TokenIssuer issuer, ResourcePolicy resourcePolicy, AuditLog audit) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.resourcePolicy = Objects.requireNonNull(resourcePolicy, "resourcePolicy");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public GrantType grantType() {
        return GrantType.REFRESH_TOKEN;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientRecord client, Instant now) {
        String presented = request.params().single("refresh_token");
        if (presented == null) {
            throw OAuthException.invalidRequest("refresh_token is required");
        }
        TokenStore store = issuer.store();
        String presentedHash = Tokens.hash(presented);
        RefreshTokenRecord current = store.findRefreshToken(presentedHash, now)
                .filter(t -> t.clientId().equals(client.clientId()))
                .orElseThrow(() -> OAuthException.invalidGrant("refresh token is invalid or expired"));
        if (current.rotated()) {
            throw reused(current, request, now);
        }
        if (!now.isBefore(issuer.grantEnd(current.grantStartedAt()))) {
            throw OAuthException.invalidGrant("refresh token is invalid or expired");
        }
        Scope granted = current.scope();
        Scope requested = Scope.parse(request.params().single("scope"));
        // RFC 6749 6: the requested scope must not include any scope not originally granted.
        if (!requested.isEmpty() && !granted.containsAll(requested)) {
            throw OAuthException.invalidScope("requested scope exceeds the original grant");
        }
        List<String> audience = resourcePolicy.narrow(current.resources(), request.params().all("resource"));
        String next = Tokens.newToken();
        TokenIssuer.Grant family = new TokenIssuer.Grant(current.grantId(), client.clientId(), current.subject(),
                current.scope(), current.resources(), current.attributes());
        RefreshTokenRecord successor = issuer.successorRecord(next, family, current.grantStartedAt(), now);
        if (!store.rotateRefreshToken(presentedHash, successor, now)) {
            // Another request rotated it first: that is reuse too.
            throw reused(current, request, now);
        }
        Scope accessScope = requested.isEmpty() ? granted : requested;
        TokenIssuer.Grant accessGrant = family.withScope(accessScope).withResources(audience);
        String access = issuer.accessToken(accessGrant, now, current.grantStartedAt());
        audit.record(AuditEvent.success("token.refreshed").client(client.clientId()).subject(current.subject())
                .grant(current.grantId()).scope(accessScope.toString())
                .token(Tokens.fingerprint(Tokens.hash(access))).remote(request.context().remoteAddress()));
        long expiresIn = TokenIssuer.expiresIn(issuer.accessExpiry(now, current.grantStartedAt()), now);
        return new TokenResponse(access, expiresIn, next, accessScope.toString());
    }

    private OAuthException reused(RefreshTokenRecord token, TokenRequest request, Instant now) {
        issuer.store().revokeGrant(token.grantId(), issuer.revocationHorizon(now));
        audit.record(AuditEvent.failure("refresh.reused").client(token.clientId()).subject(token.subject())
                .grant(token.grantId()).token(Tokens.fingerprint(token.tokenHash()))
                .remote(request.context().remoteAddress()).reason("grant revoked"));
        return OAuthException.invalidGrant("refresh token is invalid or expired");
    }
}
