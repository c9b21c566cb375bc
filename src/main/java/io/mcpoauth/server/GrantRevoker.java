package io.mcpoauth.server;

import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantRevocationStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.Page;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Revokes whole grants (token families) on an operator's word: the grant's revocation first, which kills every
 * access and refresh token of it at every instance at once (introspection answers inactive from the next
 * request), then its entry in the grant index, so that listings no longer show it. In that order, a failure
 * between the two leaves a revoked grant listed, never a live one hidden.
 */
public final class GrantRevoker {

    /** Grants read from the index at a time while revoking all of a subject's or client's. */
    public static final int PAGE = 200;

    private final GrantRevocationStore revocations;
    private final GrantIndexStore index;
    private final TokenIssuer issuer;

    public GrantRevoker(GrantRevocationStore revocations, GrantIndexStore index, TokenIssuer issuer) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.index = Objects.requireNonNull(index, "index");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Revokes the grant with this id, whether the index knows it or not (a grant issued before the index
     * existed is still revoked).
     *
     * @return true when the index knew it as a live grant
     */
    public boolean revoke(String grantId, Instant now) {
        Optional<GrantSummary> indexed = index.find(grantId, now);
        if (indexed.isPresent()) {
            revokeIndexed(indexed.get(), now);
            return true;
        }
        revocations.revokeGrant(grantId, issuer.revocationHorizon(now), now);
        return false;
    }

    /**
     * Revokes every grant of one listing of the index ({@link GrantIndexStore#bySubject} or
     * {@link GrantIndexStore#byClient}), page after page until its end.
     *
     * @param pages the listing's page after a cursor (null for the first)
     * @return how many grants were revoked
     */
    public int revokeAll(Function<String, Page<GrantSummary>> pages, Instant now) {
        int revoked = 0;
        String after = null;
        do {
            Page<GrantSummary> page = pages.apply(after);
            for (GrantSummary grant : page.items()) {
                revokeIndexed(grant, now);
                revoked++;
            }
            after = page.next();
        } while (after != null);
        return revoked;
    }

    /**
     * Revoked until no token of the grant can be alive: its recorded expiry, or the longest any token issued
     * now could live, whichever is later (an access token issued at the last refresh may outlive the index's
     * expiry when the access lifetime is the longer one).
     */
    private void revokeIndexed(GrantSummary grant, Instant now) {
        Instant horizon = issuer.revocationHorizon(now);
        revocations.revokeGrant(grant.grantId(), grant.expiresAt().isAfter(horizon) ? grant.expiresAt() : horizon,
                now);
        index.remove(grant.grantId(), now);
    }
}
