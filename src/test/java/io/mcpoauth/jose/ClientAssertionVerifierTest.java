package io.mcpoauth.jose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each rule of private_key_jwt client authentication, with an assertion that breaks only that rule. */
class ClientAssertionVerifierTest {

    private static final String AS = "https://as.example.com";
    private static final String TOKEN_ENDPOINT = AS + "/token";
    private static final String CLIENT = "machine";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final ECKey EC = TestKeys.ec("k1");
    private static final RSAKey RSA = TestKeys.rsa("k2");
    private static final ECKey OTHER = TestKeys.ec("k1");
    private static final Set<JWSAlgorithm> ALGS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

    private final ClientAssertionVerifier verifier = new ClientAssertionVerifier(AS, TOKEN_ENDPOINT,
            Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60), Duration.ofMinutes(10));

    /** As the MCP TypeScript SDK's PrivateKeyJwtProvider makes them: typ JWT, aud the issuer, five minutes. */
    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(CLIENT).subject(CLIENT).audience(AS)
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)))
                .jwtID("1764583200000-0.123");
    }

    private static String sign(UnaryOperator<JWTClaimsSet.Builder> change) {
        return TestKeys.sign(EC, header(JOSEObjectType.JWT), change.apply(claims()).build());
    }

    private static JWSHeader.Builder header(JOSEObjectType type) {
        return new JWSHeader.Builder(JWSAlgorithm.ES256).type(type).keyID(EC.getKeyID());
    }

    private ClientAssertionVerifier.Outcome verify(String assertion) {
        return verifier.verify(assertion, CLIENT,
                JwkSets.fixed(new JWKSet(List.of(EC.toPublicJWK(), RSA.toPublicJWK()))), ALGS);
    }

    private void refused(String assertion, String why) {
        assertInstanceOf(ClientAssertionVerifier.Refused.class, verify(assertion), why);
    }

    private ClientAssertionVerifier.Accepted accepted(String assertion) {
        ClientAssertionVerifier.Outcome outcome = verify(assertion);
        return assertInstanceOf(ClientAssertionVerifier.Accepted.class, outcome, outcome::toString);
    }

    @Test
    void verifyWhenAsTheSdkSignsItThenTheClientWithItsJtiAndExpiry() {
        ClientAssertionVerifier.Accepted ok = accepted(sign(c -> c));
        assertEquals(CLIENT, ok.clientId());
        assertEquals("1764583200000-0.123", ok.jti());
        assertEquals(NOW.plusSeconds(300), ok.expiresAt());
    }

    @Test
    void verifyWhenAudienceIsTheTokenEndpointOrAListWithTheIssuerThenAccepted() {
        accepted(sign(c -> c.audience(TOKEN_ENDPOINT)));
        accepted(sign(c -> c.audience(List.of("https://elsewhere.example.com", AS))));
    }

    @Test
    void verifyWhenAudienceIsAnotherServerThenRefused() {
        refused(sign(c -> c.audience("https://other-as.example.com")), "another server");
        refused(sign(c -> c.audience(AS + "/introspect")), "another endpoint");
        refused(sign(c -> c.audience((String) null)), "no aud");
    }

    @Test
    void verifyWhenIssuerOrSubjectIsNotTheClientThenRefused() {
        refused(sign(c -> c.issuer("someone-else")), "iss another client");
        refused(sign(c -> c.subject("someone-else")), "sub another client");
        refused(sign(c -> c.issuer(null)), "no iss");
    }

    @Test
    void verifyWhenExpiredOrTooLongLivedThenRefused() {
        refused(sign(c -> c.expirationTime(Date.from(NOW.minusSeconds(61)))), "expired");
        refused(sign(c -> c.expirationTime(null)), "no exp");
        refused(sign(c -> c.expirationTime(Date.from(NOW.plus(Duration.ofMinutes(12))))), "lives over ten minutes");
        refused(sign(c -> c.issueTime(Date.from(NOW.plusSeconds(61)))), "issued in the future");
        accepted(sign(c -> c.issueTime(null)));
    }

    @Test
    void verifyWhenJtiMissingOrUnusableThenRefused() {
        refused(sign(c -> c.jwtID(null)), "no jti");
        refused(sign(c -> c.jwtID("a\u0000b")), "control character");
        refused(sign(c -> c.jwtID("j".repeat(257))), "too long");
    }

    @Test
    void verifyWhenTypNamesAnotherKindOfJwtThenRefused() {
        refused(TestKeys.sign(EC, header(new JOSEObjectType("oauth-id-jag+jwt")), claims().build()), "an ID-JAG");
        refused(TestKeys.sign(EC, header(new JOSEObjectType("at+jwt")), claims().build()), "an access token");
        accepted(TestKeys.sign(EC, header(null), claims().build()));
        accepted(TestKeys.sign(EC, header(new JOSEObjectType("client-authentication+jwt")), claims().build()));
    }

    @Test
    void verifyWhenNotSignedByTheClientsKeysThenRefused() throws Exception {
        refused(TestKeys.sign(OTHER, header(JOSEObjectType.JWT), claims().build()), "same kid, another key");
        refused(TestKeys.sign(OTHER, header(JOSEObjectType.JWT).jwk(OTHER.toPublicJWK()), claims().build()),
                "a key in the token's own header");
        refused(new PlainJWT(claims().build()).serialize(), "alg none");
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims().build());
        hs.sign(new MACSigner(new byte[32]));
        refused(hs.serialize(), "HS256");
        accepted(TestKeys.sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()),
                claims().build()));
    }

    @Test
    void verifyWhenAlgorithmNotAllowedForTheClientThenRefused() {
        String rs256 = TestKeys.sign(RSA, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()),
                claims().build());
        ClientAssertionVerifier.Outcome outcome = verifier.verify(rs256, CLIENT,
                JwkSets.fixed(new JWKSet(RSA.toPublicJWK())), Set.of(JWSAlgorithm.ES256));
        assertInstanceOf(ClientAssertionVerifier.Refused.class, outcome);
    }

    @Test
    void verifyWhenGarbageOrTooLongThenRefusedUnparsed() {
        refused("not.a.jwt", "garbage");
        refused(null, "missing");
        refused("a".repeat(ClientAssertionVerifier.MAX_LENGTH + 1), "too long");
    }

    @Test
    void claimedClientIsTheSubjectOnlyWhenTheIssuerIsTheSame() {
        assertEquals(Optional.of(CLIENT), ClientAssertionVerifier.claimedClient(sign(c -> c)));
        assertTrue(ClientAssertionVerifier.claimedClient(sign(c -> c.issuer("other"))).isEmpty());
        assertTrue(ClientAssertionVerifier.claimedClient("garbage").isEmpty());
        assertTrue(ClientAssertionVerifier.claimedClient(null).isEmpty());
    }
}
