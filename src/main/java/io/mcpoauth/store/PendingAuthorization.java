package io.mcpoauth.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A validated authorization request waiting for the user to log in (and, later, consent), kept
 * server-side so that the browser cannot alter it. Keyed by the hash of an unguessable id.
 */
public record PendingAuthorization(
        String idHash,
        String clientId,
        String redirectUri,
        String scope,
        List<String> resources,
        String state,
        String codeChallenge,
        Instant expiresAt) {

    public PendingAuthorization {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(scope, "scope");
        resources = List.copyOf(resources);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(codeChallenge, "codeChallenge");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
