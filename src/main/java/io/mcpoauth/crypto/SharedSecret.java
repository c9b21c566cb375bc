package io.mcpoauth.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret from configuration that requests must present (an initial access token, an admin token, a
 * gateway's shared header). Both sides are hashed before the constant-time comparison, so neither the
 * content nor the length leaks through timing.
 */
public final class SharedSecret {

    private final boolean configured;
    private final byte[] digest;

    /** @param configured the secret, or empty when none is configured */
    public SharedSecret(String configured) {
        Objects.requireNonNull(configured, "configured");
        this.configured = !configured.isEmpty();
        this.digest = Tokens.sha256(configured.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isConfigured() {
        return configured;
    }

    /** False when none is configured, or the presented value is absent or wrong. */
    public boolean matches(String presented) {
        return configured && presented != null
                && MessageDigest.isEqual(digest, Tokens.sha256(presented.getBytes(StandardCharsets.UTF_8)));
    }
}
