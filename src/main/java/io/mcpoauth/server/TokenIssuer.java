package io.mcpoauth.server;

import io.mcpoauth.crypto.Tokens;
import io.mcpoauth.lang.Require;
import io.mcpoauth.signing.SigningKeys;
import io.mcpoauth.store.AccessTokenRecord;
import io.mcpoauth.store.AccessTokenStore;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.GrantIndexStore;
import io.mcpoauth.store.GrantSummary;
import io.mcpoauth.store.RefreshTokenRecord;
import io.mcpoauth.store.RefreshTokenStore;
import io.mcpoauth.store.StorageUnavailableException;
import io.mcpoauth.store.SuccessorRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Mints tokens and stores their hashes. A grant lives at most {@code grantMaxLifetime} from its start (the code
 * exchange): a refresh token expires after {@code refreshTtl} unused (the idle limit) or at the grant's end,
 * whichever comes first, and so does every access token of the grant. Each token is hashed once, here, and handed
 * back with its hash ({@link Issued}, {@link AccessToken}).
 *
 * <p>An access token is opaque or a JWT by its audience ({@link AccessTokenFormats#formatOf}), whichever grant
 * issues it. A JWT is stored exactly as an opaque token is, keyed by the hash of the whole compact JWT: the value
 * a resource server or client presents to {@code /introspect} or {@code /revoke}, so both take one hash and one
 * lookup for either format, and revoking the grant hides its JWTs from introspection as it does opaque tokens.
 * Refresh tokens are always opaque.
 *
 * <p>Every grant is kept in the {@link GrantIndexStore} from its start until its last token can expire, so the
 * admin API can list and revoke it: recorded with the access token that starts it (a code exchange, or a machine
 * grant whose one token is the whole grant), replaced after refreshes ({@link #recordRefresh}).
 */
public final class TokenIssuer {

    private static final Logger LOG = Logger.getLogger(TokenIssuer.class.getName());

    private final AccessTokenStore accessTokens;
    private final RefreshTokenStore refreshTokens;
    private final GrantIndexStore grantIndex;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final Duration grantMaxLifetime;
    private final AccessTokenFormats formats;
    private final JwtAccessTokens jwts;

    /**
     * @param formats which access tokens are JWTs, and what they carry
     * @param issuer  the {@code iss} of JWT access tokens
     * @param keys    the keys JWT access tokens are signed with ({@link SigningKeys#none()} when none are JWTs)
     */
    public TokenIssuer(AccessTokenStore accessTokens, RefreshTokenStore refreshTokens, GrantIndexStore grantIndex,
            Duration accessTtl, Duration refreshTtl, Duration grantMaxLifetime, AccessTokenFormats formats,
            String issuer, SigningKeys keys) {
        this.accessTokens = Objects.requireNonNull(accessTokens, "accessTokens");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
        this.grantIndex = Objects.requireNonNull(grantIndex, "grantIndex");
        this.accessTtl = Objects.requireNonNull(accessTtl, "accessTtl");
        this.refreshTtl = Objects.requireNonNull(refreshTtl, "refreshTtl");
        this.grantMaxLifetime = Objects.requireNonNull(grantMaxLifetime, "grantMaxLifetime");
        this.formats = Objects.requireNonNull(formats, "formats");
        this.jwts = formats.anyJwt() ? new JwtAccessTokens(issuer, keys, formats) : null;
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

    /** An access token just made: value and hash as for any token, and when it expires. */
    public record AccessToken(String value, String hash, Instant expiresAt) {

        public AccessToken {
            Require.nonNull("value, hash, expiresAt", value, hash, expiresAt);
        }

        /** Its {@code expires_in} (RFC 6749 5.1) at {@code now}. */
        public long expiresIn(Instant now) {
            return TokenIssuer.expiresIn(expiresAt, now);
        }
    }

    /**
     * Issues and stores the one access token of a grant that has no other (client_credentials, jwt-bearer), and
     * records the grant in the {@link GrantIndexStore}: it begins, is used and ends with the token.
     */
    public AccessToken machineToken(Grant grant, Instant now) {
        return accessToken(grant, now, now, GrantSummary::of);
    }

    /**
     * Issues and stores the access token of a grant beginning now at a code exchange, with the audience the
     * request narrowed it to, and records the grant (its whole scope and audiences) until the latest expiry of its
     * tokens: the refresh token's, when one follows ({@link #refreshToken}).
     */
    public AccessToken firstAccessToken(Grant grant, List<String> audience, boolean refreshFollows, Instant now) {
        return accessToken(grant.withResources(audience), now, now, r -> GrantSummary.of(grant, now, now,
                refreshFollows ? indexExpiry(r, refreshExpiry(now, now), now) : r.expiresAt()));
    }

    /**
     * Replaces the grant's record after a refresh that rotated {@code presented} to {@code successor} and issued
     * {@code access}: last used now, until the later of the two tokens' expiries. To keep a refresh at two Redis
     * round trips, the record is replaced only by the first refresh in each {@link #INDEX_PRECISION} (an hour of
     * the clock) after the presented token's: last used is then right to within that, and every record is kept
     * that much longer than its refresh token ({@link #indexExpiry}), so that a grant refreshed often is never left
     * out of the index while it lives. A storage failure here is logged, not answered: the rotation has happened,
     * and refusing would lose the client its new refresh token.
     *
     * @return whether the record was replaced (or replacing it was tried): false when the grant's record is the
     *         one written in the same hour as the presented token's issue
     */
    public boolean recordRefresh(RefreshTokenRecord presented, RefreshTokenRecord successor,
            AccessTokenRecord access, Instant now) {
        if (bucket(presented.issuedAt()) == bucket(now)) {
            return false;
        }
        try {
            grantIndex.record(GrantSummary.of(successor.grant(), successor.grantStartedAt(), now,
                    indexExpiry(access, successor.expiresAt(), successor.grantStartedAt())), now);
        } catch (StorageUnavailableException e) {
            LOG.warning(() -> "the grant index kept the previous record of a refreshed grant: " + e.getMessage());
        }
        return true;
    }

    /** How precisely the grant index knows when a grant was last used. */
    static final Duration INDEX_PRECISION = Duration.ofHours(1);

    private static long bucket(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), INDEX_PRECISION.toSeconds());
    }

    /**
     * Until when the index keeps a grant whose refresh token, issued now, expires at {@code refreshExpiry}:
     * {@link #INDEX_PRECISION} longer, as refreshes within it do not replace the record; never past the grant's
     * latest end, nor before its access token's expiry.
     */
    private Instant indexExpiry(AccessTokenRecord access, Instant refreshExpiry, Instant grantStartedAt) {
        return latest(access.expiresAt(), earlier(refreshExpiry.plus(INDEX_PRECISION), grantEnd(grantStartedAt)));
    }

    /**
     * Issues and stores an access token of a grant begun at {@code grantStartedAt}: a JWT when its audience takes
     * JWTs, living {@code jwtLifetime}, otherwise opaque, living {@code accessTtl}; never past the grant's end. The
     * grant's record goes with the token's save ({@link GrantIndexStore#recordWithAccessToken}: one round trip on
     * Redis).
     */
    private AccessToken accessToken(Grant grant, Instant now, Instant grantStartedAt,
            Function<AccessTokenRecord, GrantSummary> recorded) {
        MintedAccess minted = mintAccessToken(grant, now, grantStartedAt);
        grantIndex.recordWithAccessToken(minted.record(), recorded.apply(minted.record()), accessTokens, now);
        return minted.token();
    }

    /** An access token made and not yet stored: the token for the client, and the record to store. */
    public record MintedAccess(AccessToken token, AccessTokenRecord record) {

        public MintedAccess {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * An access token of a grant begun at {@code grantStartedAt}, made as above and not stored: the refresh grant
     * has the store write it in the rotation's step.
     */
    public MintedAccess mintAccessToken(Grant grant, Instant now, Instant grantStartedAt) {
        return mintAccessToken(grant, now, grantStartedAt, Issued.next());
    }

    /**
     * As {@link #mintAccessToken(Grant, Instant, Instant)}, the token being {@code opaque} when its audience takes
     * opaque tokens: the refresh grant makes it before the rotation, for its {@link #successorRule}.
     */
    public MintedAccess mintAccessToken(Grant grant, Instant now, Instant grantStartedAt, Issued opaque) {
        boolean jwt = formats.formatOf(grant.resources()) == TokenFormat.JWT;
        Instant expiresAt = earlier(now.plus(jwt ? formats.jwtLifetime() : accessTtl), grantEnd(grantStartedAt));
        AccessToken token;
        if (jwt) {
            String value = signed(grant, now, expiresAt).orElseGet(Tokens::newToken);
            token = new AccessToken(value, Tokens.hash(value), expiresAt);
        } else {
            token = new AccessToken(opaque.value(), opaque.hash(), expiresAt);
        }
        return new MintedAccess(token, new AccessTokenRecord(token.hash(), grant, now, expiresAt));
    }

    /**
     * The rules by which a refresh's successors follow from the presented token ({@link SuccessorRule}), for a
     * refresh they can describe: no scope requested, and an access token that is opaque whatever the grant's
     * audience (the one resource requested takes opaque tokens, or none is requested and no audience takes JWTs).
     * They are the rules of {@link #successorRecord} and {@link #mintAccessToken}: the store checks its records
     * against the refresh grant's.
     *
     * @param audience the one resource requested, normalised, or {@code null} when none is
     */
    public Optional<SuccessorRule> successorRule(Issued refresh, Issued access, boolean scopeRequested,
            String audience) {
        boolean opaque = audience == null ? !formats.anyJwt()
                : formats.formatOf(List.of(audience)) == TokenFormat.OPAQUE;
        if (scopeRequested || !opaque) {
            return Optional.empty();
        }
        return Optional.of(new SuccessorRule(refresh.hash(), access.hash(), refreshTtl, accessTtl, grantMaxLifetime,
                audience));
    }

    /**
     * The grant's JWT, or empty when it would be too long (a subject with hundreds of groups): then the token is
     * opaque, with the JWT's lifetime, and a resource server validating locally refuses it. Refusing the request
     * instead would, for a refresh, lose the rotated refresh token.
     */
    private Optional<String> signed(Grant grant, Instant now, Instant expiresAt) {
        Optional<String> value = jwts.sign(grant, Tokens.newId(), now, expiresAt);
        if (value.isEmpty()) {
            LOG.warning(() -> "an access token for client " + grant.clientId() + " would be a JWT longer than "
                    + JwtAccessTokens.MAX_LENGTH + " characters (the subject's groups): issued an opaque one");
        }
        return value;
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

    /** {@code expires_in} (RFC 6749 5.1) of a token expiring at {@code expiresAt}: whole seconds, rounded down. */
    public static long expiresIn(Instant expiresAt, Instant now) {
        return Duration.between(now, expiresAt).toSeconds();
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The latest expiry any token of a grant created now can have: how long a grant revocation must last. */
    public Instant revocationHorizon(Instant now) {
        return latest(now.plus(refreshTtl), latest(now.plus(accessTtl), now.plus(formats.jwtLifetime())));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
