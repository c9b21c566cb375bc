package io.mcpoauth.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque tokens: 256 bits from {@link SecureRandom}, base64url without padding. Stores keep only
 * {@link #hash(String)} of a token, so a dump of the store yields nothing usable.
 */
public final class Tokens {

    /**
     * One generator per thread: the default (NativePRNG) serialises all callers on one lock, which a profile of
     * the token endpoint under load showed threads waiting on. Each is a DRBG (NIST SP 800-90A) seeded on its own
     * from the system's entropy source.
     */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Tokens::generator);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int FINGERPRINT_LENGTH = 8;

    private Tokens() {
    }

    /** A new token of 256 random bits. */
    public static String newToken() {
        return random(32);
    }

    /** A new random identifier of 128 bits (grant ids, client ids). */
    public static String newId() {
        return random(16);
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.get().nextBytes(b);
        return B64.encodeToString(b);
    }

    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** SHA-256 of the value, base64url: the storage key of a token, code or pending-request id. */
    public static String hash(String value) {
        return B64.encodeToString(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** A short, non-secret label of a stored hash for logs: the first characters of the hash, never of the token. */
    public static String fingerprint(String tokenHash) {
        return tokenHash.length() <= FINGERPRINT_LENGTH ? tokenHash : tokenHash.substring(0, FINGERPRINT_LENGTH);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
