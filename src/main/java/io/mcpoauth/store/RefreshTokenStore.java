package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Refresh tokens, keyed by hash, rotated on every use (RFC 9700 4.14.2). */
public interface RefreshTokenStore {

    /** Stores the token until its expiry, counted from {@code now}; one already expired at {@code now} is not kept. */
    void saveRefreshToken(RefreshTokenRecord token, Instant now);

    /**
     * The refresh token with this hash if it is unexpired at {@code now} and its grant is not revoked, rotated
     * or not.
     */
    Optional<RefreshTokenRecord> findRefreshToken(String tokenHash, Instant now);

    /**
     * Rotates the presented token of the client, deciding in one atomic step. When two callers rotate the same
     * token at the same time, in two threads or on two server instances sharing the store, exactly one gets
     * {@link RefreshRotation.Rotated}; every other call, then and later, gets {@link RefreshRotation.Reused},
     * and that same step revokes the token's grant until {@code reuseRevokesUntil} (RFC 9700 4.14.2; a time not
     * after {@code now} revokes nothing). An unknown or expired token, a token of another client, or one whose
     * grant is revoked gives {@link RefreshRotation#NOT_FOUND}, and nothing changes.
     *
     * <p>{@code successor} is called with the live, unrotated presented token and gives the record stored in its
     * place, in the same step. It may throw to refuse the rotation (a scope the grant does not cover): then the
     * exception propagates and nothing changes. The successor's expiry, which the caller caps at its grant's
     * end, is how a grant's maximum lifetime holds without a check of its own.
     */
    default RefreshRotation rotateRefreshToken(String presentedHash, String clientId, Instant now,
            Instant reuseRevokesUntil, UnaryOperator<RefreshTokenRecord> successor) {
        return rotateAndIssue(presentedHash, clientId, now, reuseRevokesUntil,
                presented -> new Successors(successor.apply(presented), null));
    }

    /**
     * As {@link #rotateRefreshToken}, and the rotation that wins also stores the access token that
     * {@code successors} gives with the successor (the refresh grant's new access token), in the same step where
     * the backend can: one Redis script, one transaction. A rotation that does not win stores neither, so an
     * access token made for a refresh that turns out to be reuse is never stored.
     *
     * <p>Where the backend can read the subject's block ({@link SubjectBlockStore} of the same storage) in that
     * same step, it does: a token of a subject blocked at {@code now} then gives {@link RefreshRotation.Blocked}
     * (after the reuse check: a rotated token is still {@link RefreshRotation.Reused}) and nothing changes, and a
     * win says {@link RefreshRotation.Rotated#subjectChecked()}. The others (in memory, Redis Cluster, where the
     * block lives in another slot, JDBC other than PostgreSQL) leave the block to the caller and never give
     * {@code Blocked}.
     */
    RefreshRotation rotateAndIssue(String presentedHash, String clientId, Instant now, Instant reuseRevokesUntil,
            Function<RefreshTokenRecord, Successors> successors);

    /**
     * As {@link #rotateAndIssue(String, String, Instant, Instant, Function)}, with the successors also described by
     * {@code rule}, which must give the same records as {@code successors} wherever it {@link SuccessorRule#applies
     * applies}. A store that can apply the rule to the presented token in the rotating step itself does so, and
     * writes without reading first (PostgreSQL: one statement); it still calls {@code successors} with the
     * presented token after a win, for the records it returns, and refuses to go on if they differ from the
     * rule's. Where the rule does not apply, the outcome is as without it. The others ignore the rule.
     */
    default RefreshRotation rotateAndIssue(String presentedHash, String clientId, Instant now,
            Instant reuseRevokesUntil, Function<RefreshTokenRecord, Successors> successors, SuccessorRule rule) {
        return rotateAndIssue(presentedHash, clientId, now, reuseRevokesUntil, successors);
    }
}
