package io.mcpoauth.server;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.mcpoauth.jose.TestKeys;
import io.mcpoauth.signing.SigningKey;
import io.mcpoauth.signing.SigningKeys;
import java.time.Instant;

/** One ES256 key made for the test, current at every instant and the only one published. */
final class OneSigningKey implements SigningKeys {

    private final SigningKey key;

    OneSigningKey(String kid) {
        this.key = SigningKey.of(kid, JWSAlgorithm.ES256, TestKeys.ec(kid));
    }

    /** The public key, to verify what the server signed. */
    ECKey publicKey() {
        return (ECKey) key.publicJwk();
    }

    @Override
    public SigningKey current(Instant now) {
        return key;
    }

    @Override
    public JWKSet published(Instant now) {
        return new JWKSet(key.publicJwk());
    }
}
