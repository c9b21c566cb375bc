package io.mcpoauth.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Dynamic client registration (RFC 7591).
 *
 * @param enabled            {@code mcp.oauth.registration.enabled} (default true)
 * @param initialAccessToken {@code mcp.oauth.registration.initial-access-token}: when not empty, registering
 *                           requires it as a bearer token (RFC 7591 3)
 * @param maxClients         {@code mcp.oauth.registration.max-clients}: a cap on registered clients
 * @param unusedClientTtl    {@code mcp.oauth.registration.unused-client-ttl}: a registered client that has not
 *                           obtained a token within this time is removed
 */
public record RegistrationSettings(boolean enabled, String initialAccessToken, long maxClients,
        Duration unusedClientTtl) {

    public RegistrationSettings {
        Objects.requireNonNull(initialAccessToken, "initialAccessToken");
        Objects.requireNonNull(unusedClientTtl, "unusedClientTtl");
    }

    static RegistrationSettings load(ConfigSource c) {
        long max = c.number("mcp.oauth.registration.max-clients", 10_000, 1, Long.MAX_VALUE);
        return new RegistrationSettings(
                c.bool("mcp.oauth.registration.enabled", true),
                c.get("mcp.oauth.registration.initial-access-token", ""),
                max,
                Durations.parse("mcp.oauth.registration.unused-client-ttl",
                        c.get("mcp.oauth.registration.unused-client-ttl", "24h")));
    }
}
