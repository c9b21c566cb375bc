package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The successors of a refresh described by fixed rules, so that a store can derive them from the presented row
 * itself and rotate without reading that row first ({@link RefreshTokenStore#rotateAndIssue(String, String, Instant,
 * Instant, java.util.function.Function, SuccessorRule)}; on PostgreSQL, one statement). Given only for the common
 * refresh: the scope not narrowed, at most one resource requested, and an opaque access token. The rules are those
 * of the refresh grant:
 * <ul>
 * <li>the refresh token's successor has the presented token's grant and grant start, is issued at {@code now}, and
 * expires {@code refreshTtl} after it or at the grant's end ({@code grantMaxLifetime} after its start), whichever
 * is first;</li>
 * <li>the access token has the same grant, its audience {@code audience} when given (which the grant must list:
 * RFC 8707 2.2, a refresh narrows, never widens) or else the grant's own (which must not be empty), is issued at
 * {@code now} and expires {@code accessTtl} after it or at the grant's end, whichever is first;</li>
 * <li>a grant past its end rotates nothing.</li>
 * </ul>
 * Where one of these does not hold for the presented token, the store decides as without a rule, through the
 * successor function, which answers with the refusal.
 *
 * @param refreshHash      the hash of the successor refresh token
 * @param accessHash       the hash of the new (opaque) access token
 * @param audience         the one resource requested, normalised, or {@code null} to keep the grant's audience
 */
public record SuccessorRule(String refreshHash, String accessHash, Duration refreshTtl, Duration accessTtl,
        Duration grantMaxLifetime, String audience) {

    public SuccessorRule {
        Require.nonNull("refreshHash, accessHash, refreshTtl, accessTtl, grantMaxLifetime", refreshHash, accessHash,
                refreshTtl, accessTtl, grantMaxLifetime);
        if (refreshHash.equals(accessHash)) {
            throw new IllegalArgumentException("the two tokens must have their own hashes");
        }
    }

    /** When a grant begun at {@code startedAt} ends. */
    public Instant grantEnd(Instant startedAt) {
        return startedAt.plus(grantMaxLifetime);
    }

    /** Whether the rules hold for {@code presented} at {@code now}: then {@link #successors} are the successors. */
    public boolean applies(RefreshTokenRecord presented, Instant now) {
        List<String> granted = presented.grant().resources();
        return now.isBefore(grantEnd(presented.grantStartedAt()))
                && (audience == null ? !granted.isEmpty() : granted.contains(audience));
    }

    /** The successors of {@code presented} at {@code now} by these rules, where they {@link #applies apply}. */
    public Successors successors(RefreshTokenRecord presented, Instant now) {
        Grant grant = presented.grant();
        Instant end = grantEnd(presented.grantStartedAt());
        Grant accessGrant = audience == null ? grant : grant.withResources(List.of(audience));
        return new Successors(
                new RefreshTokenRecord(refreshHash, grant, now, earlier(now.plus(refreshTtl), end), false,
                        presented.grantStartedAt()),
                new AccessTokenRecord(accessHash, accessGrant, now, earlier(now.plus(accessTtl), end)));
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
