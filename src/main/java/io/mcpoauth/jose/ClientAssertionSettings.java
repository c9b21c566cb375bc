package io.mcpoauth.jose;

import com.nimbusds.jose.JWSAlgorithm;
import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.lang.Require;
import java.time.Duration;
import java.util.Set;

/**
 * How {@code private_key_jwt} client assertions are checked ({@code mcp.oauth.client-assertion.*}).
 *
 * @param maxLifetime {@code .max-lifetime} (default 5m, at most 1h): how far ahead of now an assertion's
 *                    {@code exp} may be; its {@code jti} is kept that long
 * @param clockSkew   {@code .clock-skew} (default 60s, at most 5m): tolerance on {@code exp} and {@code iat}
 * @param algorithms  {@code .algorithms} (default {@code RS256,ES256}, asymmetric only): what registered and
 *                    metadata-document clients may sign with; a configured client has its own
 *                    ({@code mcp.oauth.client.<id>.algorithms}, the same default)
 * @param jwksTimeout {@code .jwks-timeout} (default 5s, at most 1m): connect and read limit of one fetch of a
 *                    configured client's {@code jwks-uri}
 */
public record ClientAssertionSettings(Duration maxLifetime, Duration clockSkew, Set<JWSAlgorithm> algorithms,
        Duration jwksTimeout) {

    /** The algorithms allowed when none are configured. */
    public static final String DEFAULT_ALGORITHMS = "RS256,ES256";
    private static final String P = "mcp.oauth.client-assertion.";

    public ClientAssertionSettings {
        Require.nonNull("maxLifetime, clockSkew, jwksTimeout", maxLifetime, clockSkew, jwksTimeout);
        algorithms = Set.copyOf(algorithms);
    }

    public static ClientAssertionSettings load(ConfigSource c) {
        return new ClientAssertionSettings(
                bounded(c, "max-lifetime", "5m", Duration.ofHours(1)),
                bounded(c, "clock-skew", "60s", Duration.ofMinutes(5)),
                JwkSets.asymmetric(P + "algorithms", c.get(P + "algorithms", DEFAULT_ALGORITHMS)),
                bounded(c, "jwks-timeout", "5s", Duration.ofMinutes(1)));
    }

    private static Duration bounded(ConfigSource c, String name, String defaultValue, Duration max) {
        Duration d = Durations.parse(P + name, c.get(P + name, defaultValue));
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(P + name + " must be at most " + max.toSeconds() + "s");
        }
        return d;
    }
}
