package io.mcpoauth.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Subjects refused until a time: offboarding (every grant revoked, no new one) and the per-subject expiry. A
 * block is judged at the given {@code now} alone and is dropped by the backend once it has ended.
 */
public interface SubjectBlockStore {

    /**
     * Blocks the subject until {@code until}, replacing any block it has (a later one is shortened too: the
     * administrator's latest word counts). An {@code until} not after {@code now} just lifts an existing block.
     */
    void block(String subject, Instant until, Instant now);

    /**
     * Lifts the subject's block. When two callers lift the same block at once, exactly one gets true.
     *
     * @return true when a block live at {@code now} was removed
     */
    boolean unblock(String subject, Instant now);

    /** When the subject's block ends, if it is blocked at {@code now}. */
    Optional<Instant> blockedUntil(String subject, Instant now);
}
