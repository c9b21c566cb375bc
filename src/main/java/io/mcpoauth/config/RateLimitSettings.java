package io.mcpoauth.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Rate limits ({@code mcp.oauth.rate-limit.*}), counted per window.
 *
 * @param enabled                 {@code .enabled} (default true)
 * @param window                  {@code .window} (default 1m)
 * @param perClient               {@code .per-client}: token, revocation and introspection requests per client (default 1200)
 * @param perAddress              {@code .per-address}: the same per remote address (default 2400)
 * @param registrationsPerAddress {@code .registrations-per-address} (default 20)
 * @param authFailuresPerClient   {@code .auth-failures-per-client}: failed client authentications before the client id is locked for the window (default 10)
 * @param authFailuresPerAddress  {@code .auth-failures-per-address} (default 30)
 */
public record RateLimitSettings(boolean enabled, Duration window, int perClient, int perAddress,
        int registrationsPerAddress, int authFailuresPerClient, int authFailuresPerAddress) {

    public RateLimitSettings {
        Objects.requireNonNull(window, "window");
    }

    static RateLimitSettings load(ConfigSource c) {
        String p = "mcp.oauth.rate-limit.";
        return new RateLimitSettings(
                c.bool(p + "enabled", true),
                Durations.parse(p + "window", c.get(p + "window", "1m")),
                positive(c, p + "per-client", "1200"),
                positive(c, p + "per-address", "2400"),
                positive(c, p + "registrations-per-address", "20"),
                positive(c, p + "auth-failures-per-client", "10"),
                positive(c, p + "auth-failures-per-address", "30"));
    }

    private static int positive(ConfigSource c, String key, String defaultValue) {
        return c.integer(key, Integer.parseInt(defaultValue), 1, Integer.MAX_VALUE);
    }
}
