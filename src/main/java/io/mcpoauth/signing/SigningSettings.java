package io.mcpoauth.signing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.config.Lists;
import io.mcpoauth.config.Setting;
import io.mcpoauth.lang.Require;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The server's signing keys ({@code mcp.oauth.jwt.*}): provided by the operator, or generated and rotated in the
 * storage. Read once, strictly; every error names its key. Provided private keys are held in memory only.
 *
 * @param enabled          whether the server signs at all: keys are provided, or JWT access tokens are on
 * @param algorithm        {@code .algorithm}: {@code ES256} (default) or {@code RS256}; {@code EdDSA} is refused
 *                         (signing it needs a library this server does not ship)
 * @param provided         the keys of {@code .keys}, in their order; empty when keys are generated
 * @param currentKid       {@code .current-key}: the provided key that signs (default: the only one); empty when
 *                         keys are generated
 * @param keyEncryptionKey {@code .key-encryption-key}: base64 of 32 bytes, the AES-256-GCM key that seals
 *                         generated private keys in the storage; required there unless the storage is memory
 * @param previousKeyEncryptionKeys {@code .previous-key-encryption-keys}: earlier key-encryption keys, which
 *                         still open the keys they sealed (to change the key-encryption key without a restart of
 *                         the key rotation); new keys are sealed with {@code .key-encryption-key} only
 * @param rotationInterval {@code .rotation-interval} (default 30d, at least 1h): how long a generated key signs
 * @param publishAhead     {@code .publish-ahead} (default 1h, at least twice the {@code /jwks} cache age): how
 *                         long before it signs a generated key is published
 * @param clockSkew        {@code .clock-skew} (default 5m, at most 1h): how much later than its tokens' expiry a
 *                         resource server may still accept them; a retired key stays published that much longer
 */
public record SigningSettings(boolean enabled, JWSAlgorithm algorithm, List<SigningKey> provided, String currentKid,
        Optional<SecretKey> keyEncryptionKey, List<SecretKey> previousKeyEncryptionKeys, Duration rotationInterval, Duration publishAhead, Duration clockSkew) {

    public static final String P = "mcp.oauth.jwt.";
    public static final String ALGORITHM_KEY = P + "algorithm";
    public static final String KEYS_KEY = P + "keys";
    public static final String CURRENT_KEY = P + "current-key";
    public static final String KEYSTORE_KEY = P + "keystore";
    public static final String KEYSTORE_PASSWORD_KEY = P + "keystore-password";
    public static final String KEK_KEY = P + "key-encryption-key";
    public static final String PREVIOUS_KEKS_KEY = P + "previous-key-encryption-keys";
    public static final String ROTATION_KEY = P + "rotation-interval";
    public static final String PUBLISH_AHEAD_KEY = P + "publish-ahead";
    public static final String CLOCK_SKEW_KEY = P + "clock-skew";
    /** How long a resource server, or a cache between, may keep {@code /jwks} ({@code Cache-Control: max-age}). */
    public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(5);

    public SigningSettings {
        Require.nonNull("algorithm, currentKid, keyEncryptionKey, rotationInterval, publishAhead, clockSkew",
                algorithm, currentKid, keyEncryptionKey, rotationInterval, publishAhead, clockSkew);
        provided = List.copyOf(provided);
        previousKeyEncryptionKeys = List.copyOf(previousKeyEncryptionKeys);
    }

    /** Never the key-encryption key (a {@code SecretKeySpec}'s hash code is computed from its bytes). */
    @Override
    public String toString() {
        return "SigningSettings[enabled=" + enabled + ", algorithm=" + algorithm + ", provided=" + provided
                + ", currentKid=" + currentKid + ", keyEncryptionKey=" + (keyEncryptionKey.isPresent() ? "set" : "none")
                + ", previousKeyEncryptionKeys=" + previousKeyEncryptionKeys.size()
                + ", rotationInterval=" + rotationInterval + ", publishAhead=" + publishAhead + ", clockSkew="
                + clockSkew + "]";
    }

    /** Whether the keys are generated and rotated by the server (enabled, and none provided). */
    public boolean generated() {
        return enabled && provided.isEmpty();
    }

    /** The provided key that signs. @throws IllegalStateException when keys are generated or off */
    public SigningKey currentKey() {
        return provided.stream().filter(k -> k.kid().equals(currentKid)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no provided signing keys"));
    }

    /**
     * @param jwtAccessTokens whether access tokens are issued as JWTs: then keys are generated when none are
     *                        provided; else the server signs only when keys are provided
     */
    public static SigningSettings load(ConfigSource c, boolean jwtAccessTokens) {
        JWSAlgorithm algorithm = algorithm(c.get(ALGORITHM_KEY, "ES256"));
        List<SigningKey> keys = provided(c, algorithm);
        String current = "";
        if (!keys.isEmpty()) {
            current = c.nonBlank(CURRENT_KEY).orElse(keys.size() == 1 ? keys.get(0).kid() : "");
            if (current.isEmpty()) {
                throw new IllegalArgumentException(CURRENT_KEY + " must name the key that signs, one of " + KEYS_KEY);
            }
            String named = current;
            if (keys.stream().noneMatch(k -> k.kid().equals(named))) {
                throw new IllegalArgumentException(CURRENT_KEY + ": " + Setting.quote(current) + " is not listed in "
                        + KEYS_KEY);
            }
        } else if (c.nonBlank(CURRENT_KEY).isPresent()) {
            throw new IllegalArgumentException(CURRENT_KEY + " is set but " + KEYS_KEY + " lists no keys");
        }
        Duration rotation = Durations.parse(ROTATION_KEY, c.get(ROTATION_KEY, "30d"));
        Duration ahead = Durations.parse(PUBLISH_AHEAD_KEY, c.get(PUBLISH_AHEAD_KEY, "1h"));
        Duration skew = Durations.parse(CLOCK_SKEW_KEY, c.get(CLOCK_SKEW_KEY, "5m"));
        if (ahead.compareTo(JWKS_MAX_AGE.multipliedBy(2)) < 0) {
            // A resource server that fetched /jwks just before the key appeared must have fetched it again, and
            // every instance must have read it from the storage, before the key signs.
            throw new IllegalArgumentException(PUBLISH_AHEAD_KEY + " must be at least "
                    + JWKS_MAX_AGE.multipliedBy(2).toSeconds() + "s (twice the /jwks cache age)");
        }
        if (rotation.compareTo(Duration.ofHours(1)) < 0 || rotation.compareTo(ahead.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(ROTATION_KEY + " must be at least 1h and at least twice "
                    + PUBLISH_AHEAD_KEY);
        }
        if (skew.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException(CLOCK_SKEW_KEY + " must be at most 3600s");
        }
        Optional<SecretKey> kek = c.nonBlank(KEK_KEY).map(v -> aesKey(KEK_KEY, v));
        return new SigningSettings(jwtAccessTokens || !keys.isEmpty(), algorithm, keys, current,
                kek, previousKeyEncryptionKeys(c, kek), rotation, ahead, skew);
    }

    private static JWSAlgorithm algorithm(String value) {
        return switch (value) {
            case "ES256" -> JWSAlgorithm.ES256;
            case "RS256" -> JWSAlgorithm.RS256;
            case "EdDSA", "Ed25519" -> throw new IllegalArgumentException(ALGORITHM_KEY + ": " + value
                    + " is not supported (signing it needs Google Tink, which this server does not ship); "
                    + "use ES256 or RS256");
            default -> throw new IllegalArgumentException(ALGORITHM_KEY + ": must be ES256 or RS256, not "
                    + Setting.quote(value));
        };
    }

    private static List<SigningKey> provided(ConfigSource c, JWSAlgorithm algorithm) {
        List<String> kids = Lists.split(c.get(KEYS_KEY, ""));
        Optional<Keystore> keystore = c.nonBlank(KEYSTORE_KEY).map(path -> Keystore.open(KEYSTORE_KEY, path,
                c.get(KEYSTORE_PASSWORD_KEY, "")));
        if (keystore.isPresent() && kids.isEmpty()) {
            throw new IllegalArgumentException(KEYSTORE_KEY + " is set: then " + KEYS_KEY
                    + " must list the aliases of the keys to use");
        }
        List<SigningKey> keys = new ArrayList<>();
        for (String kid : kids) {
            if (!kid.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException(KEYS_KEY + ": " + Setting.quote(kid)
                        + " is not a key id (letters, digits, '.', '_', '-'; at most 64)");
            }
            if (keys.stream().anyMatch(k -> k.kid().equals(kid))) {
                throw new IllegalArgumentException(KEYS_KEY + " lists " + kid + " twice");
            }
            Optional<String> pem = pem(c, kid);
            String at = pem.isPresent() ? keyName(kid, c.nonBlank(keyName(kid, "pem")).isPresent() ? "pem" : "pem-file")
                    : KEYSTORE_KEY + " (alias " + kid + ")";
            JWK jwk = pem.map(p -> PemKeys.read(at, p))
                    .or(() -> keystore.map(k -> k.read(kid)))
                    .orElseThrow(() -> new IllegalArgumentException(KEYS_KEY + " lists " + kid + ": then "
                            + keyName(kid, "pem") + " or " + keyName(kid, "pem-file") + " must give its private key"
                            + (keystore.isPresent() ? " (" + KEYSTORE_KEY + " has no such alias)" : "")));
            try {
                keys.add(SigningKey.of(kid, algorithm, jwk));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage() + " (" + ALGORITHM_KEY + " is "
                        + algorithm.getName() + ")");
            }
        }
        return keys;
    }

    /** The PEM text of a key, inline or from a file; not both. */
    private static Optional<String> pem(ConfigSource c, String kid) {
        Optional<String> inline = c.nonBlank(keyName(kid, "pem"));
        Optional<String> file = c.nonBlank(keyName(kid, "pem-file"));
        if (inline.isPresent() && file.isPresent()) {
            throw new IllegalArgumentException(keyName(kid, "pem") + " and " + keyName(kid, "pem-file")
                    + " are both set; give one");
        }
        if (file.isPresent()) {
            try {
                return Optional.of(Files.readString(Path.of(file.get())));
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(keyName(kid, "pem-file") + ": cannot read " + file.get()
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        return inline;
    }

    public static String keyName(String kid, String suffix) {
        return P + "key." + kid + "." + suffix;
    }

    private static List<SecretKey> previousKeyEncryptionKeys(ConfigSource c, Optional<SecretKey> current) {
        List<String> values = Lists.split(c.get(PREVIOUS_KEKS_KEY, ""));
        if (!values.isEmpty() && current.isEmpty()) {
            throw new IllegalArgumentException(PREVIOUS_KEKS_KEY + " is set: then " + KEK_KEY
                    + " must give the key that seals new keys");
        }
        return values.stream().map(v -> aesKey(PREVIOUS_KEKS_KEY, v)).toList();
    }

    /** Base64 (or base64url) of 32 bytes, as {@code openssl rand -base64 32} writes them. */
    private static SecretKey aesKey(String key, String value) {
        byte[] bytes;
        try {
            boolean url = value.contains("-") || value.contains("_");
            bytes = (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": not base64 (give 32 random bytes, e.g. openssl rand "
                    + "-base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(key + ": must be 32 bytes (AES-256), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
