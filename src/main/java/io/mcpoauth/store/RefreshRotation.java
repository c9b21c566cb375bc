package io.mcpoauth.store;

import java.time.Instant;
import java.util.Objects;

/** The outcome of {@link RefreshTokenStore#rotateRefreshToken}. */
public sealed interface RefreshRotation {

    /**
     * This caller rotated the token: it is the one and only winner, and its successor is stored.
     *
     * @param subjectChecked whether the rotating step also found the token's subject not blocked (see
     *                       {@link RefreshTokenStore#rotateAndIssue}); when false the caller reads the block itself
     */
    record Rotated(RefreshTokenRecord presented, RefreshTokenRecord successor, boolean subjectChecked)
            implements RefreshRotation {
        public Rotated {
            Objects.requireNonNull(presented, "presented");
            Objects.requireNonNull(successor, "successor");
        }

        /** A rotation whose step did not judge the subject's block. */
        public Rotated(RefreshTokenRecord presented, RefreshTokenRecord successor) {
            this(presented, successor, false);
        }
    }

    /**
     * The token had already been rotated: reuse (RFC 9700 4.14.2), whichever of the two holders is the
     * attacker. The store revoked the token's grant in the same step.
     */
    record Reused(RefreshTokenRecord presented) implements RefreshRotation {
        public Reused {
            Objects.requireNonNull(presented, "presented");
        }
    }

    /**
     * The token is live and unrotated, but its subject is blocked until {@code until} (offboarding, or an
     * operator's block): found so in the rotating step, which changed nothing.
     */
    record Blocked(RefreshTokenRecord presented, Instant until) implements RefreshRotation {
        public Blocked {
            Objects.requireNonNull(presented, "presented");
            Objects.requireNonNull(until, "until");
        }
    }

    /** Unknown, expired, of another client, or of a revoked grant. */
    record NotFound() implements RefreshRotation {
    }

    RefreshRotation NOT_FOUND = new NotFound();
}
