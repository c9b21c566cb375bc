package io.mcpoauth.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretVerifierTest {

    private static String bcrypt(String secret) {
        return new String(BCrypt.withDefaults().hash(10, secret.toCharArray()), StandardCharsets.UTF_8);
    }

    private final SecretVerifier verifier = new SecretVerifier();

    @Test
    void verifyWhenRightSecretThenTrueAgainFromCacheAndWrongSecretStillFalse() {
        String hash = bcrypt("right");
        assertTrue(verifier.verify("c1", "right", hash));
        assertTrue(verifier.verify("c1", "right", hash));
        assertFalse(verifier.verify("c1", "wrong", hash), "a cached success must not let another secret in");
        assertFalse(verifier.verify("c2", "right", bcrypt("other")), "the cache is per principal");
    }

    @Test
    void verifyWhenStoredHashChangedThenOldSecretRefused() {
        assertTrue(verifier.verify("c1", "old", bcrypt("old")));
        assertFalse(verifier.verify("c1", "old", bcrypt("new")), "a rotated secret invalidates the cached credential");
    }

    @Test
    void verifyWhenUnknownPrincipalOrMalformedHashThenFalse() {
        assertFalse(verifier.verify("ghost", "anything", ""));
        assertFalse(verifier.verify("c1", "anything", "$2a$10$tooshort"));
        assertFalse(verifier.verify("c1", null, bcrypt("x")));
    }

    @Test
    void verifyWhenSha256HashThenComparedWithoutBcrypt() {
        String stored = SecretVerifier.sha256Hash("generated-secret");
        assertTrue(stored.startsWith("sha256:"));
        assertTrue(verifier.verify("c1", "generated-secret", stored));
        assertFalse(verifier.verify("c1", "generated-secreT", stored));
    }

    @Test
    void tokensWhenGeneratedThenUniqueUrlSafeAndHashedDeterministically() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = Tokens.newToken();
            assertEquals(43, t.length());
            assertTrue(t.matches("[A-Za-z0-9_-]+"));
            assertTrue(seen.add(t));
        }
        String t = Tokens.newToken();
        assertEquals(Tokens.hash(t), Tokens.hash(t));
        assertNotEquals(t, Tokens.hash(t));
        assertEquals(8, Tokens.fingerprint(Tokens.hash(t)).length());
    }

    @Test
    void checkWhenFreshChecksSuspendedThenOnlyASecretVerifiedBeforeMatches() {
        String hash = bcrypt("right");
        assertEquals(SecretVerifier.Result.UNVERIFIED, verifier.check("c1", "right", hash, false),
                "never verified: not decided without bcrypt");
        assertTrue(verifier.verify("c1", "right", hash));
        assertEquals(SecretVerifier.Result.MATCH, verifier.check("c1", "right", hash, false));
        assertEquals(SecretVerifier.Result.UNVERIFIED, verifier.check("c1", "guess", hash, false));
        assertEquals(SecretVerifier.Result.UNVERIFIED, verifier.check("ghost", "guess", "", false));
        assertEquals(SecretVerifier.Result.UNVERIFIED, verifier.check("c1", "right", bcrypt("right"), false),
                "a changed stored hash is not the one verified");
    }

    @Test
    void checkWhenFreshChecksSuspendedThenSha256HashStillChecked() {
        String stored = SecretVerifier.sha256Hash("generated-secret");
        assertEquals(SecretVerifier.Result.MATCH, verifier.check("c1", "generated-secret", stored, false));
        assertEquals(SecretVerifier.Result.MISMATCH, verifier.check("c1", "generated-secreT", stored, false));
    }
}
