package io.mcpoauth.login;

import static io.mcpoauth.login.Tokens.CLOCK;
import static io.mcpoauth.login.Tokens.claims;
import static io.mcpoauth.login.Tokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keys fetched from the gateway: a JWK set URL (Pomerium, IAP) and one PEM per kid (AWS ALB). */
class AssertionKeyFetchTest {

    private static final String ALB =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mcp/50dc6c495c0c9188";
    private static final String KID = "8d3b5c5a-2f4e-4f63-9a7e-0c5d2b1a4e6f";

    private final KeyServer server = newServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private AssertionLogin jwksUrlLogin(String timeout) {
        return new AssertionLogin(Tokens.settings(Map.of(
                "mcp.oauth.login.assertion.jwks-url", server.url("/.well-known/pomerium/jwks.json"),
                "mcp.oauth.login.assertion.jwks-timeout", timeout)), CLOCK);
    }

    @Test
    void subjectWhenJwksUrlServesTheKeyThenAcceptedAndCached() {
        RSAKey key = Tokens.rsa("k1");
        server.serve("/.well-known/pomerium/jwks.json", new JWKSet(key).toPublicJWKSet().toString());
        AssertionLogin login = jwksUrlLogin("5s");
        assertEquals(0, server.requests.get(), "nothing is fetched before the first assertion");
        assertEquals(Optional.of("alice"), login.subject(sign(key, claims().build())));
        assertEquals(Optional.of("alice"), login.subject(sign(key, claims().subject("bob").build())).map(s -> "alice"));
        assertEquals(1, server.requests.get(), "the key set is cached");
    }

    @Test
    void subjectWhenGatewayRotatesKeyThenUnknownKidRefetchesTheSet() {
        RSAKey old = Tokens.rsa("k1");
        ECKey rotated = Tokens.ec("k2");
        server.serve("/.well-known/pomerium/jwks.json", new JWKSet(old).toPublicJWKSet().toString());
        AssertionLogin login = jwksUrlLogin("5s");
        assertEquals(Optional.of("alice"), login.subject(sign(old, claims().build())));
        server.serve("/.well-known/pomerium/jwks.json", new JWKSet(rotated).toPublicJWKSet().toString());
        assertEquals(Optional.of("alice"), login.subject(sign(rotated, claims().build())));
        assertEquals(2, server.requests.get());
        assertEquals(Optional.empty(), login.subject(sign(Tokens.rsa("k3"), claims().build())),
                "a made-up kid finds no key; refetches are rate limited");
        assertEquals(Optional.empty(), login.subject(sign(Tokens.rsa("k4"), claims().build())));
        assertTrue(server.requests.get() <= 3, "at most two fetches per 30 s, then one more: " + server.requests);
    }

    @Test
    void subjectWhenJwksUrlTooSlowOrMissingThenRefusedWithinTheTimeout() {
        RSAKey key = Tokens.rsa("k1");
        AssertionLogin login = jwksUrlLogin("300ms");
        assertEquals(Optional.empty(), login.subject(sign(key, claims().build())), "404 from the key URL");
        server.serve("/.well-known/pomerium/jwks.json", new JWKSet(key).toPublicJWKSet().toString());
        server.delayMillis = 2000;
        long start = System.nanoTime();
        assertEquals(Optional.empty(), jwksUrlLogin("300ms").subject(sign(key, claims().build())));
        assertTrue(System.nanoTime() - start < 1_800_000_000L, "the read timeout applies");
    }

    private AssertionLogin albLogin() {
        return new AssertionLogin(Tokens.settings(Map.of(
                "mcp.oauth.login.assertion.header", "x-amzn-oidc-data",
                "mcp.oauth.login.assertion.key-url", server.url("/keys/{kid}"),
                "mcp.oauth.login.assertion.issuer", "https://idp.example.com",
                "mcp.oauth.login.assertion.audience", ALB,
                "mcp.oauth.login.assertion.subject-claim", "email",
                "mcp.oauth.login.assertion.algorithms", "ES256")), CLOCK);
    }

    /** ALB's JWT: kid, signer (the ALB's ARN) and client in the header, no aud in the payload. */
    private static String albToken(ECKey key, String kid, String signer) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
                .customParam("signer", signer).customParam("client", "client-1")
                .customParam("iss", "https://idp.example.com").build();
        return sign(key, header, claims().issuer("https://idp.example.com").audience((String) null).build());
    }

    private static String pem(ECKey key) throws Exception {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.toECPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void subjectWhenAlbKeyUrlServesThePemForTheKidThenAccepted() throws Exception {
        ECKey key = Tokens.ec(KID);
        server.serve("/keys/" + KID, pem(key));
        AssertionLogin login = albLogin();
        assertEquals("x-amzn-oidc-data", login.header());
        assertEquals(Optional.of("alice@example.com"), login.subject(albToken(key, KID, ALB)));
        assertEquals(Optional.of("alice@example.com"), login.subject(albToken(key, KID, ALB)));
        assertEquals(1, server.requests.get(), "a key fetched for a kid is kept");
    }

    /** ALB is known to pad its base64url segments with '='; the signature covers them as sent. */
    @Test
    void subjectWhenAlbTokenHasPaddedSegmentsThenAccepted() throws Exception {
        ECKey key = Tokens.ec(KID);
        server.serve("/keys/" + KID, pem(key));
        String header = "{\"typ\":\"JWT\",\"kid\":\"" + KID + "\",\"alg\":\"ES256\",\"signer\":\"" + ALB + "\"}";
        String payload = claims().issuer("https://idp.example.com").audience((String) null).build().toString();
        String input = padded(header) + "." + padded(payload);
        Base64URL signature = new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256),
                input.getBytes(StandardCharsets.US_ASCII));
        String token = input + "." + Base64.getUrlEncoder().encodeToString(signature.decode());
        assertTrue(token.contains("="), token);
        assertEquals(Optional.of("alice@example.com"), albLogin().subject(token));
    }

    private static String padded(String json) {
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void subjectWhenAlbSignerIsAnotherLoadBalancerThenRefused() throws Exception {
        ECKey key = Tokens.ec(KID);
        server.serve("/keys/" + KID, pem(key));
        AssertionLogin login = albLogin();
        assertEquals(Optional.empty(), login.subject(albToken(key, KID, ALB.replace("mcp", "someone-else"))));
        assertEquals(Optional.empty(), login.subject(albToken(key, KID, null)));
        assertEquals(Optional.empty(), login.subject(albToken(Tokens.ec(KID), KID, ALB)), "another key");
    }

    @Test
    void subjectWhenAlbKidCouldLeaveThePathThenNothingIsFetched() throws Exception {
        ECKey key = Tokens.ec(KID);
        server.serve("/keys/" + KID, pem(key));
        AssertionLogin login = albLogin();
        for (String kid : new String[] {"../admin", "a/b", "x?y=1", "a%2Fb", "", "k".repeat(65)}) {
            assertEquals(Optional.empty(), login.subject(albToken(key, kid, ALB)), kid);
        }
        assertEquals(0, server.requests.get());
        assertEquals(Optional.empty(), login.subject(albToken(key, "00000000-0000-0000-0000-000000000000", ALB)));
        assertEquals(Optional.empty(), login.subject(albToken(key, "00000000-0000-0000-0000-000000000000", ALB)));
        assertEquals(1, server.requests.get(), "a kid that could not be fetched is not asked for again at once");
    }

    private static KeyServer newServer() {
        try {
            return new KeyServer();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
