package io.mcpoauth.server;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Mints tokens and stores their hashes. A grant lives at most {@code grantMaxLifetime} from its start (the code
 * exchange): a refresh token expires after {@code refreshTtl} unused (the idle limit) or at the grant's end,
 * whichever comes first, and so does every access token of the grant. Each token is hashed once, here, and handed
 * back with its hash ({@link Issued}).
 *
 * <p>Every grant is kept in the {@link GrantIndexStore} from its start until its last token can expire, so the
 * admin API can list and revoke it: recorded with the access token that starts it (a code exchange, or a machine
 * grant whose one token is the whole grant), replaced with the access token of each refresh. The record goes
 * with the access token's save ({@link GrantIndexStore#recordWithAccessToken}), one round trip on Redis.
 */
public final class TokenIssuer {

    private final AccessTokenStore accessTokens;
    private final RefreshTokenStore refreshTokens;
    private final GrantIndexStore grantIndex;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Duration grantMaxLifetime;

    public TokenIssuer(AccessTokenStore accessTokens, RefreshTokenStore refreshTokens, GrantIndexStore grantIndex,
            Duration accessTtl, Duration refreshTtl, Duration grantMaxLifetime) {
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.grantIndex = Objects.requireNonNull(grantIndex, "grantIndex");
        this.accessTtl = Objects.requireNonNull(accessTtl, "accessTtl");
        this.refreshTtl = Objects.requireNonNull(refreshTtl, "refreshTtl");
        this.grantMaxLifetime = Objects.requireNonNull(grantMaxLifetime, "grantMaxLifetime");
    }

    /** A token just made: its value, for the client only, and its hash, the key it is stored and audited by. */
    public record Issued(String value, String hash) {

        public Issued {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(hash, "hash");
        }

        /** A new random token, hashed once. */
        public static Issued next() {
            String value = Tokens.newToken();
            return new Issued(value, Tokens.hash(value));
        }
    }

    /**
     * Issues and stores the one access token of a grant that has no other (client_credentials, jwt-bearer): the
     * grant begins, is used and ends with it.
     */
    public Issued machineToken(Grant grant, Instant now) {
        Issued token = Issued.next();
        AccessTokenRecord record = accessRecord(token, grant, now, now);
        grantIndex.recordWithAccessToken(record, GrantSummary.of(record), accessTokens, now);
        return token;
    }

    /**
     * Issues and stores the access token of a grant beginning now at a code exchange, with the audience the
     * request narrowed it to, and records the grant (the whole grant's scope and audiences) until the latest
     * expiry of its tokens: the refresh token's, when one follows ({@link #refreshToken}).
     */
    public Issued firstAccessToken(Grant grant, List<String> audience, boolean refreshFollows, Instant now) {
        Issued token = Issued.next();
        AccessTokenRecord record = accessRecord(token, grant.withResources(audience), now, now);
        Instant end = refreshFollows ? later(record.expiresAt(), refreshExpiry(now, now)) : record.expiresAt();
        grantIndex.recordWithAccessToken(record, GrantSummary.of(grant, now, now, end), accessTokens, now);
        return token;
    }

    /**
     * Issues and stores the access token of a refresh that rotated to {@code successor}, and replaces the grant's
     * record: last used now, the scope and audiences the successor keeps, until the later of the two tokens'
     * expiries.
     */
    public Issued refreshedAccessToken(Grant grant, RefreshTokenRecord successor, Instant now) {
        Issued token = Issued.next();
        AccessTokenRecord record = accessRecord(token, grant, now, successor.grantStartedAt());
        grantIndex.recordWithAccessToken(record, GrantSummary.of(successor.grant(), successor.grantStartedAt(), now,
                later(record.expiresAt(), successor.expiresAt())), accessTokens, now);
        return token;
    }

    private AccessTokenRecord accessRecord(Issued token, Grant grant, Instant now, Instant grantStartedAt) {
        return new AccessTokenRecord(token.hash(), grant, now, accessExpiry(now, grantStartedAt));
    }

    /** Issues and stores a grant's first refresh token; the grant begins now. */
    public Issued refreshToken(Grant grant, Instant now) {
        Issued token = Issued.next();
        refreshTokens.saveRefreshToken(successorRecord(token, grant, now, now), now);
        return token;
    }

    /**
     * The record of a rotation's successor, for a new token: the grant's start copied, its expiry the idle limit
     * from now or the grant's end, whichever comes first. Rotation never extends a grant.
     */
    public RefreshTokenRecord successorRecord(Issued token, Grant grant, Instant grantStartedAt, Instant now) {
        return new RefreshTokenRecord(token.hash(), grant, now, refreshExpiry(now, grantStartedAt), false,
                grantStartedAt);
    }

    /** When a refresh token issued now, of a grant begun at {@code grantStartedAt}, expires. */
    private Instant refreshExpiry(Instant now, Instant grantStartedAt) {
        return earlier(now.plus(refreshTtl), grantEnd(grantStartedAt));
    }

    /** When a grant begun at {@code startedAt} ends: no token of it lives past this. */
    public Instant grantEnd(Instant startedAt) {
        return startedAt.plus(grantMaxLifetime);
    }

    /** When an access token issued now, of a grant begun at {@code grantStartedAt}, expires. */
    public Instant accessExpiry(Instant now, Instant grantStartedAt) {
        return earlier(now.plus(accessTtl), grantEnd(grantStartedAt));
    }

    /** {@code expires_in} of an access token of a grant beginning now. */
    public long accessTtlSeconds() {
        return (accessTtl.compareTo(grantMaxLifetime) < 0 ? accessTtl : grantMaxLifetime).toSeconds();
    }

    /** {@code expires_in} (RFC 6749 5.1) of a token expiring at {@code expiresAt}: whole seconds, rounded down. */
    public static long expiresIn(Instant expiresAt, Instant now) {
        return Duration.between(now, expiresAt).toSeconds();
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The latest expiry any token of a grant created now can have: how long a grant revocation must last. */
    public Instant revocationHorizon(Instant now) {
        return now.plus(refreshTtl.compareTo(accessTtl) > 0 ? refreshTtl : accessTtl);
    }
}
