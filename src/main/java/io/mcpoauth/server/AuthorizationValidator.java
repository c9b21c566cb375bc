package io.mcpoauth.server;

import io.mcpoauth.protocol.GrantType;
import io.mcpoauth.protocol.OAuthError;
import io.mcpoauth.protocol.OAuthException;
import io.mcpoauth.protocol.Parameters;
import io.mcpoauth.protocol.RedirectUris;
import io.mcpoauth.protocol.Pkce;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.protocol.UserFacingException;
import io.mcpoauth.store.ClientRecord;
import java.util.List;
import java.util.Objects;

/**
 * Checks an authorization request (RFC 6749 4.1.1, OAuth 2.1 4.1.1). The client and redirect URI are
 * checked first: until both are known good, errors are shown to the user and never redirected
 * (RFC 6749 4.1.2.1), so that the endpoint cannot be used as an open redirector. Every later error is
 * redirected to a client the operator configured, and shown to the user for any other (RFC 9700 4.11.2).
 */
public final class AuthorizationValidator {

    private final ClientRegistry clients;
    private final ScopePolicy scopes;
    private final ResourcePolicy resources;

    public AuthorizationValidator(ClientRegistry clients, ScopePolicy scopes, ResourcePolicy resources) {
        this.clients = Objects.requireNonNull(clients, "clients");
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    ValidatedAuthorization validate(Parameters params) {
        if (params.isRepeated("client_id") || params.isRepeated("redirect_uri")) {
            throw userFacing("client_id and redirect_uri must not be repeated");
        }
        String clientId = params.single("client_id");
        if (clientId == null) {
            throw userFacing("client_id is required");
        }
        ClientRecord client = clients.find(clientId).orElseThrow(() -> userFacing("unknown client"));
        String redirectUri = redirectUri(client, params.single("redirect_uri"));
        String state = params.isRepeated("state") ? null : params.single("state");
        try {
            return validateRest(params, client, redirectUri, state);
        } catch (OAuthException e) {
            if (!clients.isConfigured(client.clientId())) {
                // RFC 9700 4.11.2: a client that registered itself (or published its own metadata document) chose
                // its redirect URI, so an error redirect before the user has seen anything would make this server
                // an open redirector to any URI anyone registers. The user gets the error page instead; errors
                // after the user saw the consent page naming the client and its host (access_denied) still go
                // back to the client.
                throw new UserFacingException(e);
            }
            throw new AuthorizationRedirectException(e.error(), e.description(), redirectUri, state);
        }
    }

    private ValidatedAuthorization validateRest(Parameters params, ClientRecord client, String redirectUri,
            String state) {
        params.single("state"); // a repeated state is invalid_request, redirected without a state
        String responseType = params.single("response_type");
        if (responseType == null) {
            throw OAuthException.invalidRequest("response_type is required");
        }
        if (!"code".equals(responseType)) {
            throw new OAuthException(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "only response_type=code is supported");
        }
        if (!client.grantTypes().contains(GrantType.AUTHORIZATION_CODE)) {
            throw OAuthException.unauthorizedClient("client may not use the authorization code grant");
        }
        String challenge = Pkce.requireS256Challenge(
                params.single("code_challenge"), params.single("code_challenge_method"));
        Scope scope = scopes.resolve(client, Scope.parse(params.single("scope")));
        List<String> audience = resources.resolve(params.all("resource"));
        return new ValidatedAuthorization(client, redirectUri, scope, audience, state, challenge);
    }

    /**
     * OAuth 2.1 2.3.2: the redirect URI may be omitted only when the client registered exactly one; a
     * request that names one must match a registered one.
     */
    private static String redirectUri(ClientRecord client, String requested) {
        if (requested == null) {
            if (client.redirectUris().size() == 1) {
                return client.redirectUris().get(0);
            }
            throw userFacing("redirect_uri is required");
        }
        if (!RedirectUris.matches(client.redirectUris(), requested)) {
            throw userFacing("redirect_uri is not registered for this client");
        }
        return requested;
    }

    /** RFC 6749 4.1.2.1: an error about the client or its redirect URI is the user's to see, never redirected. */
    private static UserFacingException userFacing(String description) {
        return new UserFacingException(OAuthError.INVALID_REQUEST, description);
    }
}
