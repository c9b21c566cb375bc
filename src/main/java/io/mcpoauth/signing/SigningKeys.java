package io.mcpoauth.signing;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Instant;
import java.util.List;

/**
 * The server's signing keys over time. At any instant one key signs, and the published set holds its public
 * part, the next key's once it is due to be published (so resource servers know it before it signs), and every
 * earlier key whose tokens may still be live. Implementations are safe across threads and answer from memory,
 * refreshed now and then, so that issuing a token never waits on storage.
 */
public interface SigningKeys {

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
