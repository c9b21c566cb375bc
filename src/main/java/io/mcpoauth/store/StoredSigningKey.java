package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import java.time.Instant;

/**
 * A signing key the server generated, as the storage keeps it. Its rotation slot is named by {@code signsFrom}:
 * one key per slot, whichever instance made it.
 *
 * @param signsFrom  when it starts to sign (it is published earlier); names its slot
 * @param kid        its key id
 * @param algorithm  the JWS algorithm it signs with ({@code ES256}, {@code RS256})
 * @param signsUntil when the next key takes over
 * @param expiresAt  when no token it signed can still be accepted: it is unpublished, and may be removed
 * @param sealedKey  the private JWK as the caller sealed it (encrypted, see {@code signing/KeySealer}); at most
 *                   {@link #MAX_SEALED_CHARS} characters
 */
public record StoredSigningKey(Instant signsFrom, String kid, String algorithm, Instant signsUntil,
        Instant expiresAt, String sealedKey) {

    /** Room for a sealed RSA 4096 private JWK, with some to spare. */
    public static final int MAX_SEALED_CHARS = 8192;

    public StoredSigningKey {
        Require.nonNull("signsFrom, kid, algorithm, signsUntil, expiresAt, sealedKey",
                signsFrom, kid, algorithm, signsUntil, expiresAt, sealedKey);
        if (kid.isEmpty() || kid.length() > 128 || algorithm.isEmpty() || algorithm.length() > 16) {
            throw new IllegalArgumentException("kid or algorithm out of bounds");
        }
        if (sealedKey.isEmpty() || sealedKey.length() > MAX_SEALED_CHARS) {
            throw new IllegalArgumentException("sealed key out of bounds");
        }
        if (!signsFrom.isBefore(signsUntil) || signsUntil.isAfter(expiresAt)) {
            throw new IllegalArgumentException("a signing key signs from, then until, then expires");
        }
    }

    /** Never the sealed key: a log has no use for it. */
    @Override
    public String toString() {
        return "StoredSigningKey[kid=" + kid + ", alg=" + algorithm + ", signsFrom=" + signsFrom + ", signsUntil="
                + signsUntil + ", expiresAt=" + expiresAt + "]";
    }
}
