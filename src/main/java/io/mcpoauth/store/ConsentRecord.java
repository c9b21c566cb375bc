package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A user's remembered consent for a client: the scopes, resources and redirect URIs approved, so the consent page
 * is not shown again for a request within them. One record per (subject, client); approving more widens it.
 *
 * @param subject      the user
 * @param clientId     the client
 * @param scopes       approved scopes
 * @param resources    approved resource indicators; empty when the user approved a request naming none, whose
 *                     tokens carry no audience and so are good at any resource
 * @param redirectUris the redirect URIs the user approved the client for, most recent last; a record from before
 *                     they were kept has none, and covers no request of a public client
 * @param grantedAt    when last approved
 * @param expiresAt    when the user is asked again
 */
public record ConsentRecord(String subject, String clientId, Set<String> scopes, List<String> resources,
        List<String> redirectUris, Instant grantedAt, Instant expiresAt) {

    /** The redirect URIs kept: loopback ports change from run to run, and each new one is remembered. */
    public static final int MAX_REDIRECT_URIS = 10;

    public ConsentRecord {
        Require.nonNull("subject, clientId, grantedAt, expiresAt", subject, clientId, grantedAt, expiresAt);
        scopes = Set.copyOf(scopes);
        resources = List.copyOf(resources);
        redirectUris = List.copyOf(redirectUris);
        if (redirectUris.size() > MAX_REDIRECT_URIS) {
            throw new IllegalArgumentException("more than " + MAX_REDIRECT_URIS + " redirect URIs");
        }
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /**
     * True when this consent already covers a request for these scopes and resources. A request naming no
     * resource gets a token without an audience, good at every resource (RFC 8707 2): only a consent given
     * without resources covers it, never one given for particular resources.
     */
    public boolean covers(Set<String> requestedScopes, List<String> requestedResources) {
        if (!scopes.containsAll(requestedScopes)) {
            return false;
        }
        return resources.isEmpty() || !requestedResources.isEmpty() && resources.containsAll(requestedResources);
    }

    /** True when the user approved the client for this very redirect URI (compared exactly). */
    public boolean coversRedirectUri(String redirectUri) {
        return redirectUris.contains(redirectUri);
    }
}
