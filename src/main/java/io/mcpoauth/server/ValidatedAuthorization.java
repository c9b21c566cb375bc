package io.mcpoauth.server;

import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.Scope;
import io.mcpoauth.store.ClientRecord;
import java.util.List;

/**
 * An authorization request that passed every check and waits only for the user.
 *
 * @param client        the client
 * @param redirectUri   the redirect URI to answer to
 * @param scope         the scope to grant
 * @param resources     normalised resource indicators
 * @param state         the client's state, or null
 * @param codeChallenge PKCE S256 challenge
 */
public record ValidatedAuthorization(
        ClientRecord client,
        String redirectUri,
        Scope scope,
        List<String> resources,
        String state,
        String codeChallenge) {

    public ValidatedAuthorization {
        Require.nonNull("client, redirectUri, scope, codeChallenge", client, redirectUri, scope, codeChallenge);
        resources = List.copyOf(resources);
    }
}
