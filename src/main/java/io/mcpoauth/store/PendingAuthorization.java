package io.mcpoauth.store;

import io.mcpoauth.lang.Require;
import io.mcpoauth.protocol.Scope;
import java.time.Instant;
import java.util.List;

/**
 * A validated authorization request waiting for the user to log in or to consent, kept server-side so that
 * the browser cannot alter it. Keyed by the hash of an unguessable id.
 *
 * @param subject  the authenticated user, or empty while the user has not logged in
 * @param csrfHash hash of the token the consent form must carry back, or empty before the consent page
 * @param attributes what the gateway said about the user; {@link SubjectAttributes#NONE} before login
 */
public record PendingAuthorization(
        String idHash,
        String clientId,
        String redirectUri,
        Scope scope,
        List<String> resources,
        String state,
        String codeChallenge,
        Instant expiresAt,
        String subject,
        String csrfHash,
        SubjectAttributes attributes) {

    public PendingAuthorization {
        Require.nonNull("idHash, clientId, redirectUri, scope, state, codeChallenge, expiresAt, subject, csrfHash,"
                + " attributes",
                idHash, clientId, redirectUri, scope, state, codeChallenge, expiresAt, subject, csrfHash, attributes);
        resources = List.copyOf(resources);
    }

    /** A request whose user has no attributes. */
    public PendingAuthorization(String idHash, String clientId, String redirectUri, Scope scope,
            List<String> resources, String state, String codeChallenge, Instant expiresAt, String subject,
            String csrfHash) {
        this(idHash, clientId, redirectUri, scope, resources, state, codeChallenge, expiresAt, subject, csrfHash,
                SubjectAttributes.NONE);
    }

    /** A request waiting for the user to log in. */
    public PendingAuthorization(String idHash, String clientId, String redirectUri, Scope scope,
            List<String> resources, String state, String codeChallenge, Instant expiresAt) {
        this(idHash, clientId, redirectUri, scope, resources, state, codeChallenge, expiresAt, "", "");
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
