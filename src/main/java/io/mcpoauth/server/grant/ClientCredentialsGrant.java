package io.mcpoauth.server.grant;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.server.GrantHandler;
import io.mcpoauth.server.ResourcePolicy;
import io.mcpoauth.server.ScopePolicy;
import io.mcpoauth.server.TokenIssuer;
import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.Grant;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code client_credentials} (RFC 6749 4.4) for confidential machine clients, such as an MCP server calling
 * another. The client is the subject; no refresh token is issued (RFC 6749 4.4.3).
 */
public final class ClientCredentialsGrant implements GrantHandler {

    private final TokenIssuer issuer;
    private final ScopePolicy scopes;
    private final ResourcePolicy resources;
    private final AuditLog audit;

    public ClientCredentialsGrant(TokenIssuer issuer, ScopePolicy scopes, ResourcePolicy resources, AuditLog audit) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public GrantType grantType() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientRecord client, Instant now) {
        if (client.isPublic()) {
            throw OAuthException.unauthorizedClient("client_credentials requires a confidential client");
        }
        Scope scope = scopes.resolve(client, Scope.parse(request.params().single("scope")));
        List<String> audience = resources.resolve(request.params().all("resource"));
        Grant grant = new Grant(Tokens.newId(), client.clientId(), client.clientId(), scope, audience);
        TokenIssuer.Issued access = issuer.machineToken(grant, now);
        audit.record(AuditEvent.success("token.issued").client(client.clientId())
                .clientKind(client.isPublic()).subject(client.clientId())
                .grant(grant.grantId()).scope(scope.toString()).token(Tokens.fingerprint(access.hash()))
                .remote(request.context().remoteAddress()).with("grant_type", grantType().value())
                .with("auth_method", request.credentials().method().value()));
        return new TokenResponse(access.value(), issuer.accessTtlSeconds(), null, scope.toString());
    }
}
