package io.mcpoauth.store.redis;

import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.GrantRevocationStore;
import io.mcpoauth.store.RefreshRotation;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import io.mcpoauth.store.RevokedGrant;
import io.mcpoauth.store.Successors;
import io.mcpoauth.store.TokenTransfer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import redis.clients.jedis.params.SetParams;

/**
 * Access tokens, refresh tokens and revoked-grant markers, every key with a TTL set with its write.
 *
 * <p>Layout (see {@link Keys}): an access token is one key by its hash. A refresh token is a record in its
 * grant's slot ({@code grant:{id}:rt:<hash>}) plus an index key {@code rt:<hash> -> grant id} so that a lookup
 * by hash finds the slot. A revoked grant is one marker {@code grant:{id}:revoked} holding its keepUntil time;
 * it hides every token of the grant, present and future, until then. A token is read together with its grant's
 * marker in one {@code EVALSHA} of {@code find-access.lua} or {@code find-refresh.lua} (on Redis Cluster, where
 * the keys live in different slots, with two reads).
 *
 * <p>{@link #rotateAndIssue} reads the presented record first (its grant id names its slot, and the caller
 * builds the successor from it), then decides in one {@code EVALSHA} of {@code rotate-refresh.lua} over the
 * presented record, the successor record and the marker, all in the grant's slot: when any number of callers on
 * any number of instances rotate the same token at once, exactly one marks it rotated and stores its successor;
 * every other finds it rotated, and the same script revokes the grant. A token read as rotated stays rotated, so
 * reuse seen by the first read is revoked at once.
 * The script also writes the successor's index key when it wins; on Redis Cluster (another slot) the index is
 * written first instead, and when the rotation loses it points at nothing and expires. The successor's value
 * carries its expiry, capped by the caller at its grant's end, and the same script sets the key's TTL from it:
 * the cap on a grant's life is written in the rotating step, with no check of its own. The access token issued
 * with the successor is written by the same script when it wins (on Redis Cluster, where it lives in another
 * slot, by a write of its own after the rotation won). The same script reads the block of the token's subject
 * ({@link Keys#subjectBlock}) and refuses the rotation while it lasts, so a refresh is two round trips: the read
 * and the script. On Redis Cluster the block is in the subject's slot, not the grant's (a grant's keys are tagged
 * with its id, and tagging them with the subject would put every grant of a busy subject in one slot), so the
 * caller reads it after the rotation: a third round trip there, besides the index and access token writes.
 *
 * <p>Exports {@code SCAN} each kind of key and read the keys one by one (keys of different grants live in
 * different slots). {@link #importRefreshToken} is one {@code EVALSHA} of {@code import-refresh.lua}, which
 * writes an absent record and otherwise only carries a rotation over.
 */
final class RedisTokenStore extends RedisStore implements AccessTokenStore, RefreshTokenStore, GrantRevocationStore, TokenTransfer {

    private final boolean oneScript;

    /**
     * @param oneScript whether a script may touch keys of any slot (not on Redis Cluster): then a token and its
     *                  grant's revocation are read in one call ({@code find-access.lua}, {@code find-refresh.lua}),
     *                  and a rotation writes its successor's index in its own call
     */
    RedisTokenStore(RedisExecutor redis, Keys keys, boolean oneScript) {
        super(redis, keys);
        this.oneScript = oneScript;
    }

    @Override
    public void saveAccessToken(AccessTokenRecord token, Instant now) {
        redis.put("save access token", keys.accessToken(token.tokenHash()), RecordCodec.write(token),
                token.expiresAt(), now, false);
    }

    @Override
    public Optional<AccessTokenRecord> findAccessToken(String tokenHash, Instant now) {
        if (!oneScript) {
            String value = redis.call("find access token", true, j -> j.get(keys.accessToken(tokenHash)));
            return value == null ? Optional.empty() : live(RecordCodec.readAccessToken(value), now);
        }
        List<?> reply = (List<?>) redis.eval(Script.FIND_ACCESS, List.of(keys.accessToken(tokenHash)),
                keys.revokedGrantAround(), true);
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        AccessTokenRecord token = RecordCodec.readAccessToken((String) reply.get(0));
        String keepUntil = reply.size() > 1 ? (String) reply.get(1) : null;
        return token.isExpired(now) || revoked(keepUntil, now) ? Optional.empty() : Optional.of(token);
    }

    private Optional<AccessTokenRecord> live(AccessTokenRecord token, Instant now) {
        return token.isExpired(now) || isGrantRevoked(token.grant().grantId(), now) ? Optional.empty()
                : Optional.of(token);
    }

    /** One {@code GETDEL}: of two callers revoking at once, exactly one gets the value. */
    @Override
    public boolean revokeAccessToken(String tokenHash, Instant now) {
        String value = redis.call("revoke access token", false, j -> j.getDel(keys.accessToken(tokenHash)));
        if (value == null) {
            return false;
        }
        AccessTokenRecord token = RecordCodec.readAccessToken(value);
        return !token.isExpired(now) && !isGrantRevoked(token.grant().grantId(), now);
    }

    @Override
    public void saveRefreshToken(RefreshTokenRecord token, Instant now) {
        long ttl = Ttl.until(token.expiresAt(), now);
        if (ttl <= 0) {
            return;
        }
        writeIndex(token, ttl);
        String value = flagged(token);
        redis.call("save refresh token", true,
                j -> j.set(keys.refreshToken(token.grant().grantId(), token.tokenHash()), value,
                        SetParams.setParams().px(ttl)));
    }

    @Override
    public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash, Instant now) {
        String record;
        String keepUntil;
        if (oneScript) {
            List<?> reply = (List<?>) redis.eval(Script.FIND_REFRESH, List.of(keys.refreshIndex(tokenHash)),
                    keys.refreshAround(tokenHash), true);
            if (reply.isEmpty()) {
                return Optional.empty();
            }
            record = (String) reply.get(0);
            keepUntil = reply.size() > 1 ? (String) reply.get(1) : null;
        } else {
            String grantId = redis.call("find refresh token", true, j -> j.get(keys.refreshIndex(tokenHash)));
            if (grantId == null) {
                return Optional.empty();
            }
            List<String> values = redis.call("find refresh token", true,
                    j -> j.mget(keys.refreshToken(grantId, tokenHash), keys.revokedGrant(grantId)));
            record = values.get(0);
            keepUntil = values.get(1);
        }
        if (record == null || revoked(keepUntil, now)) {
            return Optional.empty();
        }
        RecordCodec.Flagged stored = RecordCodec.Flagged.decode(record);
        RefreshTokenRecord token = RecordCodec.readRefreshToken(stored.json(), stored.used());
        return token.isExpired(now) ? Optional.empty() : Optional.of(token);
    }

    @Override
    public RefreshRotation rotateAndIssue(String presentedHash, String clientId, Instant now,
            Instant reuseRevokesUntil, Function<RefreshTokenRecord, Successors> successorOf) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(reuseRevokesUntil, "reuseRevokesUntil");
        Objects.requireNonNull(successorOf, "successorOf");
        RefreshTokenRecord presented = findRefreshToken(presentedHash, now)
                .filter(t -> t.grant().clientId().equals(clientId)).orElse(null);
        if (presented == null) {
            return RefreshRotation.NOT_FOUND;
        }
        if (presented.rotated()) {
            revokeGrant(presented.grant().grantId(), reuseRevokesUntil, now);
            return new RefreshRotation.Reused(presented);
        }
        Successors made = Objects.requireNonNull(successorOf.apply(presented), "successor");
        RefreshTokenRecord successor = made.refreshToken();
        AccessTokenRecord access = made.accessToken();
        long accessTtl = access == null ? 0 : Ttl.until(access.expiresAt(), now);
        String grantId = presented.grant().grantId();
        if (successor.tokenHash().equals(presentedHash) || !successor.grant().grantId().equals(grantId)) {
            throw new IllegalArgumentException("the successor must have its own hash and the same grant");
        }
        long ttl = Math.max(1, Ttl.until(successor.expiresAt(), now));
        List<String> keyNames = new ArrayList<>(List.of(keys.refreshToken(grantId, presentedHash),
                keys.refreshToken(grantId, successor.tokenHash()), keys.revokedGrant(grantId)));
        List<String> args = new ArrayList<>(List.of(Long.toString(now.toEpochMilli()), flagged(successor),
                Long.toString(ttl), Long.toString(reuseRevokesUntil.toEpochMilli()),
                Long.toString(Ttl.until(reuseRevokesUntil, now))));
        if (oneScript) {
            keyNames.add(keys.refreshIndex(successor.tokenHash()));
            args.add(grantId);
            keyNames.add(keys.subjectBlock(presented.grant().subject()));
            if (accessTtl > 0) {
                keyNames.add(keys.accessToken(access.tokenHash()));
                args.add(RecordCodec.write(access));
                args.add(Long.toString(accessTtl));
            }
        } else {
            writeIndex(successor, ttl);
        }
        Object reply = redis.eval(Script.ROTATE_REFRESH, keyNames, args, false);
        if (reply instanceof List<?> blocked) {
            return new RefreshRotation.Blocked(presented,
                    Instant.ofEpochMilli(Long.parseLong((String) blocked.get(1))));
        }
        long outcome = (Long) reply;
        if (outcome == 1) {
            if (!oneScript && accessTtl > 0) {
                saveAccessToken(access, now);
            }
            return new RefreshRotation.Rotated(presented, successor, oneScript);
        }
        return outcome == 2 ? new RefreshRotation.Reused(presented.asRotated()) : RefreshRotation.NOT_FOUND;
    }

    /** Idempotent (the later keepUntil wins), so it is retried like a read. */
    @Override
    public void revokeGrant(String grantId, Instant keepUntil, Instant now) {
        Objects.requireNonNull(keepUntil, "keepUntil");
        long ttl = Ttl.until(keepUntil, now);
        if (ttl <= 0) {
            return;
        }
        redis.eval(Script.REVOKE_GRANT, List.of(keys.revokedGrant(grantId)),
                List.of(Long.toString(keepUntil.toEpochMilli()), Long.toString(ttl)), true);
    }

    @Override
    public boolean isGrantRevoked(String grantId, Instant now) {
        return revoked(redis.call("read grant", true, j -> j.get(keys.revokedGrant(grantId))), now);
    }

    @Override
    public void forEachAccessToken(Instant now, Consumer<? super AccessTokenRecord> action) {
        redis.scanValues("export access tokens", keys.accessTokens(), (key, value) -> {
            AccessTokenRecord token = RecordCodec.readAccessToken(value);
            if (!token.isExpired(now) && !isGrantRevoked(token.grant().grantId(), now)) {
                action.accept(token);
            }
        });
    }

    @Override
    public void forEachRefreshToken(Instant now, Consumer<? super RefreshTokenRecord> action) {
        redis.scanValues("export refresh tokens", keys.refreshTokens(), (key, value) -> {
            RecordCodec.Flagged stored = RecordCodec.Flagged.decode(value);
            RefreshTokenRecord token = RecordCodec.readRefreshToken(stored.json(), stored.used());
            if (!token.isExpired(now) && !isGrantRevoked(token.grant().grantId(), now)) {
                action.accept(token);
            }
        });
    }

    @Override
    public void forEachRevokedGrant(Instant now, Consumer<? super RevokedGrant> action) {
        redis.scanValues("export revoked grants", keys.revokedGrants(), (key, keepUntil) -> {
            if (revoked(keepUntil, now)) {
                action.accept(new RevokedGrant(keys.grantIdOfRevoked(key),
                        Instant.ofEpochMilli(Long.parseLong(keepUntil))));
            }
        });
    }

    /** {@code SET ... NX PX}: a token already stored under the hash is kept. */
    @Override
    public void importAccessToken(AccessTokenRecord token, Instant now) {
        redis.put("import access token", keys.accessToken(token.tokenHash()), RecordCodec.write(token),
                token.expiresAt(), now, true);
    }

    /** Idempotent (see import-refresh.lua), so it is retried like a read. */
    @Override
    public void importRefreshToken(RefreshTokenRecord token, Instant now) {
        long ttl = Ttl.until(token.expiresAt(), now);
        if (ttl <= 0) {
            return;
        }
        writeIndex(token, ttl);
        redis.eval(Script.IMPORT_REFRESH, List.of(keys.refreshToken(token.grant().grantId(), token.tokenHash())),
                List.of(flagged(token), Long.toString(ttl)), true);
    }

    private void writeIndex(RefreshTokenRecord token, long ttl) {
        redis.call("save refresh index", true, j -> j.set(keys.refreshIndex(token.tokenHash()),
                token.grant().grantId(), SetParams.setParams().px(ttl)));
    }

    private static String flagged(RefreshTokenRecord token) {
        return new RecordCodec.Flagged(token.rotated(), token.expiresAt().toEpochMilli(), RecordCodec.write(token))
                .encode();
    }

    private static boolean revoked(String keepUntil, Instant now) {
        return keepUntil != null && now.toEpochMilli() < Long.parseLong(keepUntil);
    }
}
