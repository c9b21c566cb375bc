package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class PemKeysTest {

    private static final String K = "mcp.oauth.jwt.key.a.pem";

    @Test
    void readWhenEcPkcs8ThenPublicPointDerivedFromThePrivateKey() throws Exception {
        KeyPair pair = TestPem.ec("secp256r1");
        JWK jwk = PemKeys.read(K, TestPem.pkcs8(pair));
        assertTrue(jwk.isPrivate());
        assertEquals(pair.getPublic(), ((ECKey) jwk).toECPublicKey());
    }

    @Test
    void readWhenEcSec1ThenSameKeyAsPkcs8() {
        KeyPair pair = TestPem.ec("secp256r1");
        assertEquals(PemKeys.read(K, TestPem.pkcs8(pair)), PemKeys.read(K, TestPem.sec1(pair)));
    }

    @Test
    void readWhenRsaPkcs1OrPkcs8ThenSameKey() throws Exception {
        KeyPair pair = TestPem.rsa(2048);
        JWK fromPkcs8 = PemKeys.read(K, TestPem.pkcs8(pair));
        assertEquals(pair.getPublic(), ((RSAKey) fromPkcs8).toRSAPublicKey());
        assertEquals(fromPkcs8, PemKeys.read(K, TestPem.pkcs1(pair)));
    }

    @Test
    void readWhenPrivateKeyBesideCertificateOrPublicKeyThenPrivateKeyTaken() {
        KeyPair pair = TestPem.ec("secp256r1");
        JWK jwk = PemKeys.read(K, TestPem.publicKey(pair) + "\n" + TestPem.pkcs8(pair));
        assertTrue(jwk.isPrivate());
    }

    @Test
    void readWhenPublicOnlyThenRefusedNamingTheKey() {
        String e = error(TestPem.publicKey(TestPem.ec("secp256r1")));
        assertTrue(e.startsWith(K + ": holds no private key"), e);
    }

    @Test
    void readWhenEncryptedOrNotPemOrTwoKeysOrOtherCurveThenRefusedNamingTheKey() {
        KeyPair pair = TestPem.ec("secp256r1");
        for (String pem : new String[] {TestPem.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}), "secret",
            TestPem.pkcs8(pair) + TestPem.pkcs8(pair), TestPem.pkcs8(TestPem.ec("secp384r1")),
            TestPem.pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})}) {
            String e = error(pem);
            assertTrue(e.startsWith(K + ":"), e);
        }
    }

    private static String error(String pem) {
        return assertThrows(IllegalArgumentException.class, () -> PemKeys.read(K, pem)).getMessage();
    }
}
