package io.mcpoauth.server.grant;

import io.mcpoauth.audit.AuditEvent;
import io.mcpoauth.audit.AuditLog;
import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.ResourceIndicators;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.server.GrantHandler;
import io.mcpoauth.server.ResourcePolicy;
import io.mcpoauth.server.SubjectAccess;
import io.mcpoauth.server.TokenIssuer;
import io.mcpoauth.server.TokenRequest;
import io.mcpoauth.server.TokenResponse;
import io.mcpoauth.store.ClientRecord;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.RefreshRotation;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import io.mcpoauth.store.Successors;
import io.mcpoauth.store.SuccessorRule;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code refresh_token} (RFC 6749 6) with rotation on every use. Presenting a rotated token again is reuse:
 * the whole grant is revoked (RFC 9700 4.14.2), whichever of the two holders is the attacker. Whether the
 * presented token rotates, is reused or is unknown is decided once, by the store, in one atomic step ({@link
 * RefreshTokenStore#rotateRefreshToken}), which also revokes the grant on reuse.
 *
 * <p>A grant ends {@code mcp.oauth.token.grant-max-lifetime} after its start, however often it is refreshed
 * (RFC 9700 4.14.2 lets the server bound a refresh token's life). The cap needs no check-then-set: the grant's
 * start never changes once written, and the successor's expiry, capped at the grant's end, is written by the
 * store in the same atomic step that marks the presented token rotated (one {@code computeIfPresent}, one
 * transaction, one Lua script). Every token of the grant therefore expires by its end, and after it no live
 * token is left to rotate. The check below only turns away tokens stored before the cap was lowered.
 */
public final class RefreshTokenGrant implements GrantHandler {

    private static final String INVALID = "refresh token is invalid or expired";

    private final RefreshTokenStore refreshTokens;
    private final TokenIssuer issuer;
    private final ResourcePolicy resourcePolicy;
    private final SubjectAccess subjects;
    private final AuditLog audit;

    public RefreshTokenGrant(RefreshTokenStore refreshTokens, TokenIssuer issuer, ResourcePolicy resourcePolicy,
            SubjectAccess subjects, AuditLog audit) {
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.resourcePolicy = Objects.requireNonNull(resourcePolicy, "resourcePolicy");
        this.subjects = Objects.requireNonNull(subjects, "subjects");
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
        Scope requested = Scope.parse(request.params().single("scope"));
        List<String> requestedResources = request.params().all("resource");
        TokenIssuer.Issued next = TokenIssuer.Issued.next();
        TokenIssuer.Issued nextAccess = TokenIssuer.Issued.next();
        AtomicReference<TokenIssuer.MintedAccess> minted = new AtomicReference<>();
        // The checks run on the live, unrotated token inside the rotation: a refused request rotates nothing. The
        // new access token is stored by the rotation that wins, in its step (one Redis script, one transaction);
        // one made for a rotation that loses is never stored nor handed out. With a rule (the common refresh), a store
        // may apply these checks and build the same records in the rotating step itself (PostgreSQL: one statement),
        // calling the function after its win for the records to hand out.
        RefreshRotation outcome = refreshTokens.rotateAndIssue(Tokens.hash(presented), client.clientId(), now,
                issuer.revocationHorizon(now), current -> {
                    if (!now.isBefore(issuer.grantEnd(current.grantStartedAt()))) {
                        throw OAuthException.invalidGrant(INVALID);
                    }
                    // RFC 6749 6: the requested scope must not include any scope not originally granted.
                    if (!requested.isEmpty() && !current.grant().scope().containsAll(requested)) {
                        throw OAuthException.invalidScope("requested scope exceeds the original grant");
                    }
                    minted.set(issuer.mintAccessToken(accessGrant(current.grant(), requested, requestedResources),
                            now, current.grantStartedAt(), nextAccess));
                    return new Successors(issuer.successorRecord(next, current.grant(), current.grantStartedAt(), now),
                            minted.get().record());
                }, successorRule(next, nextAccess, requested, requestedResources));
        if (outcome instanceof RefreshRotation.Reused reused) {
            throw reused(reused.presented(), request);
        }
        if (outcome instanceof RefreshRotation.Blocked blocked) {
            throw subjects.blocked(blocked.presented().grant().grantId(), blocked.until(), now);
        }
        if (!(outcome instanceof RefreshRotation.Rotated rotated)) {
            throw OAuthException.invalidGrant(INVALID);
        }
        RefreshTokenRecord current = rotated.presented();
        Grant grant = current.grant();
        TokenIssuer.MintedAccess issued = minted.get();
        Scope accessScope = issued.record().grant().scope();
        TokenIssuer.AccessToken access = issued.token();
        boolean reindexed = issuer.recordRefresh(current, rotated.successor(), issued.record(), now);
        // An offboarding writes the block, then revokes the grants the index lists. A block written before the
        // rotation's step refused it there (when the store judges it in that step); one written after finds this
        // grant listed by the record written in the presented token's hour, which lives at least a refresh
        // token's lifetime past this rotation, or to the grant's end (TokenIssuer#recordRefresh). When this refresh replaced that record, the listing may fall between the
        // rotation and the write: the block is then read after the write, as after a code exchange.
        if (rotated.subjectChecked() && !reindexed) {
            subjects.confirmDenyList(grant.grantId(), grant.subject(), now);
        } else {
            subjects.confirm(grant.grantId(), grant.subject(), now);
        }
        audit.record(AuditEvent.success("token.refreshed").client(client.clientId())
                .clientKind(client.isPublic()).subject(grant.subject())
                .grant(grant.grantId()).scope(accessScope.toString())
                .token(Tokens.fingerprint(access.hash())).remote(request.context().remoteAddress())
                .with("auth_method", request.credentials().method().value()));
        return new TokenResponse(access.value(), access.expiresIn(now), next.value(), accessScope.toString());
    }

    /**
     * The rules of this refresh's successors when they can be stated without the presented token (a store may then
     * rotate without reading it first), or {@code null}: at most one resource requested, and a valid one; a request
     * they do not cover is judged by the successor function above.
     */
    private SuccessorRule successorRule(TokenIssuer.Issued next, TokenIssuer.Issued nextAccess, Scope requested,
            List<String> resources) {
        String audience = null;
        if (resources.size() > 1) {
            return null;
        }
        if (resources.size() == 1) {
            try {
                audience = ResourceIndicators.normalise(resources.get(0));
            } catch (OAuthException invalid) {
                return null;
            }
        }
        return issuer.successorRule(next, nextAccess, !requested.isEmpty(), audience).orElse(null);
    }

    /** The grant of the new access token: the requested scope and audiences, or the refresh token's. */
    private Grant accessGrant(Grant grant, Scope requested, List<String> resources) {
        Scope scope = requested.isEmpty() ? grant.scope() : requested;
        return grant.withScope(scope).withResources(resourcePolicy.narrow(grant.resources(), resources));
    }

    /** The store has revoked the grant already; this records it and answers as for any invalid token. */
    private OAuthException reused(RefreshTokenRecord token, TokenRequest request) {
        Grant grant = token.grant();
        audit.record(AuditEvent.failure("refresh.reused").client(grant.clientId()).subject(grant.subject())
                .grant(grant.grantId()).token(Tokens.fingerprint(token.tokenHash()))
                .remote(request.context().remoteAddress()).reason("grant revoked"));
        return OAuthException.invalidGrant(INVALID);
    }
}
