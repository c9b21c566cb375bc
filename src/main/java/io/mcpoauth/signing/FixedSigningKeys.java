package io.mcpoauth.signing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Keys the operator provides: one signs, all are published. Rotation is by configuration: add a new key (it is
 * published), later make it current, later remove the old one once no token it signed can still be live.
 */
public final class FixedSigningKeys implements SigningKeys {

    private final SigningKey current;
    private final JWKSet published;
    private final String json;

    /** @param keys every key to publish, {@code current} among them */
    public FixedSigningKeys(SigningKey current, List<SigningKey> keys) {
        Objects.requireNonNull(current, "current");
        Set<String> kids = new HashSet<>();
        for (SigningKey k : keys) {
            if (!kids.add(k.kid())) {
                throw new IllegalArgumentException("signing key " + k.kid() + " is listed twice");
            }
        }
        if (!keys.contains(current)) {
            throw new IllegalArgumentException("the current signing key " + current.kid() + " is not among the keys");
        }
        this.current = current;
        List<JWK> publicKeys = keys.stream().map(SigningKey::publicJwk).toList();
        this.published = new JWKSet(publicKeys);
        this.json = published.toString(true);
    }

    @Override
    public SigningKey current(Instant now) {
        return current;
    }

    @Override
    public JWKSet published(Instant now) {
        return published;
    }

    @Override
    public String jwksJson(Instant now) {
        return json;
    }
}
