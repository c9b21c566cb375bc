package io.mcpoauth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.signing.SigningKeys;
import io.mcpoauth.signing.SigningSettings;
import io.mcpoauth.store.Grant;
import io.mcpoauth.store.Storage;
import io.mcpoauth.store.StorageContract;
import io.mcpoauth.store.memory.MemoryStorage;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two server instances on one storage, as a resource server sees them: a JWT access token (RFC 9068) that either
 * instance signs verifies against the set either publishes, across a rotation until it expires; once its key is
 * retired it does not, nor does a token signed by a key never published.
 */
@MethodSource("io.mcpoauth.store.backends.Backends#shared")
class SharedKeyVerificationTest extends StorageContract {

    private static final String ISSUER = "https://auth.example.com";
    private static final String MCP = "https://mcp.example.com/mcp";
    private static final Duration INTERVAL = Duration.ofDays(30);
    private static final Duration TOKEN = Duration.ofHours(1);
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final AccessTokenFormats FORMATS = AccessTokenFormats.load(
            ConfigSource.of(Map.of(AccessTokenFormats.FORMAT_KEY, "jwt")), Set.of(MCP));

    private Storage second;
    private SigningKeys a;
    private SigningKeys b;
    /** A slot boundary of this test's own, so tests sharing the namespace never meet. */
    private Instant boundary;

    @BeforeEach
    void twoInstances() {
        second = storage instanceof MemoryStorage ? storage : backend().newStorage();
        a = instance(storage);
        b = instance(second);
        boundary = Instant.ofEpochMilli(INTERVAL.toMillis() * ThreadLocalRandom.current().nextLong(1_000, 50_000));
    }

    @AfterEach
    void closeSecond() {
        if (second != storage) {
            second.close();
        }
    }

    private static SigningKeys instance(Storage storage) {
        SigningSettings settings = SigningSettings.load(ConfigSource.of(Map.of(
                "mcp.oauth.jwt.key-encryption-key", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "mcp.oauth.jwt.rotation-interval", "30d", "mcp.oauth.jwt.publish-ahead", "1h",
                "mcp.oauth.jwt.clock-skew", "5m")), true);
        return SigningKeys.of(settings, storage, TOKEN);
    }

    /** An access token for MCP signed by {@code keys} at {@code now}, living {@link #TOKEN}. */
    private static String sign(SigningKeys keys, Instant now) {
        Grant grant = new Grant("g-" + UUID.randomUUID(), "app", "alice", Scope.of("mcp:tools"), List.of(MCP));
        return new JwtAccessTokens(ISSUER, keys, FORMATS).sign(grant, UUID.randomUUID().toString(), now,
                now.plus(TOKEN)).orElseThrow();
    }

    /** What a resource server does with the set it fetched: typ at+jwt, key by kid, iss, aud and exp at now. */
    private static JWTClaimsSet verify(String token, JWKSet published, Instant now)
            throws BadJOSEException, JOSEException, ParseException {
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType(AccessTokenFormats.AT_JWT)));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, new ImmutableJWKSet<>(published)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(MCP,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("exp", "iat", "jti", "sub")) {
            @Override
            protected Date currentTime() {
                return Date.from(now);
            }
        };
        claims.setMaxClockSkew((int) SKEW.toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        return p.process(token, null);
    }

    private static void assertAccepted(String token, JWKSet published, Instant now) throws Exception {
        assertEquals(SignedJWT.parse(token).getJWTClaimsSet().getJWTID(), verify(token, published, now).getJWTID());
    }

    private static void assertRejected(String token, JWKSet published, Instant now, String why) {
        BadJOSEException e = assertThrows(BadJOSEException.class, () -> verify(token, published, now));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static String kid(String token) throws ParseException {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static JWKSet without(JWKSet set, String kid) {
        return new JWKSet(set.getKeys().stream().filter(k -> !kid.equals(k.getKeyID())).toList());
    }

    private static List<String> kids(JWKSet set) {
        return set.getKeys().stream().map(JWK::getKeyID).toList();
    }

    @Test
    void verifyWhenOtherInstanceSignedThenItsPublishedSetAcceptsAndNeedsTheKid() throws Exception {
        Instant now = boundary.plus(Duration.ofDays(3));
        String byA = sign(a, now);
        String byB = sign(b, now.plus(SECOND));
        assertEquals(kid(byA), kid(byB), "both instances sign with the one stored key");
        for (String token : List.of(byA, byB)) {
            assertAccepted(token, b.published(now), now.plus(SECOND));
            assertAccepted(token, a.published(now), now.plus(SECOND));
            assertRejected(token, without(a.published(now), kid(token)), now.plus(SECOND), "no matching key");
        }
        assertRejected(byA, b.published(now), now.plus(TOKEN).plus(SKEW).plus(SECOND), "Expired JWT");
    }

    @Test
    void verifyWhenSignedBeforeRotationThenAcceptedUntilExpiryAndRejectedOnceKeyRetired() throws Exception {
        Instant signed = boundary.minus(SECOND);
        String old = sign(a, signed);
        Instant rotated = boundary.plus(SECOND);
        String fresh = sign(b, rotated);
        assertNotEquals(kid(old), kid(fresh), "the rotation gave a new key");
        assertEquals(kid(fresh), a.current(rotated).kid());

        // RFC 7519 4.1.4: accepted while now is before exp (plus the skew), not at it.
        Instant lastAccepted = signed.plus(TOKEN).plus(SKEW).minusMillis(1);
        for (SigningKeys instance : List.of(a, b)) {
            assertAccepted(old, instance.published(rotated), rotated);
            assertAccepted(old, instance.published(lastAccepted), lastAccepted);
            assertRejected(old, instance.published(lastAccepted), lastAccepted.plusMillis(1), "Expired JWT");
        }

        Instant retired = boundary.plus(TOKEN).plus(SKEW);
        assertTrue(kids(a.published(retired.minusMillis(1))).contains(kid(old)), "kept until its tokens are dead");
        for (SigningKeys instance : List.of(a, b)) {
            JWKSet set = instance.published(retired);
            assertEquals(List.of(kid(fresh)), kids(set));
            assertRejected(old, set, retired, "no matching key");
            assertAccepted(fresh, set, retired);
        }
    }

    @Test
    void verifyWhenSignedByKeyNeverPublishedThenRejectedWhateverItsKid() throws Exception {
        Instant now = boundary.plus(Duration.ofDays(3));
        String genuine = sign(a, now);
        JWTClaimsSet claims = SignedJWT.parse(genuine).getJWTClaimsSet();
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
        for (SigningKeys instance : List.of(a, b)) {
            JWKSet set = instance.published(now);
            assertFalse(kids(set).contains(stranger.getKeyID()));
            assertAccepted(genuine, set, now);
            assertRejected(forge(stranger, stranger.getKeyID(), claims), set, now, "no matching key");
            assertRejected(forge(stranger, kid(genuine), claims), set, now, "Invalid signature");
        }
    }

    /** The claims, signed by {@code key} under {@code kid} with the RFC 9068 header. */
    private static String forge(ECKey key, String kid, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
                .type(new JOSEObjectType(AccessTokenFormats.AT_JWT)).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
