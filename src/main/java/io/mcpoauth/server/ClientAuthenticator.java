package io.mcpoauth.server;

import io.mcpoauth.crypto.SecretVerifier;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.store.ClientRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * Authenticates a client at the token endpoint. An unknown client and a wrong secret take the same path
 * (a full secret check against a dummy hash) and give the same {@code invalid_client} answer.
 */
public final class ClientAuthenticator {

    private final ClientRegistry clients;
    private final SecretVerifier verifier;

    public ClientAuthenticator(ClientRegistry clients, SecretVerifier verifier) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    public ClientRecord authenticate(ClientCredentials credentials) {
        Optional<ClientRecord> found = clients.find(credentials.clientId());
        if (credentials.secret() == null) {
            // A public client proves nothing but its id; a confidential one must present its secret.
            if (found.isPresent() && found.get().isPublic()) {
                return found.get();
            }
            throw OAuthException.invalidClient("client authentication failed");
        }
        String storedHash = found.filter(c -> !c.isPublic()).map(ClientRecord::secretHash).orElse("");
        if (!verifier.verify(credentials.clientId(), credentials.secret(), storedHash)) {
            throw OAuthException.invalidClient("client authentication failed");
        }
        // Either secret method is accepted for a confidential client (RFC 6749 2.3.1 allows both).
        return found.get();
    }
}
