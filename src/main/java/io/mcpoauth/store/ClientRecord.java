package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.ClientAuthMethod;
import io.mcpoauth.protocol.GrantType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered OAuth client.
 *
 * @param clientId      the public identifier
 * @param name          a human name shown to users
 * @param secretHash    bcrypt ({@code $2a$...}) or {@code sha256:} hash of the secret; empty for public clients
 * @param authMethod    how the client authenticates; {@link ClientAuthMethod#NONE} for a public client
 * @param redirectUris  registered redirect URIs, matched exactly (RFC 6749 3.1.2.3; RFC 8252 7.3 for loopback)
 * @param scopes        scopes the client may obtain; empty means any supported scope
 * @param grantTypes    grant types the client may use
 * @param createdAt     when the client was created
 * @param expiresAt     when a registered client that has not yet obtained a token is removed; null once it
 *                      has, and for clients that never expire
 */
public record ClientRecord(
        String clientId,
        String name,
        String secretHash,
        ClientAuthMethod authMethod,
        List<String> redirectUris,
        Set<String> scopes,
        Set<GrantType> grantTypes,
        Instant createdAt,
        Instant expiresAt,
        ClientKeys keys) {

    public ClientRecord {
        Require.nonNull("clientId, name, secretHash, authMethod, createdAt",
                clientId, name, secretHash, authMethod, createdAt);
        redirectUris = List.copyOf(redirectUris);
        scopes = Set.copyOf(scopes);
        grantTypes = Set.copyOf(grantTypes);
        keys = Objects.requireNonNullElse(keys, ClientKeys.NONE);
        if ((authMethod == ClientAuthMethod.PRIVATE_KEY_JWT) != keys.present()) {
            throw new IllegalArgumentException("a private_key_jwt client, and only one, has keys (jwks or jwksUri)");
        }
    }

    /** A client without keys: any method but {@link ClientAuthMethod#PRIVATE_KEY_JWT}. */
    public ClientRecord(String clientId, String name, String secretHash, ClientAuthMethod authMethod,
            List<String> redirectUris, Set<String> scopes, Set<GrantType> grantTypes, Instant createdAt,
            Instant expiresAt) {
        this(clientId, name, secretHash, authMethod, redirectUris, scopes, grantTypes, createdAt, expiresAt,
                ClientKeys.NONE);
    }

    /** A client that does not expire. */
    public ClientRecord(String clientId, String name, String secretHash, ClientAuthMethod authMethod,
            List<String> redirectUris, Set<String> scopes, Set<GrantType> grantTypes, Instant createdAt) {
        this(clientId, name, secretHash, authMethod, redirectUris, scopes, grantTypes, createdAt, null);
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** The same client, kept for good: it has used its registration. */
    public ClientRecord withoutExpiry() {
        return new ClientRecord(clientId, name, secretHash, authMethod, redirectUris, scopes, grantTypes, createdAt,
                null, keys);
    }

    public boolean isPublic() {
        return authMethod.isPublic();
    }
}
