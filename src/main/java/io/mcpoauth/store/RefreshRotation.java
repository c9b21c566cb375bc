package io.mcpoauth.store;

import java.util.Objects;

/** The outcome of {@link RefreshTokenStore#rotateRefreshToken}. */
public sealed interface RefreshRotation {

    /** This caller rotated the token: it is the one and only winner, and its successor is stored. */
    record Rotated(RefreshTokenRecord presented, RefreshTokenRecord successor) implements RefreshRotation {
        public Rotated {
            Objects.requireNonNull(presented, "presented");
            Objects.requireNonNull(successor, "successor");
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

    /** Unknown, expired, of another client, or of a revoked grant. */
    record NotFound() implements RefreshRotation {
    }

    RefreshRotation NOT_FOUND = new NotFound();
}
