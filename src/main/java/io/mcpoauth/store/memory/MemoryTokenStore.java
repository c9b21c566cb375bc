package io.mcpoauth.store.memory;

import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.GrantRevocationStore;
import io.mcpoauth.store.RefreshRotation;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import io.mcpoauth.store.RevokedGrant;
import io.mcpoauth.store.TokenTransfer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Access tokens, refresh tokens and revoked-grant markers in three {@link ConcurrentHashMap}s.
 *
 * <p>{@link #rotateRefreshToken} checks and marks the presented token rotated inside one {@code
 * computeIfPresent}, which the map runs atomically per key: when any number of threads rotate the same
 * token at the same time, exactly one of them sees it unrotated and gets {@link RefreshRotation.Rotated}, and
 * only that one stores its successor; every other sees it rotated, gets {@link RefreshRotation.Reused} and
 * revokes the grant (after leaving the per-key update, where the entry bound may not be touched). A revoked
 * grant (a marker {@code grantId -> keepUntil}) hides every token of the grant from lookups and makes
 * rotation fail until {@code keepUntil}; a token found dead on read is removed there and then.
 */
public final class MemoryTokenStore
        implements AccessTokenStore, RefreshTokenStore, GrantRevocationStore, TokenTransfer {

    private final ConcurrentMap<String, AccessTokenRecord> access = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, RefreshTokenRecord> refresh = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Instant> revokedGrants = new ConcurrentHashMap<>();
    private final EntryBound bound;

    MemoryTokenStore(EntryBound bound) {
        this.bound = Objects.requireNonNull(bound, "bound");
    }

    @Override
    public void saveAccessToken(AccessTokenRecord token, Instant now) {
        if (!token.isExpired(now)) {
            bound.put(access, token.tokenHash(), token, now);
        }
    }

    @Override
    public Optional<AccessTokenRecord> findAccessToken(String tokenHash, Instant now) {
        AccessTokenRecord token = access.get(tokenHash);
        if (token == null) {
            return Optional.empty();
        }
        if (token.isExpired(now) || isGrantRevoked(token.grant().grantId(), now)) {
            bound.remove(access, tokenHash, token);
            return Optional.empty();
        }
        return Optional.of(token);
    }

    @Override
    public boolean revokeAccessToken(String tokenHash, Instant now) {
        AccessTokenRecord removed = bound.remove(access, tokenHash);
        return removed != null && !removed.isExpired(now) && !isGrantRevoked(removed.grant().grantId(), now);
    }

    @Override
    public void saveRefreshToken(RefreshTokenRecord token, Instant now) {
        if (!token.isExpired(now)) {
            bound.put(refresh, token.tokenHash(), token, now);
        }
    }

    @Override
    public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash, Instant now) {
        RefreshTokenRecord token = refresh.get(tokenHash);
        if (token == null) {
            return Optional.empty();
        }
        if (token.isExpired(now) || isGrantRevoked(token.grant().grantId(), now)) {
            bound.remove(refresh, tokenHash, token);
            return Optional.empty();
        }
        return Optional.of(token);
    }

    @Override
    public RefreshRotation rotateRefreshToken(String presentedHash, String clientId, Instant now,
            Instant reuseRevokesUntil, UnaryOperator<RefreshTokenRecord> successor) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(reuseRevokesUntil, "reuseRevokesUntil");
        Objects.requireNonNull(successor, "successor");
        // The successor's slot is taken first, so that a full store fails before anything changes.
        bound.reserve(now);
        RefreshRotation[] outcome = {RefreshRotation.NOT_FOUND};
        boolean[] expired = {false};
        try {
            refresh.computeIfPresent(presentedHash, (hash, token) -> {
                if (token.isExpired(now)) {
                    expired[0] = true;
                    return null;
                }
                if (!token.grant().clientId().equals(clientId) || isGrantRevoked(token.grant().grantId(), now)) {
                    return token;
                }
                if (token.rotated()) {
                    outcome[0] = new RefreshRotation.Reused(token);
                    return token;
                }
                RefreshTokenRecord next = Objects.requireNonNull(successor.apply(token), "successor");
                if (next.tokenHash().equals(presentedHash)) {
                    throw new IllegalArgumentException("the successor must have its own hash");
                }
                outcome[0] = new RefreshRotation.Rotated(token, next);
                return token.asRotated();
            });
        } catch (RuntimeException e) {
            bound.release();
            throw e;
        }
        if (expired[0]) {
            bound.release();
        }
        if (outcome[0] instanceof RefreshRotation.Rotated rotated) {
            if (refresh.put(rotated.successor().tokenHash(), rotated.successor()) != null) {
                bound.release();
            }
        } else {
            bound.release();
        }
        if (outcome[0] instanceof RefreshRotation.Reused reused) {
            revokeGrant(reused.presented().grant().grantId(), reuseRevokesUntil, now);
        }
        return outcome[0];
    }

    /** A second revocation of the same grant never shortens the first: the later keepUntil is kept. */
    @Override
    public void revokeGrant(String grantId, Instant keepUntil, Instant now) {
        Objects.requireNonNull(keepUntil, "keepUntil");
        if (!keepUntil.isAfter(now)) {
            return;
        }
        // Loops only while a concurrent revoke or purge changes the marker between the two steps.
        while (revokedGrants.computeIfPresent(grantId, (id, old) -> later(old, keepUntil)) == null) {
            bound.reserve(now);
            if (revokedGrants.putIfAbsent(grantId, keepUntil) == null) {
                return;
            }
            bound.release();
        }
    }

    @Override
    public boolean isGrantRevoked(String grantId, Instant now) {
        Instant keepUntil = revokedGrants.get(grantId);
        if (keepUntil == null) {
            return false;
        }
        if (now.isBefore(keepUntil)) {
            return true;
        }
        bound.remove(revokedGrants, grantId, keepUntil);
        return false;
    }

    @Override
    public void forEachAccessToken(Instant now, Consumer<? super AccessTokenRecord> action) {
        access.values().stream().filter(t -> !t.isExpired(now) && !isGrantRevoked(t.grant().grantId(), now))
                .forEach(action);
    }

    @Override
    public void forEachRefreshToken(Instant now, Consumer<? super RefreshTokenRecord> action) {
        refresh.values().stream().filter(t -> !t.isExpired(now) && !isGrantRevoked(t.grant().grantId(), now))
                .forEach(action);
    }

    @Override
    public void forEachRevokedGrant(Instant now, Consumer<? super RevokedGrant> action) {
        revokedGrants.forEach((grantId, keepUntil) -> {
            if (now.isBefore(keepUntil)) {
                action.accept(new RevokedGrant(grantId, keepUntil));
            }
        });
    }

    /** A token already stored under the hash is the same token: it is kept. */
    @Override
    public void importAccessToken(AccessTokenRecord token, Instant now) {
        if (!token.isExpired(now)) {
            putIfAbsent(access, token.tokenHash(), token, now);
        }
    }

    /** Stored when absent; otherwise only a rotation is carried over, inside one atomic update of the key. */
    @Override
    public void importRefreshToken(RefreshTokenRecord token, Instant now) {
        if (token.isExpired(now)) {
            return;
        }
        if (!putIfAbsent(refresh, token.tokenHash(), token, now) && token.rotated()) {
            refresh.computeIfPresent(token.tokenHash(), (hash, stored) -> stored.asRotated());
        }
    }

    /** @return true when the value was added, false when the key was already there */
    private <V> boolean putIfAbsent(ConcurrentMap<String, V> map, String key, V value, Instant now) {
        if (map.containsKey(key)) {
            return false;
        }
        bound.reserve(now);
        if (map.putIfAbsent(key, value) == null) {
            return true;
        }
        bound.release();
        return false;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Removes expired tokens, tokens of revoked grants, then markers past their keepUntil. */
    long purgeExpired(Instant now) {
        long removed = bound.removeIf(access,
                (hash, t) -> t.isExpired(now) || isGrantRevoked(t.grant().grantId(), now));
        removed += bound.removeIf(refresh,
                (hash, t) -> t.isExpired(now) || isGrantRevoked(t.grant().grantId(), now));
        return removed + bound.removeIf(revokedGrants, (grantId, keepUntil) -> !now.isBefore(keepUntil));
    }

    int accessTokenCount() {
        return access.size();
    }

    int refreshTokenCount() {
        return refresh.size();
    }

    int revokedGrantCount() {
        return revokedGrants.size();
    }
}
