package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.Scope;
import java.time.Instant;
import java.util.List;

/**
 * What the admin API shows of a grant (token family): kept in the {@link GrantIndexStore} from the grant's start
 * until its last token can expire.
 *
 * @param grantId    the grant
 * @param clientId   the client it was granted to
 * @param subject    the user, or the client id for machine grants
 * @param scope      the scope its latest token carries (a refresh may only narrow it)
 * @param resources  the audiences (RFC 8707) its latest token carries
 * @param createdAt  when the grant began
 * @param lastUsedAt when a token of it was last issued (the start, then each refresh)
 * @param expiresAt  the latest expiry of its tokens: after it, nothing of the grant is usable
 */
public record GrantSummary(String grantId, String clientId, String subject, Scope scope, List<String> resources,
        Instant createdAt, Instant lastUsedAt, Instant expiresAt) {

    public GrantSummary {
        Require.nonNull("grantId, clientId, subject, scope, createdAt, lastUsedAt, expiresAt",
                grantId, clientId, subject, scope, createdAt, lastUsedAt, expiresAt);
        resources = List.copyOf(resources);
    }

    /** What the index keeps of a grant: its ids, scope and audiences (not the subject's attributes), and times. */
    public static GrantSummary of(Grant grant, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
        return new GrantSummary(grant.grantId(), grant.clientId(), grant.subject(), grant.scope(), grant.resources(),
                createdAt, lastUsedAt, expiresAt);
    }

    /**
     * The grant of a token that is its grant's only one (client_credentials, jwt-bearer), or of one imported:
     * begun, last used and ending with the token.
     */
    public static GrantSummary of(AccessTokenRecord token) {
        return of(token.grant(), token.issuedAt(), token.issuedAt(), token.expiresAt());
    }

    /** The grant as its refresh token shows it: begun at the grant's start, last used at the token's issue. */
    public static GrantSummary of(RefreshTokenRecord token) {
        return of(token.grant(), token.grantStartedAt(), token.issuedAt(), token.expiresAt());
    }

    /**
     * The grant as this record and another of the same grant show it together (an import meeting several tokens
     * of one grant): begun at the earlier start, last used and ending at the later times, with the scope and
     * audiences of the more recently used, this one's on a tie.
     */
    public GrantSummary mergedWith(GrantSummary other) {
        if (!other.grantId.equals(grantId)) {
            throw new IllegalArgumentException("not the same grant");
        }
        GrantSummary recent = other.lastUsedAt.isAfter(lastUsedAt) ? other : this;
        return new GrantSummary(grantId, clientId, subject, recent.scope, recent.resources,
                earlier(createdAt, other.createdAt), recent.lastUsedAt,
                expiresAt.isAfter(other.expiresAt) ? expiresAt : other.expiresAt);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
