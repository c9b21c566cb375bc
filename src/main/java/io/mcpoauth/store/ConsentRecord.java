package io.mcpoauth.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A user's remembered consent for a client: the scopes and resources approved, so the consent page is not
 * shown again for a request within them. One record per (subject, client); approving more widens it.
 *
 * @param subject   the user
 * @param clientId  the client
 * @param scopes    approved scopes
 * @param resources approved resource indicators
 * @param grantedAt when last approved
 * @param expiresAt when the user is asked again
 */
public record ConsentRecord(String subject, String clientId, Set<String> scopes, List<String> resources,
        Instant grantedAt, Instant expiresAt) {

    public ConsentRecord {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        scopes = Set.copyOf(scopes);
        resources = List.copyOf(resources);
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** True when this consent already covers a request for these scopes and resources. */
    public boolean covers(Set<String> requestedScopes, List<String> requestedResources) {
        return scopes.containsAll(requestedScopes) && resources.containsAll(requestedResources);
    }
}
