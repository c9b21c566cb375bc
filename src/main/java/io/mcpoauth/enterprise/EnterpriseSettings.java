package io.mcpoauth.enterprise;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Durations;
import io.mcpoauth.config.Lists;
import io.mcpoauth.lang.Require;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Enterprise-Managed Authorization ({@code mcp.oauth.enterprise.*}): off until identity providers are listed.
 *
 * @param providers   {@code mcp.oauth.enterprise.idps} lists the ids; each is read from
 *                    {@code mcp.oauth.enterprise.idp.<id>.*} ({@link IdentityProvider}); by issuer
 * @param clockSkew   {@code .clock-skew} (default 60s, at most 5m): tolerance on {@code exp} and {@code iat}
 * @param maxAge      {@code .max-grant-age} (default 10m, at most 1h): how old, by its {@code iat}, a grant may be
 * @param jwksTimeout {@code .jwks-timeout} (default 5s): connect and read limit of one key fetch
 */
public record EnterpriseSettings(Map<String, IdentityProvider> providers, Duration clockSkew, Duration maxAge,
        Duration jwksTimeout) {

    public static final String IDPS_KEY = "mcp.oauth.enterprise.idps";
    private static final String P = "mcp.oauth.enterprise.";

    public EnterpriseSettings {
        providers = Map.copyOf(providers);
        Require.nonNull("clockSkew, maxAge, jwksTimeout", clockSkew, maxAge, jwksTimeout);
    }

    public static EnterpriseSettings load(ConfigSource c) {
        Map<String, IdentityProvider> byIssuer = new LinkedHashMap<>();
        for (String id : Lists.split(c.get(IDPS_KEY, ""))) {
            IdentityProvider idp = IdentityProvider.load(c, id);
            IdentityProvider twin = byIssuer.put(idp.issuer(), idp);
            if (twin != null) {
                // The issuer picks the keys a grant is checked with: two entries for one would be ambiguous.
                throw new IllegalArgumentException(IDPS_KEY + ": " + twin.id() + " and " + id
                        + " have the same issuer " + idp.issuer());
            }
        }
        return new EnterpriseSettings(byIssuer,
                bounded(c, "clock-skew", "60s", Duration.ofMinutes(5)),
                bounded(c, "max-grant-age", "10m", Duration.ofHours(1)),
                bounded(c, "jwks-timeout", "5s", Duration.ofMinutes(1)));
    }

    public boolean enabled() {
        return !providers.isEmpty();
    }

    /** The provider whose issuer this is. */
    public Optional<IdentityProvider> byIssuer(String issuer) {
        return Optional.ofNullable(issuer).map(providers::get);
    }

    private static Duration bounded(ConfigSource c, String name, String defaultValue, Duration max) {
        Duration d = Durations.parse(P + name, c.get(P + name, defaultValue));
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(P + name + " must be at most " + max.toMinutes() + "m");
        }
        return d;
    }
}
