package io.mcpoauth.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import io.mcpoauth.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningSettingsTest {

    private static final String P = "mcp.oauth.jwt.";
    private static final String EC_PEM = TestPem.pkcs8(TestPem.ec("secp256r1"));

    @TempDir
    Path dir;

    @Test
    void loadWhenNothingSetThenOffWithDefaults() {
        SigningSettings s = SigningSettings.load(ConfigSource.of(Map.of()), false);
        assertFalse(s.enabled());
        assertEquals(JWSAlgorithm.ES256, s.algorithm());
        assertEquals(Duration.ofDays(30), s.rotationInterval());
        assertEquals(Duration.ofHours(1), s.publishAhead());
        assertEquals(Duration.ofMinutes(5), s.clockSkew());
        assertTrue(s.keyEncryptionKey().isEmpty());
        assertTrue(SigningSettings.load(ConfigSource.of(Map.of()), true).generated());
    }

    @Test
    void loadWhenKeysProvidedInlineAndFromFileThenEnabledWithTheCurrentOne() throws Exception {
        KeyPair second = TestPem.ec("secp256r1");
        Path file = Files.writeString(dir.resolve("k2.pem"), TestPem.sec1(second));
        SigningSettings s = SigningSettings.load(ConfigSource.of(Map.of(P + "keys", "k1, k2", P + "key.k1.pem",
                EC_PEM, P + "key.k2.pem-file", file.toString(), P + "current-key", "k2")), false);
        assertTrue(s.enabled());
        assertFalse(s.generated());
        assertEquals(List.of("k1", "k2"), s.provided().stream().map(SigningKey::kid).toList());
        assertEquals("k2", s.currentKey().kid());
    }

    @Test
    void loadWhenOneKeyThenItIsCurrent() {
        SigningSettings s = SigningSettings.load(ConfigSource.of(Map.of(P + "keys", "only", P + "key.only.pem",
                EC_PEM)), false);
        assertEquals("only", s.currentKid());
    }

    @Test
    void loadWhenRsaKeysThenRs256() {
        SigningSettings s = SigningSettings.load(ConfigSource.of(Map.of(P + "algorithm", "RS256", P + "keys", "r",
                P + "key.r.pem", TestPem.pkcs1(TestPem.rsa(3072)))), false);
        assertEquals(JWSAlgorithm.RS256, s.currentKey().algorithm());
    }

    @Test
    void loadWhenKeyEncryptionKeyGivenThen32Bytes() {
        SigningSettings s = SigningSettings.load(ConfigSource.of(Map.of(P + "key-encryption-key",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")), true);
        assertEquals(32, s.keyEncryptionKey().orElseThrow().getEncoded().length);
        assertEquals(List.of(), s.previousKeyEncryptionKeys());
        assertFalse(s.toString().contains("AAEC"), s.toString());
        SigningSettings rotated = SigningSettings.load(ConfigSource.of(Map.of(P + "key-encryption-key",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", P + "previous-key-encryption-keys",
                "HxscGxoZGBcWFRQTEhEQDw4NDAsKCQgHBgUEAwIBAAA=, AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")), true);
        assertEquals(2, rotated.previousKeyEncryptionKeys().size());
    }

    @Test
    void loadWhenBadValueThenErrorNamesItsKey() {
        String rsa1024 = TestPem.pkcs8(TestPem.rsa(1024));
        String rsa2048 = TestPem.pkcs8(TestPem.rsa(2048));
        String publicOnly = TestPem.publicKey(TestPem.ec("secp256r1"));
        Object[][] cases = {
            {P + "algorithm", Map.of(P + "algorithm", "HS256")},
            {P + "algorithm", Map.of(P + "algorithm", "EdDSA")},
            {P + "algorithm", Map.of(P + "algorithm", "none")},
            {P + "keys", Map.of(P + "keys", "a")},
            {P + "keys", Map.of(P + "keys", "a a", P + "key.a.pem", EC_PEM)},
            {P + "keys", Map.of(P + "keys", "a/b")},
            {P + "key.a.pem", Map.of(P + "keys", "a", P + "key.a.pem", "nonsense")},
            {P + "key.a.pem", Map.of(P + "keys", "a", P + "key.a.pem", publicOnly)},
            {P + "key.a.pem", Map.of(P + "keys", "a", P + "key.a.pem", rsa2048)},
            {P + "key.a.pem", Map.of(P + "keys", "a", P + "key.a.pem", rsa1024, P + "algorithm", "RS256")},
            {P + "key.a.pem", Map.of(P + "keys", "a", P + "key.a.pem", EC_PEM, P + "key.a.pem-file", "/x")},
            {P + "key.a.pem-file", Map.of(P + "keys", "a", P + "key.a.pem-file", "/nonexistent/a.pem")},
            {P + "current-key", Map.of(P + "keys", "a b", P + "key.a.pem", EC_PEM, P + "key.b.pem", EC_PEM)},
            {P + "current-key", Map.of(P + "keys", "a", P + "key.a.pem", EC_PEM, P + "current-key", "c")},
            {P + "current-key", Map.of(P + "current-key", "c")},
            {P + "keystore", Map.of(P + "keystore", "/nonexistent/keys.p12", P + "keys", "a")},
            {P + "key-encryption-key", Map.of(P + "key-encryption-key", "c2hvcnQ=")},
            {P + "key-encryption-key", Map.of(P + "key-encryption-key", "not base64!")},
            {P + "previous-key-encryption-keys", Map.of(P + "previous-key-encryption-keys",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")},
            {P + "previous-key-encryption-keys", Map.of(P + "key-encryption-key",
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", P + "previous-key-encryption-keys", "c2hvcnQ=")},
            {P + "rotation-interval", Map.of(P + "rotation-interval", "30m")},
            {P + "rotation-interval", Map.of(P + "rotation-interval", "90m", P + "publish-ahead", "1h")},
            {P + "publish-ahead", Map.of(P + "publish-ahead", "5m")},
            {P + "clock-skew", Map.of(P + "clock-skew", "2h")},
            {P + "clock-skew", Map.of(P + "clock-skew", "soon")},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, String> values = new HashMap<>((Map<String, String>) c[1]);
            String e = assertThrows(IllegalArgumentException.class,
                    () -> SigningSettings.load(ConfigSource.of(values), true), values.keySet().toString())
                    .getMessage();
            assertTrue(e.startsWith((String) c[0]), c[0] + " <- " + e);
            assertFalse(e.contains("MII"), "no key material in " + e);
        }
    }
}
