package io.mcpoauth.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A revoked grant (token family): every token of it, present and future, is dead until {@code keepUntil}, the
 * latest expiry any of its tokens can have (see {@link GrantRevocationStore#revokeGrant}).
 */
public record RevokedGrant(String grantId, Instant keepUntil) {

    public RevokedGrant {
        Objects.requireNonNull(grantId, "grantId");
        Objects.requireNonNull(keepUntil, "keepUntil");
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(keepUntil);
    }
}
