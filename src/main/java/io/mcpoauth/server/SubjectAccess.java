package io.mcpoauth.server;

import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.SubjectBlockStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a user (a grant's subject) may get or keep tokens: not while on the deny list
 * ({@code mcp.oauth.subjects.deny}), not while blocked in the storage (an offboarding, or an operator's block
 * until a time). Asked after the user signs in at the authorization endpoint, and at the token endpoint for every
 * grant that yields tokens for a user: the code exchange, the refresh, and the enterprise jwt-bearer grant. It
 * holds for every login mode alike, since all of them hand the subject to the same two places.
 */
public final class SubjectAccess {

    private static final String REFUSED = "the grant is no longer valid";

    private final SubjectDenyList denied;
    private final SubjectBlockStore blocks;
    private final GrantRevoker revoker;

    public SubjectAccess(SubjectDenyList denied, SubjectBlockStore blocks, GrantRevoker revoker) {
        this.denied = Objects.requireNonNull(denied, "denied");
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
    }

    /** Why the subject is refused at {@code now}, in the operator's words; empty when it is not. */
    public Optional<String> refusal(String subject, Instant now) {
        if (denied.denies(subject)) {
            return Optional.of("subject on " + SubjectDenyList.KEY);
        }
        return blocks.blockedUntil(subject, now).map(until -> "subject blocked until " + until);
    }

    /**
     * Lets the grant's tokens, just stored, go to the client, or revokes the grant and refuses
     * ({@code invalid_grant}, RFC 6749 5.2: the grant "was issued to another ... or is revoked"; the reason only
     * in the log).
     *
     * <p>Asked after the tokens are stored and the grant indexed, not before: an offboarding blocks the subject,
     * then revokes the grants the index lists, so a grant issued meanwhile is either listed (and revoked there)
     * or stored after the block was written (and refused here). A check before issuing would let a request that
     * passed it just before the block store a grant the offboarding never sees.
     */
    public void confirm(String grantId, String subject, Instant now) {
        Optional<String> refusal = refusal(subject, now);
        if (refusal.isPresent()) {
            throw refuse(grantId, refusal.get(), now);
        }
    }

    /**
     * As {@link #confirm}, for tokens stored by a step that already found the subject not blocked (a refresh's
     * rotation, where the store judges the block with it): only the deny list is left to ask, which costs no
     * storage round trip.
     */
    public void confirmDenyList(String grantId, String subject, Instant now) {
        if (denied.denies(subject)) {
            throw refuse(grantId, "subject on " + SubjectDenyList.KEY, now);
        }
    }

    /**
     * Revokes the grant of a subject the storage found blocked until {@code until} and gives the refusal to
     * throw, as {@link #confirm} does.
     */
    public OAuthException blocked(String grantId, Instant until, Instant now) {
        return refuse(grantId, "subject blocked until " + until, now);
    }

    private OAuthException refuse(String grantId, String reason, Instant now) {
        revoker.revoke(grantId, now);
        return new OAuthException(OAuthError.INVALID_GRANT, REFUSED, reason + "; grant revoked", null);
    }
}
