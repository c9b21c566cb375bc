package io.mcpoauth.server;

import io.mcpoauth.config.ConfigSource;
import io.mcpoauth.config.Setting;
import io.mcpoauth.config.Lists;
import io.mcpoauth.config.Durations;

import io.mcpoauth.protocol.GrantType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Dynamic client registration (RFC 7591), and what clients that named themselves (registered ones and those of
 * Client ID Metadata Documents) may obtain. Anyone can register, so the defaults give them only grants a user
 * approves on the consent page.
 *
 * @param enabled            {@code mcp.oauth.registration.enabled} (default true)
 * @param initialAccessToken {@code mcp.oauth.registration.initial-access-token}: when not empty, registering
 *                           requires it as a bearer token (RFC 7591 3)
 * @param maxClients         {@code mcp.oauth.registration.max-clients}: a cap on registered clients
 * @param unusedClientTtl    {@code mcp.oauth.registration.unused-client-ttl}: a registered client that has not
 *                           obtained a token within this time is removed
 * @param grantTypes         {@code mcp.oauth.registration.grant-types} (default {@code authorization_code,
 *                           refresh_token}): the grant types a registered client may ask for and use; machine
 *                           tokens ({@code client_credentials}) only when the operator lists them, and then
 *                           {@code mcp.oauth.registration.scopes} and {@code mcp.oauth.resources} must be set
 * @param scopes             {@code mcp.oauth.registration.scopes}: the scopes registered and metadata-document
 *                           clients may obtain at most; empty (the default) means those of {@code mcp.oauth.scopes}
 */
public record RegistrationSettings(boolean enabled, String initialAccessToken, long maxClients,
        Duration unusedClientTtl, Set<GrantType> grantTypes, Set<String> scopes) {

    public static final String GRANT_TYPES_KEY = "mcp.oauth.registration.grant-types";
    public static final String SCOPES_KEY = "mcp.oauth.registration.scopes";

    public RegistrationSettings {
        Objects.requireNonNull(initialAccessToken, "initialAccessToken");
        Objects.requireNonNull(unusedClientTtl, "unusedClientTtl");
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
    }

    static RegistrationSettings load(ConfigSource c) {
        long max = c.number("mcp.oauth.registration.max-clients", 10_000, 1, Long.MAX_VALUE);
        Set<GrantType> grants = grantTypes(c, GRANT_TYPES_KEY);
        return new RegistrationSettings(
                c.bool("mcp.oauth.registration.enabled", true),
                c.get("mcp.oauth.registration.initial-access-token", ""),
                max,
                Durations.parse("mcp.oauth.registration.unused-client-ttl",
                        c.get("mcp.oauth.registration.unused-client-ttl", "24h")),
                grants,
                new LinkedHashSet<>(Lists.split(c.get(SCOPES_KEY, ""))));
    }

    /**
     * The grant types a setting lists, {@code authorization_code,refresh_token} when it is absent.
     *
     * @throws IllegalArgumentException naming the key, for a grant type this server does not know
     */
    static Set<GrantType> grantTypes(ConfigSource c, String key) {
        Set<GrantType> grants = EnumSet.noneOf(GrantType.class);
        for (String grant : Lists.split(c.get(key, "authorization_code,refresh_token"))) {
            grants.add(GrantType.parse(grant).orElseThrow(() -> new IllegalArgumentException(key
                    + ": unknown grant type " + Setting.quote(grant) + "; known are " + GrantType.known())));
        }
        return grants;
    }

    /** Whether registered clients may ask for machine tokens: only when the operator listed the grant. */
    public boolean allowsClientCredentials() {
        return grantTypes.contains(GrantType.CLIENT_CREDENTIALS);
    }
}
