package io.mcpoauth.server;

import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What clients that named themselves may do: those registered at {@code /register} (RFC 7591) and those of Client
 * ID Metadata Documents. Anyone can be such a client, so by default they get only the grants a user approves
 * ({@code authorization_code}, {@code refresh_token}), within a scope ceiling of their own
 * ({@code mcp.oauth.registration.*}). The rules hold when registering and again each time the client is used, so
 * a client registered under a wider configuration loses what the current one no longer allows.
 */
public final class RegisteredClientPolicy {

    private final Set<GrantType> grantTypes;
    /** Empty means no ceiling beyond the supported scopes (and those being empty, any scope). */
    private final Set<String> ceiling;

    public RegisteredClientPolicy(RegistrationSettings settings, Set<String> supportedScopes) {
        Objects.requireNonNull(settings, "settings");
        this.grantTypes = Set.copyOf(settings.grantTypes());
        this.ceiling = Set.copyOf(settings.scopes().isEmpty() ? supportedScopes : settings.scopes());
    }

    /**
     * The scopes to register for the metadata: those asked for, or the whole ceiling when none were.
     *
     * @throws OAuthException {@code invalid_client_metadata} (RFC 7591 3.2.2) for a grant type or scope beyond
     *                        what registered clients may have
     */
    Set<String> admit(ClientMetadata md) {
        if (!grantTypes.containsAll(md.grantTypes())) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA,
                    "grant_types may only list " + String.join(", ", GrantType.sortedValues(grantTypes)));
        }
        if (!ceiling.isEmpty() && !ceiling.containsAll(md.scope().values())) {
            throw new OAuthException(OAuthError.INVALID_CLIENT_METADATA, "scope lists scopes not available to "
                    + "registered clients");
        }
        return md.scope().isEmpty() ? ceiling : md.scope().values();
    }

    /**
     * The client as the current configuration lets it act: its grant types cut to the allowed ones, its scopes
     * to the ceiling (an empty set, "any scope", becomes the ceiling). A client left with none of its scopes
     * keeps no grant type either: an empty scope set would read as "any".
     */
    ClientRecord limit(ClientRecord client) {
        Set<GrantType> grants = client.grantTypes().isEmpty() ? EnumSet.noneOf(GrantType.class)
                : EnumSet.copyOf(client.grantTypes());
        grants.retainAll(grantTypes);
        Set<String> scopes = new LinkedHashSet<>(client.scopes().isEmpty() ? ceiling : client.scopes());
        if (!ceiling.isEmpty()) {
            scopes.retainAll(ceiling);
            if (scopes.isEmpty()) {
                grants.clear();
            }
        }
        if (grants.equals(client.grantTypes()) && scopes.equals(client.scopes())) {
            return client;
        }
        return new ClientRecord(client.clientId(), client.name(), client.secretHash(), client.authMethod(),
                client.redirectUris(), scopes, grants, client.createdAt(), client.expiresAt(), client.keys());
    }
}
