package io.mcpoauth.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals a generated private key for the storage: AES-256-GCM under the operator's key-encryption key, a random
 * 96-bit nonce per seal (NIST SP 800-38D 8.2.2; a few keys a year stay far below its limit), and the key's kid and
 * slot as associated data, so a sealed key copied into another row does not open. Stored as
 * {@code A256GCM.<nonce>.<ciphertext and tag>} (base64url). Without a key-encryption key (the memory backend,
 * whose keys never leave the process) keys are kept as {@code plain.<json>}, and only such keys open.
 */
final class KeySealer {

    private static final String SEALED = "A256GCM.";
    private static final String PLAIN = "plain.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final Optional<SecretKey> kek;
    private final List<SecretKey> previous;
    private final SecureRandom random = new SecureRandom();

    KeySealer(Optional<SecretKey> kek) {
        this(kek, List.of());
    }

    /** @param previous earlier key-encryption keys, tried after {@code kek} when opening, never used to seal */
    KeySealer(Optional<SecretKey> kek, List<SecretKey> previous) {
        this.kek = Objects.requireNonNull(kek, "kek");
        this.previous = List.copyOf(previous);
        if (kek.isEmpty() && !this.previous.isEmpty()) {
            throw new IllegalArgumentException("previous key-encryption keys need a current one");
        }
    }

    String seal(String kid, long slot, String jwkJson) {
        byte[] plain = jwkJson.getBytes(StandardCharsets.UTF_8);
        if (kek.isEmpty()) {
            return PLAIN + B64.encodeToString(plain);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, kek.orElseThrow(), nonce, kid, slot);
            return SEALED + B64.encodeToString(nonce) + "." + B64.encodeToString(c.doFinal(plain));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable", e);
        }
    }

    /**
     * @throws IllegalStateException naming {@link SigningSettings#KEK_KEY} when the key was sealed under another
     *                               key-encryption key (or none), or was altered
     */
    String open(String kid, long slot, String sealed) {
        try {
            if (kek.isEmpty()) {
                if (!sealed.startsWith(PLAIN)) {
                    throw new IllegalStateException("signing key " + kid + " is encrypted and "
                            + SigningSettings.KEK_KEY + " is not set");
                }
                return new String(UNB64.decode(sealed.substring(PLAIN.length())), StandardCharsets.UTF_8);
            }
            int dot = sealed.indexOf('.', SEALED.length());
            if (!sealed.startsWith(SEALED) || dot < 0) {
                throw new IllegalStateException("signing key " + kid + " is not sealed with "
                        + SigningSettings.KEK_KEY);
            }
            byte[] nonce = UNB64.decode(sealed.substring(SEALED.length(), dot));
            byte[] ciphertext = UNB64.decode(sealed.substring(dot + 1));
            List<SecretKey> keys = new ArrayList<>(List.of(kek.orElseThrow()));
            keys.addAll(previous);
            for (SecretKey k : keys) {
                try {
                    Cipher c = cipher(Cipher.DECRYPT_MODE, k, nonce, kid, slot);
                    return new String(c.doFinal(ciphertext), StandardCharsets.UTF_8);
                } catch (AEADBadTagException e) {
                    // Sealed under another key-encryption key (or altered): try the next one.
                }
            }
            throw new AEADBadTagException();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("signing key " + kid + " does not open with " + SigningSettings.KEK_KEY
                    + " (was it changed?)");
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String kid, long slot)
            throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        byte[] id = kid.getBytes(StandardCharsets.UTF_8);
        c.updateAAD(ByteBuffer.allocate(4 + id.length + 8).putInt(id.length).put(id).putLong(slot).array());
        return c;
    }
}
