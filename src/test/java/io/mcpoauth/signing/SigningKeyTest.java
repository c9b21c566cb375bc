package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.mcpoauth.jose.TestKeys;
import org.junit.jupiter.api.Test;

class SigningKeyTest {

    @Test
    void signerWhenEs256ThenVerifiesWithThePublishedKeyAndIsBuiltOnce() throws Exception {
        SigningKey key = SigningKey.of("k1", JWSAlgorithm.ES256, TestKeys.ec("other"));
        assertSame(key.signer(), key.signer());
        SignedJWT jwt = new SignedJWT(key.header().type(new JOSEObjectType("at+jwt")).build(),
                new JWTClaimsSet.Builder().subject("alice").build());
        jwt.sign(key.signer());
        SignedJWT parsed = SignedJWT.parse(jwt.serialize());
        assertEquals("k1", parsed.getHeader().getKeyID());
        assertTrue(parsed.verify(new ECDSAVerifier((ECKey) key.publicJwk())));
        assertEquals("k1", key.publicJwk().getKeyID());
        assertEquals("sig", key.publicJwk().getKeyUse().identifier());
        assertEquals(JWSAlgorithm.ES256, key.publicJwk().getAlgorithm());
    }

    @Test
    void signerWhenRs256ThenVerifies() throws Exception {
        SigningKey key = SigningKey.of("r1", JWSAlgorithm.RS256, TestKeys.rsa("r1"));
        SignedJWT jwt = new SignedJWT(key.header().build(), new JWTClaimsSet.Builder().subject("bob").build());
        jwt.sign(key.signer());
        assertTrue(jwt.verify(new RSASSAVerifier((RSAKey) key.publicJwk())));
    }

    @Test
    void ofWhenRsaUnder2048BitsThenRefused() throws Exception {
        @SuppressWarnings("deprecation")
        RSAKey weak = new RSAKeyGenerator(1024, true).generate();
        String e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.of("w", JWSAlgorithm.RS256, weak)).getMessage();
        assertTrue(e.contains("1024 bits is too weak"), e);
    }

    @Test
    void ofWhenPublicOnlyThenRefused() {
        String e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.of("p", JWSAlgorithm.ES256, TestKeys.ec("p").toPublicJWK())).getMessage();
        assertTrue(e.contains("holds no private key"), e);
    }

    @Test
    void ofWhenKeyDoesNotSuitTheAlgorithmThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of("a", JWSAlgorithm.ES256, TestKeys.rsa("a")));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of("a", JWSAlgorithm.RS256, TestKeys.ec("a")));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of("a", JWSAlgorithm.PS256, TestKeys.rsa("a")));
        assertThrows(IllegalArgumentException.class, () -> SigningKey.of(" ", JWSAlgorithm.ES256, TestKeys.ec("a")));
    }

    @Test
    void ofWhenPrivatePartOfAnotherKeyThenRefused() throws Exception {
        ECKey one = TestKeys.ec("one");
        ECKey two = TestKeys.ec("two");
        ECKey mixed = new ECKey.Builder(one.getCurve(), one.toECPublicKey()).privateKey(two.toECPrivateKey()).build();
        String e = assertThrows(IllegalArgumentException.class,
                () -> SigningKey.of("m", JWSAlgorithm.ES256, mixed)).getMessage();
        assertTrue(e.contains("does not match"), e);
    }

    @Test
    void toStringWhenLoggedThenNoKeyMaterial() {
        ECKey jwk = TestKeys.ec("k");
        SigningKey key = SigningKey.of("k", JWSAlgorithm.ES256, jwk);
        assertFalse(key.toString().contains(jwk.getD().toString()));
        assertFalse(key.toString().contains(jwk.getX().toString()));
        assertEquals("SigningKey[kid=k, alg=ES256]", key.toString());
    }
}
