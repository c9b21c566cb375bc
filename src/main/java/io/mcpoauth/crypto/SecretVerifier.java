package io.mcpoauth.crypto;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a presented secret against its stored hash: bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}) for
 * secrets people chose, {@code sha256:<base64url>} for high-entropy generated secrets.
 *
 * <p>bcrypt at cost 10 takes about 50 ms, which would cap the token and introspection endpoints at a few
 * dozen requests per second. After one successful bcrypt check, the verifier remembers, per principal, an
 * HMAC of the presented secret under a key that exists only in this process's memory, together with the
 * stored hash it was checked against. A later request with the same secret is then verified by one HMAC
 * and a constant-time comparison. The cache never holds the secret, is invalidated when the stored hash
 * changes, and failed attempts are never cached.
 *
 * <p>The same cache lets a client keep working while its id is under a guessing attack: {@link #check} with
 * fresh checks suspended accepts a secret only when it was verified before, and answers {@link Result#UNVERIFIED}
 * for any other without spending a bcrypt check on it.
 */
@ApplicationScoped
public class SecretVerifier {

    public static final String SHA256_PREFIX = "sha256:";
    private static final int MAX_CACHE_ENTRIES = 100_000;
    private static final int DUMMY_COST = 10;

    private final byte[] cacheKey;
    /** Keyed with {@link #cacheKey} and never used itself, only cloned (set once; a race only builds it twice). */
    private volatile Mac macPrototype;
    /** A bcrypt hash of a random value: unknown principals are checked against it so they cost the same. */
    private final String dummyHash;
    private final Map<String, CachedCredential> verified = new ConcurrentHashMap<>();
    private final BCrypt.Verifyer bcrypt =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    public SecretVerifier() {
        cacheKey = new byte[32];
        SecureRandom random = new SecureRandom();
        random.nextBytes(cacheKey);
        byte[] dummy = new byte[16];
        random.nextBytes(dummy);
        dummyHash = new String(BCrypt.withDefaults().hash(DUMMY_COST, Base64.getEncoder().encode(dummy)),
                StandardCharsets.UTF_8);
    }

    /** The answer of {@link #check}. */
    public enum Result {
        /** The secret is right. */
        MATCH,
        /** The secret is wrong, or the principal unknown. */
        MISMATCH,
        /** Not decided: the secret was not verified before, and fresh bcrypt checks were not allowed. */
        UNVERIFIED
    }

    /**
     * @param principal  the client id or user name the secret belongs to (the cache key)
     * @param presented  the secret presented in the request
     * @param storedHash the stored hash; empty or null means there is no such principal, and the call still
     *                   pays a bcrypt check so that unknown principals are not told apart by timing
     */
    public boolean verify(String principal, String presented, String storedHash) {
        return check(principal, presented, storedHash, true) == Result.MATCH;
    }

    /**
     * As {@link #verify}, but with {@code freshChecks} false no bcrypt check is made: a secret verified before
     * (and still matching the stored hash) is a {@link Result#MATCH}; a {@code sha256:} hash, which costs nothing
     * to check and is too long to guess, is checked as usual; anything else, an unknown principal included, is
     * {@link Result#UNVERIFIED}.
     */
    public Result check(String principal, String presented, String storedHash, boolean freshChecks) {
        if (presented == null) {
            return Result.MISMATCH;
        }
        if (storedHash == null || storedHash.isEmpty()) {
            if (!freshChecks) {
                return Result.UNVERIFIED;
            }
            bcryptMatches(presented, dummyHash);
            return Result.MISMATCH;
        }
        if (storedHash.startsWith(SHA256_PREFIX)) {
            byte[] expected = storedHash.substring(SHA256_PREFIX.length()).getBytes(StandardCharsets.US_ASCII);
            byte[] actual = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Tokens.sha256(presented.getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, actual) ? Result.MATCH : Result.MISMATCH;
        }
        byte[] mac = mac(principal, presented);
        CachedCredential cached = verified.get(principal);
        if (cached != null && cached.storedHash().equals(storedHash) && MessageDigest.isEqual(cached.mac(), mac)) {
            return Result.MATCH;
        }
        if (!freshChecks) {
            return Result.UNVERIFIED;
        }
        boolean ok = bcryptMatches(presented, storedHash);
        if (ok) {
            if (verified.size() >= MAX_CACHE_ENTRIES) {
                verified.clear();
            }
            verified.put(principal, new CachedCredential(storedHash, mac));
        }
        return ok ? Result.MATCH : Result.MISMATCH;
    }

    /** The stored form of a generated high-entropy secret. */
    public static String sha256Hash(String secret) {
        return SHA256_PREFIX + Tokens.hash(secret);
    }

    private boolean bcryptMatches(String presented, String hash) {
        try {
            return bcrypt.verify(presented.getBytes(StandardCharsets.UTF_8),
                    hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (RuntimeException malformedHash) {
            return false;
        }
    }

    /** A copy of a keyed prototype: cheaper than looking up and keying a new Mac on every request. */
    private Mac newMac() throws NoSuchAlgorithmException, InvalidKeyException {
        Mac prototype = macPrototype;
        if (prototype == null) {
            prototype = keyedMac();
            macPrototype = prototype;
        }
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            return keyedMac();
        }
    }

    private Mac keyedMac() throws NoSuchAlgorithmException, InvalidKeyException {
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
        return hmac;
    }

    private byte[] mac(String principal, String presented) {
        try {
            Mac hmac = newMac();
            hmac.update(principal.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(presented.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private record CachedCredential(String storedHash, byte[] mac) {
    }
}
