package io.mcpoauth.server.grant;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Pkce;
import io.mcpoauth.server.GrantHandler;
import io.mcpoauth.server.ResourcePolicy;
import io.mcpoauth.server.SubjectAccess;
import io.mcpoauth.server.TokenIssuer;
import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.AuthorizationCode;
import io.mcpoauth.store.AuthorizationCodeStore;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.CodeConsumption;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.GrantRevocationStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** {@code authorization_code} (RFC 6749 4.1.3, OAuth 2.1 4.1.3) with mandatory PKCE S256. */
public final class AuthorizationCodeGrant implements GrantHandler {

    private final AuthorizationCodeStore codes;
    private final GrantRevocationStore grants;
    private final TokenIssuer issuer;
    private final ResourcePolicy resourcePolicy;
    private final SubjectAccess subjects;
    private final AuditLog audit;

    public AuthorizationCodeGrant(AuthorizationCodeStore codes, GrantRevocationStore grants, TokenIssuer issuer,
            ResourcePolicy resourcePolicy, SubjectAccess subjects, AuditLog audit) {
        this.codes = Objects.requireNonNull(codes, "codes");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.resourcePolicy = Objects.requireNonNull(resourcePolicy, "resourcePolicy");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public GrantType grantType() {
        return GrantType.AUTHORIZATION_CODE;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientRecord client, Instant now) {
        String code = request.params().single("code");
        String verifier = request.params().single("code_verifier");
        String redirectUri = request.params().single("redirect_uri");
        if (code == null) {
            throw OAuthException.invalidRequest("code is required");
        }
        if (verifier == null) {
            throw OAuthException.invalidRequest("code_verifier is required (PKCE)");
        }
        String codeHash = Tokens.hash(code);
        CodeConsumption outcome = codes.consume(codeHash, now);
        if (outcome instanceof CodeConsumption.Replayed replay) {
            throw replayed(replay.code(), request, now);
        }
        if (!(outcome instanceof CodeConsumption.Consumed consumed)) {
            throw OAuthException.invalidGrant("authorization code is invalid or expired");
        }
        AuthorizationCode granted = consumed.code();
        Grant grant = granted.grant();
        // The code is spent whatever follows: a failed check below cannot be retried with the same code.
        if (!grant.clientId().equals(client.clientId())) {
            throw OAuthException.invalidGrant("authorization code was issued to another client");
        }
        if (redirectUri != null && !redirectUri.equals(granted.redirectUri())) {
            throw OAuthException.invalidGrant("redirect_uri does not match the authorization request");
        }
        if (!Pkce.verify(verifier, granted.codeChallenge())) {
            throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
        }
        // RFC 8707 2.2: the token request may narrow the audience the code was granted for.
        List<String> audience = resourcePolicy.narrow(grant.resources(), request.params().all("resource"));
        boolean refreshes = client.grantTypes().contains(GrantType.REFRESH_TOKEN);
        TokenIssuer.AccessToken access = issuer.firstAccessToken(grant, audience, refreshes, now);
        String refresh = null;
        if (refreshes) {
            refresh = issuer.refreshToken(grant, now).value();
        }
        subjects.confirm(grant.grantId(), grant.subject(), now);
        audit.record(AuditEvent.success("token.issued").client(client.clientId())
                .clientKind(client.isPublic()).subject(grant.subject())
                .grant(grant.grantId()).scope(grant.scope().toString()).token(Tokens.fingerprint(access.hash()))
                .remote(request.context().remoteAddress()).with("grant_type", grantType().value())
                .with("auth_method", request.credentials().method().value()));
        return new TokenResponse(access.value(), access.expiresIn(now), refresh, grant.scope().toString());
    }

    /** RFC 6749 4.1.2 / RFC 9700 4.2.4: a second use of a code revokes every token issued from it. */
    private OAuthException replayed(AuthorizationCode code, TokenRequest request, Instant now) {
        Grant grant = code.grant();
        grants.revokeGrant(grant.grantId(), issuer.revocationHorizon(now), now);
        audit.record(AuditEvent.failure("code.replayed").client(grant.clientId()).subject(grant.subject())
                .grant(grant.grantId()).token(Tokens.fingerprint(code.codeHash()))
                .remote(request.context().remoteAddress()).reason("grant revoked"));
        return OAuthException.invalidGrant("authorization code is invalid or expired");
    }
}
