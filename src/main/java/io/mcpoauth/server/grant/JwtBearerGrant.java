package io.mcpoauth.server.grant;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.enterprise.EnterpriseSettings;
import io.mcpoauth.enterprise.IdJagVerifier;
import io.mcpoauth.enterprise.IdentityAssertionGrant;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ResourceIndicators;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.server.GrantHandler;
import io.mcpoauth.server.OAuthSettings;
import io.mcpoauth.server.ScopePolicy;
import io.mcpoauth.server.SubjectAccess;
import io.mcpoauth.server.TokenIssuer;
import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.UsedIdStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code urn:ietf:params:oauth:grant-type:jwt-bearer} (RFC 7523 2.1) with Identity Assertion JWT Authorization
 * Grants: MCP Enterprise-Managed Authorization 5. The enterprise identity provider signed the grant for one user,
 * one client and one resource after its own policy decided; that decision is the consent, so there is no page.
 * <ul>
 * <li>the grant is verified by {@link IdJagVerifier} (RFC 7521 5.2, RFC 7523 3, the ID-JAG profile);</li>
 * <li>its {@code jti} is used once, across instances, until its {@code exp} plus the clock skew (RFC 7523 3 item
 *     7), keyed by the provider and the jti, so two providers' ids never meet;</li>
 * <li>the scope is the grant's, narrowed by the request's {@code scope} and by what the client may have, never
 *     widened; a {@code resource} parameter may only repeat the grant's (RFC 8707 2.2);</li>
 * <li>the answer is an access token for the grant's resource and no refresh token: the client asks the provider
 *     for a new grant, so that revocation at the provider takes effect within one access token's life.</li>
 * </ul>
 * Every refusal of the grant is {@code invalid_grant} (RFC 7521 4.1.1, RFC 7523 3.1), its reason only in the log.
 */
public final class JwtBearerGrant implements GrantHandler {

    private final IdJagVerifier verifier;
    private final UsedIdStore usedIds;
    private final TokenIssuer issuer;
    private final ScopePolicy scopes;
    private final SubjectAccess subjects;
    private final AuditLog audit;
    private final Duration skew;
    private final boolean enabled;

    /**
     * @param skew    the clock skew grants are checked with: a jti is kept that long past its {@code exp}
     * @param enabled whether identity providers are configured; when not, the grant type is unsupported
     */
    public JwtBearerGrant(IdJagVerifier verifier, UsedIdStore usedIds, TokenIssuer issuer, ScopePolicy scopes,
            SubjectAccess subjects, AuditLog audit, Duration skew, boolean enabled) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.usedIds = Objects.requireNonNull(usedIds, "usedIds");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.enabled = enabled;
    }

    /** The handler of the configured identity providers, off when none is configured. */
    public static JwtBearerGrant of(OAuthSettings settings, UsedIdStore usedIds, TokenIssuer issuer,
            ScopePolicy scopes, SubjectAccess subjects, AuditLog audit, Clock clock) {
        EnterpriseSettings enterprise = settings.enterprise();
        Set<String> served = new LinkedHashSet<>(ResourceIndicators.normalise(List.copyOf(settings.resources())));
        return new JwtBearerGrant(new IdJagVerifier(enterprise, settings.issuer(), served, clock), usedIds, issuer,
                scopes, subjects, audit, enterprise.clockSkew(), enterprise.enabled());
    }

    @Override
    public GrantType grantType() {
        return GrantType.JWT_BEARER;
    }

    @Override
    public boolean enabled() {
        return enabled;
    }

    @Override
    public TokenResponse handle(TokenRequest request, ClientRecord client, Instant now) {
        if (client.isPublic()) {
            throw OAuthException.unauthorizedClient("the jwt-bearer grant requires client authentication");
        }
        String assertion = request.params().single("assertion");
        if (assertion == null) {
            throw OAuthException.invalidRequest("assertion is required");
        }
        IdJagVerifier.Outcome outcome = verifier.verify(assertion, client.clientId());
        if (outcome instanceof IdJagVerifier.Refused refused) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "the assertion is not valid", refused.reason(), null);
        }
        IdentityAssertionGrant grant = ((IdJagVerifier.Accepted) outcome).grant();
        Scope scope = scope(grant, Scope.parse(request.params().single("scope")), client);
        List<String> requested = ResourceIndicators.normalise(request.params().all("resource"));
        if (!requested.isEmpty() && !requested.equals(List.of(grant.resource()))) {
            throw OAuthException.invalidTarget("the grant is for another resource");
        }
        // The last check: a grant refused for its scope or resource may be presented again, corrected.
        if (!usedIds.markUsed(UsedIdStore.idHash("id-jag", grant.provider().issuer(), grant.jti()),
                grant.expiresAt().plus(skew), now)) {
            throw new OAuthException(OAuthError.INVALID_GRANT, "the assertion is not valid",
                    grant.provider().id() + ": the grant's jti was used before", null);
        }
        Grant tokens = new Grant(Tokens.newId(), client.clientId(), grant.subject(), scope,
                List.of(grant.resource()), grant.attributes());
        TokenIssuer.AccessToken access = issuer.machineToken(tokens, now);
        subjects.confirm(tokens.grantId(), grant.subject(), now);
        audit.record(AuditEvent.success("token.issued").client(client.clientId())
                .clientKind(client.isPublic()).subject(grant.subject())
                .grant(tokens.grantId()).scope(scope.toString()).token(Tokens.fingerprint(access.hash()))
                .remote(request.context().remoteAddress()).with("grant_type", grantType().value())
                .with("idp", grant.provider().id()));
        return new TokenResponse(access.value(), access.expiresIn(now), null, scope.toString());
    }

    /**
     * The grant's scope, narrowed to what the request asks (none asked: all the grant holds) and checked against
     * what the client may have. A grant with no scope gives the client's default, as a request without one does
     * (RFC 6749 3.3).
     */
    private Scope scope(IdentityAssertionGrant grant, Scope requested, ClientRecord client) {
        if (grant.scope().isEmpty()) {
            return scopes.resolve(client, requested);
        }
        if (!grant.scope().values().containsAll(requested.values())) {
            throw OAuthException.invalidScope("requested scope exceeds the grant");
        }
        return scopes.resolve(client, requested.isEmpty() ? grant.scope() : requested);
    }
}
