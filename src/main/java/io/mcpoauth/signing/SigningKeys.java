package io.mcpoauth.signing;

import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.store.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The server's signing keys over time. At any instant one key signs, and the published set holds its public
 * part, the next key's once it is due to be published (so resource servers know it before it signs), and every
 * earlier key whose tokens may still be live. Implementations are safe across threads and answer from memory,
 * refreshed now and then, so that issuing a token never waits on storage.
 */
public interface SigningKeys {

    /** The storage whose keys never leave the process, so need no key-encryption key. */
    String MEMORY = "memory";

    /**
     * The key that signs at {@code now}.
     *
     * @throws IllegalStateException when there are no signing keys (JWT access tokens are off)
     */
    SigningKey current(Instant now);

    /** The public keys resource servers should accept at {@code now}, each with its kid; never a private part. */
    JWKSet published(Instant now);

    /** {@link #published} as the JSON of {@code /jwks} (RFC 7517 5). */
    default String jwksJson(Instant now) {
        return published(now).toString(true);
    }

    /**
     * The keys the settings describe: none when the server signs nothing; the provided ones; else keys generated
     * and rotated in the storage, sealed with the key-encryption key (which only the memory storage may go
     * without).
     *
     * @param longestTokenLifetime the longest life of a token the keys sign: a retired key stays published that
     *                             long, plus the clock skew, after it stopped signing
     * @throws IllegalArgumentException naming {@link SigningSettings#KEK_KEY} when generated keys would be kept
     *                                  unencrypted outside this process
     */
    static SigningKeys of(SigningSettings settings, Storage storage, Duration longestTokenLifetime) {
        if (!settings.enabled()) {
            return none();
        }
        if (!settings.generated()) {
            return new FixedSigningKeys(settings.currentKey(), settings.provided());
        }
        if (settings.keyEncryptionKey().isEmpty() && !MEMORY.equals(storage.name())) {
            throw new IllegalArgumentException(SigningSettings.KEK_KEY + " must be set: signing keys are generated "
                    + "(no " + SigningSettings.KEYS_KEY + ") and kept in the " + storage.name() + " storage, "
                    + "encrypted with it (give 32 random bytes in base64, e.g. openssl rand -base64 32)");
        }
        KeySealer sealer = new KeySealer(settings.keyEncryptionKey(), settings.previousKeyEncryptionKeys());
        Rotation rotation = new Rotation(settings.rotationInterval(), settings.publishAhead(),
                longestTokenLifetime.plus(settings.clockSkew()));
        return new RotatingSigningKeys(storage.signingKeys(), sealer, settings.algorithm(), rotation);
    }

    /** No signing keys: nothing published, nothing signs. What the server runs with when JWTs are off. */
    static SigningKeys none() {
        return new SigningKeys() {
            @Override
            public SigningKey current(Instant now) {
                throw new IllegalStateException("no signing keys: JWT access tokens are not enabled");
            }

            @Override
            public JWKSet published(Instant now) {
                return new JWKSet(List.of());
            }
        };
    }
}
